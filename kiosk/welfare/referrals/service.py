"""Referral rules: send, follow up, answer; the lists the desk reads (overdue, by program).

Every change is first written to ReferralHistory (append-only); the Referral row caches the
current values, and its UPDATE is conditional on the version the officer's page showed.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm.exc import StaleDataError

from kiosk import clock
from kiosk.catalogue.service import holiday_dates
from kiosk.errors import DomainError, FieldErrors
from kiosk.extensions import db
from kiosk.files.dates import is_working_day
from kiosk.models import CaseFile, Household, Person, Referral, ReferralHistory, User
from kiosk.offices.service import office_filter, visible_to_staff
from kiosk.welfare.referrals.programs import OTHER, find_program, program_data

ANSWERS = ("diterima", "ditolak", "tidak_ada_kabar")
LIST_LIMIT = 500


class InvalidReferral(FieldErrors):
    """The referral data has problems; `errors` maps each field to what is wrong."""

    code = "invalid_referral"

    def summary(self) -> str:
        return _("Data rujukan belum benar. Periksa isian yang ditandai.")


class ReferralChanged(DomainError):
    """Someone else changed the referral since the page was read: nothing was saved."""

    code = "conflict"
    status = 409


class ReferralClosed(DomainError):
    """The referral already has its answer."""

    code = "referral_closed"
    status = 409


class UnknownReferral(DomainError):
    code = "not_found"
    status = 404


def create_referral(
    household: Household,
    program_code: str,
    user: User | None,
    *,
    person: Person | None = None,
    sent_to: str | None = None,
    sent_to_other: str | None = None,
    sent_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    note: str | None = None,
    file: CaseFile | None = None,
    commit: bool = True,
) -> Referral:
    """Record a referral sent today (or on `sent_on`); the first follow-up date defaults to the
    program's number of days after sending (moved to the next working day)."""
    today = clock.today()
    program = find_program(program_code)
    errors: dict[str, str] = {}
    if program is None:
        errors["program"] = _("Pilih program.")
    sent_to = sent_to or (program.to if program else None)
    if sent_to not in program_data().destinations:
        errors["sent_to"] = _("Pilih tujuan rujukan.")
    sent_to_other = (sent_to_other or "").strip() or None
    if sent_to == OTHER and not sent_to_other:
        errors["sent_to_other"] = _("Tulis ke mana rujukan dikirim.")
    sent_on = sent_on or today
    if sent_on > today:
        errors["sent_on"] = _("Tanggal kirim tidak boleh di masa depan.")
    if follow_up_on is None and program is not None:
        follow_up_on = working_day_from(sent_on + dt.timedelta(days=program.follow_up_days))
    if follow_up_on is not None and follow_up_on <= sent_on:
        errors["follow_up_on"] = _("Tanggal tindak lanjut harus sesudah tanggal kirim.")
    if person is not None and person.household_id != household.id:
        errors["person"] = _("Warga ini bukan anggota keluarga tersebut.")
    if errors:
        raise InvalidReferral(errors)
    referral = Referral(
        household=household,
        person=person,
        program=program.code,
        sent_to=sent_to,
        sent_to_other=sent_to_other if sent_to == OTHER else None,
        sent_on=sent_on,
        follow_up_on=follow_up_on,
        state=Referral.OPEN,
        note=(note or "").strip() or None,
        file=file,
        created_at=clock.now(),
        created_by_id=user.id if user else None,
    )
    if household.office_id is not None:  # else the column default: the request's office
        referral.office_id = household.office_id
    db.session.add(referral)
    _record(referral, "dikirim", user, sent_on, follow_up_on, referral.note)
    if commit:
        db.session.commit()
    return referral


def log_follow_up(
    referral: Referral,
    user: User | None,
    *,
    on_date: dt.date | None,
    heard: str | None,
    next_on: dt.date | None,
    expected_version: int | None = None,
) -> Referral:
    """Log asking for news: the day, what was heard, and the next day to ask."""
    _ensure_open(referral, expected_version)
    on_date = on_date or clock.today()
    heard = (heard or "").strip()
    errors = _day_errors(referral, on_date, "on_date")
    if not heard:
        errors["heard"] = _("Tulis kabar yang didapat (atau 'belum ada kabar').")
    if next_on is None or next_on <= on_date:
        errors["next_on"] = _("Tanggal tindak lanjut berikutnya harus sesudah hari ini.")
    if errors:
        raise InvalidReferral(errors)
    referral.follow_up_on = next_on
    _record(referral, "tindak_lanjut", user, on_date, next_on, heard)
    _commit(referral)
    return referral


def answer_referral(
    referral: Referral,
    user: User | None,
    *,
    answer: str | None,
    on_date: dt.date | None,
    note: str | None,
    expected_version: int | None = None,
) -> Referral:
    """Close the referral with its answer: accepted, refused (with the reason), or no news."""
    _ensure_open(referral, expected_version)
    on_date = on_date or clock.today()
    note = (note or "").strip() or None
    errors = _day_errors(referral, on_date, "on_date")
    if answer not in ANSWERS:
        errors["answer"] = _("Pilih jawabannya.")
    elif answer == "ditolak" and not note:
        errors["note"] = _("Tulis alasan penolakan yang disampaikan.")
    if errors:
        raise InvalidReferral(errors)
    referral.state, referral.answered_on = answer, on_date
    referral.answer_note, referral.follow_up_on = note, None
    _record(referral, "jawaban", user, on_date, None, note)
    _commit(referral)
    return referral


