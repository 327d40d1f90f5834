"""Whom an intake's file is about: the "Data yang diurus" part of the intake form.

A `person` service (akta kelahiran, akta kematian, KIA) takes in that person; a `household`
service (KK baru, KIS, DTKS) is about the applicant's family, optionally adding a member.
"""

from __future__ import annotations

from sqlalchemy import select

from kiosk.catalogue.subjects import Subject, subject_of
from kiosk.extensions import db
from kiosk.files.identity import clean_number
from kiosk.models import Household, Person, Service
from kiosk.people.forms import SubjectForm
from kiosk.people.service import find_person

PREFIX = "subject"


class SubjectSection:
    """The subject part of one intake form: its form, the person on record it may match."""

    def __init__(self, service: Service) -> None:
        self.subject: Subject = subject_of(service.code)
        self.form = SubjectForm(prefix=PREFIX)
        if not self.form.is_submitted() and self.subject.relation:
            self.form.relation.data = self.subject.relation
        self.known: Person | None = None

    @property
    def kind(self) -> str:
        """self, person or household (services.yaml `subject`)."""
        return self.subject.kind

    def validate(self) -> bool:
        """Field lengths (the rules run in accept_file); always true for `self` services."""
        return self.kind == "self" or self.form.validate()

    def offer_known(self) -> bool:
        """A typed NIK that is on record and not yet chosen: offer that person first."""
        if self.kind == "self" or self.form.is_applicant.data:
            return False
        person = find_person(clean_number(self.form.nik.data))
        if person is None or self.form.person.data == person.uuid:
            return False
        self.form.person.data, self.known = person.uuid, person
        return True

    def accept_args(self) -> dict:
        """The subject arguments of accept_file for what the officer entered."""
        if self.kind == "self" or self.form.is_applicant.data:
            return {}
        typed = self.kind == "person" or self.form.typed()
        return {
            "subject": self.form.person_data() if typed else None,
            "subject_household": self.kind == "household",
        }

    def take_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Put `subject.<field>` errors on the subject form; return the others."""
        rest = {}
        for key, message in errors.items():
            name = key.removeprefix(f"{PREFIX}.")
            field = getattr(self.form, name, None) if name != key else None
            if field is None:
                rest[key] = message
                continue
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        return rest

    def context(self, applicant_form) -> dict:
        """What the intake template shows of the subject, and the applicant's family on record."""
        return {
            "subject_section": self,
            "subject_home": applicant_home(applicant_form) if self.kind == "household" else None,
        }


def applicant_home(applicant_form) -> Household | None:
    """The household on record for the applicant's NIK or KK number, if any."""
    person = find_person(clean_number(applicant_form.nik.data))
    if person is not None and person.household is not None:
        return person.household
    kk = clean_number(applicant_form.kk.data)
    if not kk:
        return None
    return db.session.scalar(select(Household).where(Household.kk_number == kk))
