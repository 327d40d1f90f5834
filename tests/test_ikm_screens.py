"""The kiosk survey screens through the Flask client: the three ways in, answers carried from
screen to screen, one save at the end, and every bad input a clear 4xx."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kiosk.extensions import db
from kiosk.models import IkmResponse, Ticket
from kiosk.queue.service import issue_ticket
from kiosk.reports.ikm.index import CODES
from kiosk.reports.ikm.steps import make_token
from kiosk.tracking import new_code


def _served(app, state: str = "done") -> Ticket:
    with app.app_context():
        ticket = issue_ticket("ktp-baru")
        ticket.state = state
        ticket.finished_at = ticket.issued_at + dt.timedelta(minutes=3)
        db.session.commit()
        db.session.refresh(ticket)
        db.session.expunge(ticket)
        return ticket


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page)[1]


def _answer_all(client, first_page: str, values=(3, 3, 2, 4, 3, 3, 4, 2, 3)) -> str:
    page, answers = first_page, {}
    for code, value in zip(CODES, values, strict=True):
        assert f'name="{code}" value="{value}"' in page  # this screen asks exactly this element
        response = client.post(
            "/survei/jawab", data={"token": _token(page), **answers, code: str(value)}
        )
        assert response.status_code == 200
        answers[code] = str(value)
        page = response.text
    assert 'data-screen="survey-about"' in page
    return page


def _rows(app):
    with app.app_context():
        return db.session.query(IkmResponse).all()


def test_the_offer_then_nine_taps_then_thanks_and_never_twice(app, client):
    ticket = _served(app)
    offer = client.get("/survei/tawaran")
    assert f'data-offer-number="{ticket.label}"' in offer.text
    first = client.get(f"/survei/nomor/{ticket.id}")
    about = _answer_all(client, first.text)
    data = {"token": _token(about), **dict(zip(CODES, "332433423", strict=True))}
    saved = client.post("/survei/simpan", data={**data, "sex": "P", "age_group": "30-39"})
    assert saved.status_code == 200 and "Terima kasih atas penilaian Anda." in saved.text
    (row,) = _rows(app)
    assert (row.ticket_id, row.u3, row.u4, row.sex, row.education) == (ticket.id, 2, 4, "P", None)
    assert ticket.label not in client.get("/survei/tawaran").text
    again = client.post("/survei/simpan", data=data)
    assert again.status_code == 409 and "Nomor ini sudah memberi nilai. Terima kasih." in again.text
    assert client.get(f"/survei/nomor/{ticket.id}").status_code == 409
    by_code = client.get("/survei/kode", query_string={"kode": ticket.tracking_code})
    assert by_code.status_code == 409 and "sudah memberi nilai" in by_code.text
    assert len(_rows(app)) == 1


def test_by_receipt_code_and_anonymous_with_back_and_skip(app, client):
    ticket = _served(app)
    first = client.get("/survei/kode", query_string={"kode": ticket.tracking_code.lower()})
    assert first.status_code == 200 and 'name="u1"' in first.text
    second = client.post("/survei/jawab", data={"token": _token(first.text), "u1": "4"})
    assert 'name="u2" value="1"' in second.text
    back = client.post(
        "/survei/jawab", data={"token": _token(first.text), "u1": "4", "kembali": "1"}
    )
    assert 'name="u1" value="1"' in back.text and 'type="hidden" name="u1"' not in back.text
    anonymous = client.get("/survei/tanpa-nomor")
    about = _answer_all(client, anonymous.text, values=(1, 2, 3, 4, 1, 2, 3, 4, 1))
    answers = dict(zip(CODES, "123412341", strict=True))
    saved = client.post(
        "/survei/simpan", data={"token": _token(about), **answers, "sex": "L", "lewati": "1"}
    )
    assert saved.status_code == 200
    (row,) = _rows(app)
    assert (row.ticket_id, row.service_id, row.sex, row.u9) == (None, None, None, 1)


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"u9": ""}, 422, "Jawaban belum lengkap"),
        ({"u5": "5"}, 422, "Jawaban belum lengkap"),
        ({"education": "phd"}, 422, "Jawaban belum lengkap"),
        ({"token": "forged"}, 400, "Survei ini sudah berakhir"),
    ],
)
def test_bad_input_is_a_clear_4xx(app, client, change, status, message):
    with app.test_request_context():
        token = make_token(None)
    data = {"token": token, **dict.fromkeys(CODES, "3"), **change}
    response = client.post("/survei/simpan", data=data)
    assert response.status_code == status and message in response.text
    assert _rows(app) == []


def test_tickets_that_may_not_rate(app, client):
    waiting = _served(app, state="waiting")
    refused = client.get(f"/survei/nomor/{waiting.id}")
    assert refused.status_code == 422 and "belum selesai dilayani" in refused.text
    assert client.get("/survei/nomor/999999").status_code == 404
    unknown = client.get("/survei/kode", query_string={"kode": "A-012"})
    assert unknown.status_code == 422 and "nomor antrean Anda, bukan kode berkas" in unknown.text
    stranger = client.get("/survei/kode", query_string={"kode": new_code()})
    assert stranger.status_code == 404 and "Kode ini tidak dikenal di kantor ini." in stranger.text
    gap = client.post(
        "/survei/jawab", data={"token": _token(client.get("/survei/tanpa-nomor").text), "u2": "3"}
    )
    assert gap.status_code == 422


def test_a_phone_gets_no_survey(app, phone):
    assert phone.get("/survei").status_code == 403
    assert phone.get("/survei/tawaran").status_code == 204
