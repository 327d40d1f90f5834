"""What a tablet pulls: the forms (ETag, 304) and its changes — the officer's assignments
(a household from the office's own data gets a record on the way) and the records it made,
page by page behind an opaque cursor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from staff_support import user
from sync_support import API, auth, enrolled, household, op_body, put_op

from kiosk import clock as real_clock
from kiosk.extensions import db
from kiosk.models import FieldAssignment, Household, Person
from kiosk.sync import changes as changes_module


def _changes(client, tablet, since: str | None = None):
    query = f"?since={since}" if since is not None else ""
    answer = client.get(f"{API}/sync/changes{query}", headers=auth(tablet))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_forms_are_served_with_an_etag_and_304_when_unchanged(app, client):
    tablet = enrolled(app, client)
    first = client.get(f"{API}/forms", headers=auth(tablet))
    assert first.status_code == 200
    document = first.get_json()
    assert {form["id"] for form in document["forms"]} >= {"household", "dtks_visit"}
    assert first.headers["ETag"] == f'"{document["etag"]}"'
    again = client.get(
        f"{API}/forms", headers=auth(tablet, **{"If-None-Match": first.headers["ETag"]})
    )
    assert again.status_code == 304 and again.data == b""
    assert _changes(client, tablet)["forms_etag"] == document["etag"]


def _assign(app, officer: str = "lapangan") -> str:
    """A household registered at the counter, assigned to the officer for this month."""
    with app.app_context():
        now = real_clock.now()
        home = Household(address="Jl. Melati 1", rt="002", rw="001", dusun="Krajan", created_at=now)
        head = Person(
            name="Budi Santoso",
            name_key="budi santoso",
            nik_absent="lupa",
            relation="kepala_keluarga",
            sex="L",
            birth_date=dt.date(1975, 3, 4),
            household=home,
            created_at=now,
        )
        db.session.add_all([home, head])
        db.session.flush()
        today = now.date()
        db.session.add(
            FieldAssignment(
                household_id=home.id,
                officer_id=user(officer).id,
                period_start=today,
                period_end=today + dt.timedelta(days=30),
                created_at=now,
                updated_at=now,
            )
        )
        db.session.commit()
        return home.uuid


def test_assignments_come_with_their_household_record(app, client):
    tablet = enrolled(app, client)
    home_uuid = _assign(app)
    pulled = _changes(client, tablet)
    (assignment,) = pulled["assignments"]
    assert assignment["household_id"] == home_uuid and assignment["done"] is False
    assert assignment["head_name"] == "Budi Santoso" and assignment["form"] == "dtks_visit"
    assert (assignment["dusun"], assignment["rt"], assignment["rw"]) == ("Krajan", "002", "001")
    (record,) = pulled["records"]
    assert record["record_id"] == home_uuid and record["version"] == 1
    assert record["fields"]["members"][0]["name"] == "Budi Santoso"
    assert record["fields"]["members"][0]["nik_status"] == "lupa"
    later = _changes(client, tablet, pulled["cursor"])
    assert later["records"] == [] and len(later["assignments"]) == 1
    edit = op_body({**record["fields"], "rt": "005"}, record_id=home_uuid, base=1)
    edited = put_op(client, tablet, edit)
    assert edited.get_json()["status"] == "applied", edited.get_json()
    changed = _changes(client, tablet, later["cursor"])
    assert [r["version"] for r in changed["records"]] == [2]
    with app.app_context():
        home = db.session.scalar(select(Household).where(Household.uuid == home_uuid))
        assert home.rt == "005"


def test_records_come_page_by_page_and_other_tablets_records_never(app, client, monkeypatch):
    monkeypatch.setattr(changes_module, "PAGE", 2)
    tablet = enrolled(app, client)
    other = enrolled(app, client, "Tablet dua", seeded=True)
    mine = [op_body(household()) for _ in range(5)]
    for body in mine:
        assert put_op(client, tablet, body).status_code == 201
    assert put_op(client, other, op_body(household())).status_code == 201
    seen, cursor, pages = [], None, 0
    while True:
        page = _changes(client, tablet, cursor)
        seen += [r["record_id"] for r in page["records"]]
        cursor, pages = page["cursor"], pages + 1
        if not page["more"]:
            break
    assert seen == [body["record_id"] for body in mine] and pages == 3
    for bad in ("x", "1", "1.x", "-1.2", "99999999999999999999.1"):
        answer = client.get(f"{API}/sync/changes?since={bad}", headers=auth(tablet))
        assert answer.status_code == 422, bad
