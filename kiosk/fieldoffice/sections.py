"""What the person, household and file pages show of field work: photos and sync history."""

from __future__ import annotations

from flask import Flask

from kiosk.fieldoffice.dtks import outcome_label
from kiosk.fieldoffice.photos import file_photos, household_photos, person_photos
from kiosk.fieldoffice.review import record_history
from kiosk.fieldoffice.values import flag_label, form_title
from kiosk.models import CaseFile, Household, Person


def household_field_section(home: Household) -> dict:
    """House photos of its visits, and the versions tablets sent of this household."""
    return {"photos": household_photos(home), "history": record_history(home.uuid)}


def person_field_section(person: Person) -> dict:
    """Photos of the person's papers, and their household's sync history."""
    history = record_history(person.household.uuid) if person.household else []
    return {"photos": person_photos(person), "history": history}


def file_field_section(case: CaseFile) -> dict:
    """Whether the file came from the field, and the photos of its papers."""
    return {"field": case.source == "field", "photos": file_photos(case)}


def init_field_sections(app: Flask) -> None:
    """Template helpers: `household_field_section(home)`, `person_field_section(person)`,
    `file_field_section(case)`,
    `outcome_label(code)` (a DTKS visit), `form_title(id, version)`, `field_flag_label(code)`."""
    app.jinja_env.globals.update(
        outcome_label=outcome_label,
        form_title=form_title,
        field_flag_label=flag_label,
        household_field_section=household_field_section,
        file_field_section=file_field_section,
        person_field_section=person_field_section,
    )