def working_day_from(day: dt.date) -> dt.date:
    """`day`, or the next day the office is open when it falls on a weekend or a holiday."""
    holidays = holiday_dates(day, days=31)
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def get_referral(referral_id: int) -> Referral:
    """A referral this officer may see, or 404."""
    referral = db.session.get(Referral, referral_id)
    if referral is None or not visible_to_staff(referral):
        raise UnknownReferral(_("Rujukan tidak ditemukan."))
    return referral


def is_overdue(referral: Referral, today: dt.date | None = None) -> bool:
    """Still waiting and its follow-up day has passed."""
    today = today or clock.today()
    due = referral.follow_up_on
    return referral.state == Referral.OPEN and due is not None and due < today


def overdue_referrals(office_id: int | None = None, today: dt.date | None = None) -> list:
    """Open referrals whose follow-up day has passed, longest overdue first."""
    return list_referrals(office_id=office_id, overdue=True, today=today)


def list_referrals(
    *,
    program: str | None = None,
    state: str | None = None,
    overdue: bool = False,
    dusun: str | None = None,
    office_id: int | None = None,
    today: dt.date | None = None,
) -> list[Referral]:
    """Referrals by the list's filters: overdue ones by follow-up day, others newest first."""
    query = select(Referral).where(*office_filter(Referral, office_id)).limit(LIST_LIMIT)
    if program:
        query = query.where(Referral.program == program)
    if state:
        query = query.where(Referral.state == state)
    if dusun:
        query = query.join(Household, Referral.household_id == Household.id).where(
            Household.dusun == dusun
        )
    if overdue:
        query = query.where(
            Referral.state == Referral.OPEN, Referral.follow_up_on < (today or clock.today())
        ).order_by(Referral.follow_up_on, Referral.id)
    else:
        query = query.order_by(Referral.sent_on.desc(), Referral.id.desc())
    return list(db.session.scalars(query))


def open_counts(office_id: int | None = None, today: dt.date | None = None) -> list[dict]:
    """Per program with open referrals: {code, waiting, overdue}, in the data file's order."""
    today = today or clock.today()
    late = func.sum(case((Referral.follow_up_on < today, 1), else_=0))
    query = (
        select(Referral.program, func.count(Referral.id), late)
        .where(Referral.state == Referral.OPEN, *office_filter(Referral, office_id))
        .group_by(Referral.program)
    )
    found = {
        code: (waiting, int(overdue or 0)) for code, waiting, overdue in db.session.execute(query)
    }
    order = [p.code for p in program_data().programs]
    order += sorted(code for code in found if code not in order)
    return [
        {"code": code, "waiting": found[code][0], "overdue": found[code][1]}
        for code in order
        if code in found
    ]


def referrals_of_household(household: Household) -> list[Referral]:
    """A household's referrals, newest first."""
    query = (
        select(Referral)
        .where(Referral.household_id == household.id)
        .order_by(Referral.sent_on.desc(), Referral.id.desc())
    )
    return list(db.session.scalars(query))


def dusun_choices(office_id: int | None = None) -> list[str]:
    """The dusun names of households that have referrals, for the list's filter."""
    query = (
        select(Household.dusun)
        .join(Referral, Referral.household_id == Household.id)
        .where(Household.dusun.is_not(None), *office_filter(Referral, office_id))
        .distinct()
        .order_by(Household.dusun)
    )
    return list(db.session.scalars(query))


def _ensure_open(referral: Referral, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != referral.version:
        raise _changed()
    if referral.state != Referral.OPEN:
        raise ReferralClosed(_("Rujukan ini sudah ada jawabannya; tidak bisa diubah lagi."))


def _day_errors(referral: Referral, on_date: dt.date, field: str) -> dict[str, str]:
    if on_date > clock.today():
        return {field: _("Tanggal tidak boleh di masa depan.")}
    if on_date < referral.sent_on:
        return {field: _("Tanggal tidak boleh sebelum rujukan dikirim.")}
    return {}


def _record(referral, kind, user, on_date, next_on, note) -> ReferralHistory:
    row = ReferralHistory(
        referral=referral,
        kind=kind,
        state=referral.state,
        on_date=on_date,
        next_on=next_on,
        note=note,
        user_id=user.id if user else None,
        at=clock.now(),
    )
    db.session.add(row)
    return row


def _commit(referral: Referral) -> None:
    """Commit a change; a lost race (the version moved on) is ReferralChanged."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _changed() from None


def _changed() -> ReferralChanged:
    return ReferralChanged(
        _(
            "Rujukan ini baru saja diubah petugas lain; perubahan Anda tidak disimpan. "
            "Muat ulang halaman lalu coba lagi."
        )
    )
