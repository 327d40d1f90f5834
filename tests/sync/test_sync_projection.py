"""Synced records become the office's own rows: a household and its people (a NIK already on
record links to that person), a field file with the tablet's tracking code that works on
/s/<code>, its photos attached when they arrive, a DTKS visit that closes its assignment.
Replays and merges update the same rows; a code already taken is quarantined, not lost."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from staff_support import user
from sync_support import (
    enrolled,
    household,
    jpeg,
    member,
    op_body,
    put_blob,
    put_op,
)

from kiosk import clock as real_clock
from kiosk.extensions import db
from kiosk.files import service as files_service
from kiosk.models import (
    AttachmentLink,
    CaseFile,
    FieldAssignment,
    Household,
    HouseholdVisit,
    Person,
    Service,
    SyncRecord,
)
from kiosk.tracking import new_code

NIK = "3201011708450001"  # a man born 17-08-1945


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _register(client, tablet, members: int = 3, **extra) -> dict:
    body = op_body(household(members, **extra))
    answer = put_op(client, tablet, body)
    assert answer.status_code == 201, answer.get_json()
    return body


def _request(home: dict, service_id: int, papers: list[str], photos=(), code=None) -> dict:
    fields = {
        "household": home["record_id"],
        "member": home["fields"]["members"][0]["id"],
        "service": "ktp-baru",
        "papers": papers,
        "photos": list(photos),
        "tracking_code": code or new_code(),
    }
    return op_body(fields, form="document_request", blobs=list(photos))


def test_a_household_with_three_members_becomes_a_household_and_three_people(app, client):
    tablet = enrolled(app, client)
    body = _register(client, tablet, phone="081234567890", sms_consent="ya")
    replay = put_op(client, tablet, body)  # another op of the same content: a merge, no copy
    assert replay.status_code == 201
    with app.app_context():
        home = db.session.scalar(select(Household).where(Household.uuid == body["record_id"]))
        assert (home.address, home.dusun, home.rt, home.rw) == (
            "Jl. Kenanga 5",
            "Krajan",
            "003",
            "001",
        )
        people = {p.uuid: p for p in home.members}
        assert set(people) == {m["id"] for m in body["fields"]["members"]}
        head = people[body["fields"]["members"][0]["id"]]
        assert head.name == "Siti Aminah" and head.nik is None and head.nik_absent == "belum_punya"
        assert head.birth_date == dt.date(1980, 1, 2) and head.relation == "kepala_keluarga"
        assert head.phone == "081234567890" and head.phone_consent is True
        assert _count(Household) == 1 and _count(Person) == 3


def test_a_nik_already_on_record_links_to_that_person(app, client):
    tablet = enrolled(app, client)
    with app.app_context():
        db.session.add(Person(nik=NIK, name="Ahmad", name_key="ahmad", created_at=real_clock.now()))
        db.session.commit()
    known = member("Ahmad", "suami", nik_status="ada", nik=NIK, sex="L", birth_date="1945-08-17")
    fields = household(1)
    fields["members"].append(known)
    body = op_body(fields)
    answer = put_op(client, tablet, body).get_json()
    assert "nik_exists" in answer["flags"]
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.nik == NIK))
        home = db.session.scalar(select(Household).where(Household.uuid == body["record_id"]))
        assert person.name == "Ahmad" and person.household_id == home.id
        assert _count(Person) == 2


def test_a_document_request_becomes_a_field_file_found_by_its_code(app, client, clock):
    tablet = enrolled(app, client)
    home = _register(client, tablet)
    (photo, sha256) = jpeg(5)
    with app.app_context():
        service = db.session.scalar(select(Service).where(Service.code == "ktp-baru"))
        bring = [r for r in service.requirements if r.kind == "bring"]
        days = service.time_standard_days
    code = new_code()
    made = clock() - dt.timedelta(days=2)
    body = _request(home, service.id, [str(bring[0].id)], [sha256], code)
    body["made_at"] = made.isoformat()
    answer = put_op(client, tablet, body)
    assert answer.status_code == 201 and answer.get_json()["status"] == "awaiting_blobs"
    status_page = client.get(f"/s/{code}")
    assert status_page.status_code == 200
    assert put_blob(client, tablet, photo, sha256).status_code == 201
    assert put_blob(client, tablet, photo, sha256).status_code == 200
    with app.app_context():
        case = db.session.scalar(select(CaseFile).where(CaseFile.uuid == body["record_id"]))
        assert case.source == "field" and case.tracking_code == code
        assert case.applicant.uuid == home["fields"]["members"][0]["id"]
        states = {p.requirement_id: p.state for p in case.papers}
        assert states[bring[0].id] == "received"
    with app.test_request_context():
        visit_day = real_clock.local(made).date()
        assert case.due_date == files_service._due_date(days, visit_day)  # from the visit day
        assert case.due_date != files_service._due_date(days, real_clock.today())
    with app.app_context():
        links = db.session.scalars(select(AttachmentLink).where(AttachmentLink.file_id == case.id))
        assert [link.sha256 for link in links] == [sha256]
        assert db.session.scalar(
            select(SyncRecord).where(SyncRecord.uuid == body["record_id"])
        ).complete


def test_a_tracking_code_already_used_is_quarantined_for_review(app, client):
    tablet = enrolled(app, client)
    home = _register(client, tablet, members=1)
    first = _request(home, 0, [])
    assert put_op(client, tablet, first).get_json()["status"] == "applied"
    second = _request(home, 0, [], code=first["fields"]["tracking_code"])
    answer = put_op(client, tablet, second).get_json()
    assert answer["status"] == "quarantined" and "code_taken" in answer["flags"]
    with app.app_context():
        assert _count(CaseFile) == 1
        record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == second["record_id"]))
        assert record.quarantined and record.fields == second["fields"]


def test_a_request_that_arrives_before_its_household_waits_for_it(app, client):
    tablet = enrolled(app, client)
    home = op_body(household(1))
    early = _request(home, 0, [])
    assert "household_missing" in put_op(client, tablet, early).get_json()["flags"]
    assert put_op(client, tablet, home).status_code == 201
    with app.app_context():
        case = db.session.scalar(select(CaseFile).where(CaseFile.uuid == early["record_id"]))
        assert case is not None and case.tracking_code == early["fields"]["tracking_code"]
        record = db.session.scalar(select(SyncRecord).where(SyncRecord.uuid == early["record_id"]))
        assert "household_missing" not in record.flags


def test_a_dtks_visit_becomes_a_household_visit_and_closes_its_assignment(app, client):
    tablet = enrolled(app, client)
    home = _register(client, tablet, members=1)
    with app.app_context():
        household_row = db.session.scalar(
            select(Household).where(Household.uuid == home["record_id"])
        )
        today = real_clock.now().date()
        db.session.add(
            FieldAssignment(
                household_id=household_row.id,
                officer_id=user("lapangan").id,
                period_start=today,
                period_end=today + dt.timedelta(days=30),
                created_at=real_clock.now(),
                updated_at=real_clock.now(),
            )
        )
        db.session.commit()
        household_id = household_row.id
    (photo, sha256) = jpeg(9)
    visit = op_body(
        {
            "household": home["record_id"],
            "outcome": "ditemui",
            "criteria_met": ["k01", "k02", "k14"],
            "house_photos": [sha256],
            "gps": {"lat": -6.9, "lon": 107.6, "accuracy": 12},
            "note": "Rumah semi permanen",
        },
        form="dtks_visit",
        blobs=[sha256],
    )
    assert put_op(client, tablet, visit).get_json()["status"] == "awaiting_blobs"
    assert put_blob(client, tablet, photo, sha256).status_code == 201
    with app.app_context():
        row = db.session.scalar(select(HouseholdVisit))
        assert row.uuid == visit["record_id"] and row.household_id == household_id
        assert row.criteria_version == 1 and row.outcome == "ditemui"
        assert row.criteria_met == ["k01", "k02", "k14"] and row.photos == [sha256]
        assert row.officer_id == user("lapangan").id and row.gps["accuracy"] == 12
        assert db.session.scalar(select(FieldAssignment)).done_at is not None
        assert _count(HouseholdVisit) == 1


def test_an_unknown_household_id_never_breaks_a_visit(app, client):
    tablet = enrolled(app, client)
    visit = op_body({"household": str(uuid.uuid4()), "outcome": "pindah"}, form="dtks_visit")
    answer = put_op(client, tablet, visit).get_json()
    assert answer["status"] == "applied" and "household_missing" in answer["flags"]
