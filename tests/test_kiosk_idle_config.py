"""The kiosk's idle countdown must fit inside its idle time: checked when the config loads."""

import pytest

from kiosk import create_app
from kiosk.config import ConfigError

BASE = {"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", "TESTING": True}


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("SATUPINTU_INSTANCE_PATH", str(tmp_path / "instance"))


@pytest.mark.parametrize("warning", [15, 20])
def test_a_countdown_as_long_as_the_idle_time_stops_start_up(warning):
    config = {**BASE, "KIOSK_IDLE_SECONDS": 15, "KIOSK_IDLE_WARNING_SECONDS": warning}
    with pytest.raises(ConfigError, match="IDLE_WARNING_SECONDS .* must be shorter than"):
        create_app(config)


def test_a_shorter_countdown_is_accepted():
    app = create_app({**BASE, "KIOSK_IDLE_SECONDS": 15, "KIOSK_IDLE_WARNING_SECONDS": 14})
    assert app.config["KIOSK_IDLE_WARNING_SECONDS"] == 14
