"""The test-only fault switch: absent unless SYNC_FAULTS is set; with it, a committed op whose
answer is lost is one record after the resend, a 500 stores nothing, and a photo upload broken
halfway leaves no bytes behind and succeeds when sent again."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sync_support import enrolled, household, jpeg, op_body, put_blob, put_op

from kiosk.extensions import db
from kiosk.models import Attachment, SyncRecord, SyncRecordVersion
from kiosk.sync.blobs import blob_path

FAULTS = "/__test__/faults"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_switch_does_not_exist_without_the_flag(app, client):
    assert not app.config["SYNC_FAULTS"]
    armed = client.post(FAULTS, json={"route": "ops", "mode": "http_500", "times": 1})
    assert armed.status_code == 404
    tablet = enrolled(app, client)
    assert put_op(client, tablet, op_body(household())).status_code == 201


def _arm(client, route: str, mode: str, times: int = 1) -> None:
    armed = client.post(FAULTS, json={"route": route, "mode": mode, "times": times})
    assert armed.status_code == 200, armed.get_json()


class TestWithTheSwitch:
    """SYNC_FAULTS set, as SATUPINTU_SYNC_FAULTS=1 does for the browser tests."""

    @pytest.fixture
    def app_config(self, app_config) -> dict:
        return {**app_config, "SYNC_FAULTS": True}

    def test_a_lost_answer_then_a_resend_makes_exactly_one_record(self, app, client):
        tablet = enrolled(app, client)
        body, op_id = op_body(household(2)), "5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f0"
        _arm(client, "ops", "commit_then_drop")
        lost = put_op(client, tablet, body, op_id)
        assert lost.status_code == 502 and lost.data == b""  # no socket under the test client
        assert _count(app, SyncRecord) == 1  # it was committed
        resent = put_op(client, tablet, body, op_id)
        assert resent.status_code == 200 and resent.get_json()["op_id"] == op_id
        assert _count(app, SyncRecord) == 1 and _count(app, SyncRecordVersion) == 1

    def test_a_500_stores_nothing_and_the_retry_applies(self, app, client):
        tablet = enrolled(app, client)
        body = op_body(household())
        _arm(client, "ops", "http_500", times=2)
        assert put_op(client, tablet, body).status_code == 500
        assert put_op(client, tablet, body).status_code == 500
        assert _count(app, SyncRecord) == 0
        assert put_op(client, tablet, body).status_code == 201

    def test_a_photo_broken_halfway_leaves_nothing_and_completes_when_resent(self, app, client):
        tablet = enrolled(app, client)
        data, sha256 = jpeg(3, size=4096)
        _arm(client, "blobs", "fail_halfway")
        assert put_blob(client, tablet, data, sha256).status_code == 502
        assert _count(app, Attachment) == 0
        with app.app_context():
            folder = blob_path(sha256).parent
            assert not folder.exists() or not any(folder.iterdir())
        assert put_blob(client, tablet, data, sha256).status_code == 201
        with app.app_context():
            assert blob_path(sha256).read_bytes() == data
