"""Context builders for the file desk templates (intake form, file detail)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kiosk.files import handover as batches
from kiosk.files.applicant import applicant_view
from kiosk.files.forms import FlagForm, LocationForm, StatusForm
from kiosk.files.identity import clean_number
from kiosk.files.requirements import papers, states_from_ticks, ticket_ticks
from kiosk.files.service import file_workflow
from kiosk.models import CaseFile, Person, Service, Ticket
from kiosk.people.service import find_person
from kiosk.status.presenter import file_status

CHOICES = ("ada", "kurang", "tidak_perlu")


def requirement_choices(service: Service, form) -> dict[str, list[int]]:
    """Requirement ids by state (received, missing, not_needed) from the intake form's
    req-<id> radios."""
    states = {"ada": "received", "kurang": "missing", "tidak_perlu": "not_needed"}
    chosen: dict[str, list[int]] = {state: [] for state in states.values()}
    for item in service.requirements:
        choice = states.get(form.get(f"req-{item.id}")) if item.kind == "bring" else None
        if choice:
            chosen[choice].append(item.id)
    return chosen


def known_person(form) -> Person | None:
    """The person on record with the form's NIK, unless the officer already chose to use them."""
    person = find_person(clean_number(form.nik.data))
    if person is None or form.person.data == person.uuid:
        return None
    return person


def intake_context(ticket: Ticket, form, errors: dict, posted) -> dict:
    """The intake form: the ticket, its papers pre-marked from the kiosk's ticks by the one
    rule (an unticked optional paper is not needed; one ticked alternative meets its group)."""
    service = ticket.queue_service
    ticks = ticket_ticks(ticket, service)
    marks = {"received": "ada", "missing": "kurang", "not_needed": "tidak_perlu"}
    rows = []
    for paper in states_from_ticks(service.requirements, ticks):
        item, default = paper.requirement, marks[paper.state]
        chosen = posted.get(f"req-{item.id}", default) if posted else default
        rows.append({"item": item, "choice": chosen})
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
    general = {k: v for k, v in errors.items() if not hasattr(form, k)}
    return {
        "ticket": ticket,
        "service": service,
        "form": form,
        "rows": rows,
        "general_errors": general,
        "known": None,
        "error": _("Data berkas belum benar. Periksa isian yang ditandai.") if errors else None,
    }


def detail_context(case: CaseFile, full: bool, **extra) -> dict:
    """The file detail page: public view, the applicant (masked unless `full`), history, forms."""
    flow = file_workflow(case)
    status_form = extra.pop("status_form", None) or StatusForm(formdata=None)
    status_form.version.data = case.version
    status_form.status.choices = [
        (code, flow.status(code).text("label")) for code in flow.free_next(case.status)
    ]
    return {
        "case": case,
        "public": file_status(case),
        "papers": papers(case),
        "paper_rows": paper_rows(case),
        "applicant": applicant_view(case, full),
        "flow": flow,
        "status_form": status_form,
        "flag_form": FlagForm(formdata=None),
        "location_form": extra.pop("location_form", None)
        or LocationForm(formdata=None, shelf=case.shelf, folder=case.folder),
        "batch": batches.open_batch_of(case.id),
        **extra,
    }


PAPER_STATES = {
    "received": _l("Diterima"),
    "missing": _l("Kurang"),
    "not_needed": _l("Tidak perlu"),
}


def paper_rows(case: CaseFile) -> list[dict]:
    """The file's papers for the detail page's table, with each row's version."""
    return [
        {
            "uuid": row.uuid,
            "version": row.version,
            "state": row.state,
            "state_label": PAPER_STATES[row.state],
            "label": row.label(),
            "retired": row.requirement is not None and not row.requirement.active,
        }
        for row in case.papers
    ]
