"""POST /csp-report: one WARNING line per violation, without personal data; bad bodies get a 4xx."""

from __future__ import annotations

import json
import logging

import pytest

NIK = "3201015708450002"
CSP_REPORT = {"Content-Type": "application/csp-report"}


@pytest.fixture
def app_config(app_config):
    """CSRF on, as in production: browsers send reports without a token."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


def report(**fields) -> str:
    """A report-uri body as Chromium sends it."""
    body = {
        "document-uri": "http://kiosk.test/",
        "referrer": "",
        "violated-directive": "style-src-elem",
        "effective-directive": "style-src-elem",
        "original-policy": "default-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "status-code": 200,
        **fields,
    }
    return json.dumps({"csp-report": body})


def violations(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "kiosk.csp_report"]


def test_report_is_logged_as_one_warning_line(client, caplog):
    caplog.set_level(logging.WARNING)
    response = client.post("/csp-report", data=report(), headers=CSP_REPORT)
    assert response.status_code == 204
    assert violations(caplog) == ["CSP violation: style-src-elem inline on queue.home"]
    assert caplog.records[-1].levelname == "WARNING"


def test_urls_are_cut_to_origin_and_route_so_no_personal_data_is_logged(client, caplog):
    caplog.set_level(logging.WARNING)
    body = report(
        **{
            "document-uri": f"http://kiosk.test/s/ABCD-EFGH-JKM?nik={NIK}",
            "effective-directive": "img-src",
            "blocked-uri": f"https://evil.example:8443/collect?nik={NIK}#Siti",
        }
    )
    assert client.post("/csp-report", data=body, headers=CSP_REPORT).status_code == 204
    assert violations(caplog) == ["CSP violation: img-src https://evil.example:8443 on status.page"]
    assert NIK not in caplog.text and "Siti" not in caplog.text


def test_reporting_api_format_is_understood(client, caplog):
    caplog.set_level(logging.WARNING)
    body = [
        {
            "type": "csp-violation",
            "url": "http://kiosk.test/loket",
            "body": {
                "documentURL": "http://kiosk.test/loket",
                "effectiveDirective": "script-src-elem",
                "blockedURL": "inline",
            },
        }
    ]
    response = client.post(
        "/csp-report", data=json.dumps(body), headers={"Content-Type": "application/reports+json"}
    )
    assert response.status_code == 204
    assert violations(caplog) == ["CSP violation: script-src-elem inline on counter.console"]


def test_odd_values_are_not_echoed(client, caplog):
    caplog.set_level(logging.WARNING)
    body = report(
        **{
            "effective-directive": "style-src\nFAKE log line",
            "blocked-uri": "http://[::1",
            "document-uri": "not a url",
        }
    )
    assert client.post("/csp-report", data=body, headers=CSP_REPORT).status_code == 204
    assert violations(caplog) == ["CSP violation: unknown unknown on unknown page"]


@pytest.mark.parametrize(
    "body",
    ["not json", "[" * 5000, json.dumps({"csp-report": "x"}), json.dumps(42)],
    ids=["garbage", "deep", "wrong-shape", "number"],
)
def test_a_body_that_is_not_a_report_is_a_400_in_indonesian(client, body, caplog):
    response = client.post("/csp-report", data=body, headers=CSP_REPORT)
    assert response.status_code == 400
    assert "Laporan CSP tidak dapat dibaca." in response.get_data(as_text=True)
    assert "Traceback" not in caplog.text


def test_a_large_body_is_refused(client, caplog):
    caplog.set_level(logging.WARNING)
    response = client.post("/csp-report", data=report(sample="x" * 9000), headers=CSP_REPORT)
    assert response.status_code == 413
    assert violations(caplog) == []


def test_one_client_cannot_flood_the_log(client):
    answers = [client.post("/csp-report", data=report(), headers=CSP_REPORT) for _ in range(61)]
    assert [a.status_code for a in answers].count(204) == 60
    assert answers[-1].status_code == 429
