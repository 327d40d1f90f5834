"""What a citizen may see of a ticket, a file or a complaint, computed once for the status page
and the API.

Plain status words, dates, what is missing, a masked name. Never the NIK, the KK number, the
address or staff notes (except a return reason meant for the citizen).
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from kiosk import clock
from kiosk.complaints.categories import category_label
from kiosk.complaints.states import OPEN_STATES, state_label
from kiosk.fieldoffice.field_files import FIELD
from kiosk.files.privacy import mask_name
from kiosk.files.requirements import papers
from kiosk.files.service import file_workflow
from kiosk.files.workflow import status_label
from kiosk.models import CaseFile, Complaint, Ticket
from kiosk.queue.position import estimate_call_at, people_ahead
from kiosk.queue.receipt import status_url

# Whom a file waits on (workflows.yaml `waiting_on`), in the citizen's words.
WAITING_REASONS = {
    "blanko": _l("Menunggu blanko dari Disdukcapil."),
    "dukcapil": _l("Menunggu kecamatan/Disdukcapil."),
    "dinsos": _l("Menunggu Dinas Sosial."),
    "bpjs": _l("Menunggu BPJS Kesehatan."),
    "agency": _l("Menunggu kantor lain."),
}
# A fixed sentence per workflow, shown with every status of its files (page and receipt).
WORKFLOW_NOTICES = {
    "dtks": _l(
        "Masuk daftar (DTSEN) tidak sama dengan menerima bantuan; bantuan ditentukan oleh "
        "program masing-masing."
    ),
}
# A file taken door to door (jemput bola) on a field tablet: its first step, while it is the
# "received" step, says where it was received instead of the workflow's "at the village office".
RECEIVED = "diterima"
RECEIVED_AT_HOME = _l("Diterima petugas di rumah warga (jemput bola)")
# Workflow versions stored before 0015 say only "agency": the service's done_at names it.
AGENCY_OF_DONE_AT = {"kecamatan": "dukcapil", "dukcapil": "dukcapil", "dinsos": "dinsos"}


def waiting_reason(waiting_on: str | None, done_at: str | None) -> str | None:
    """Why the file waits, fitting its service: never Dinas Sosial/BPJS for a KTP file."""
    if waiting_on == "agency":
        waiting_on = AGENCY_OF_DONE_AT.get(done_at or "", "agency")
    reason = WAITING_REASONS.get(waiting_on or "")
    return str(reason) if reason else None


def workflow_notice(case: CaseFile) -> str | None:
    """The workflow's fixed sentence for citizens (e.g. DTKS: being listed is not aid)."""
    notice = WORKFLOW_NOTICES.get(case.workflow)
    return str(notice) if notice else None


def current_status_label(case: CaseFile, lang: str = "id") -> str:
    """The file's status in words, for the status page, its JSON and the receipt."""
    statuses = [entry for entry in case.history if entry.kind == "status"]
    return _step_label(case, file_workflow(case), case.status, len(statuses) <= 1, lang)


def file_status(case: CaseFile, lang: str = "id") -> dict:
    """The file as the status page and the public API show it: catalogue texts in `lang`, the
    interface's own words ("Salah satu dari", waiting reasons) in English or Indonesian."""
    with force_locale(lang if lang in ("id", "en") else "id"):
        return _file_status(case, lang)


def _file_status(case: CaseFile, lang: str) -> dict:
    flow = file_workflow(case)
    status = flow.status(case.status)
    today = clock.today()
    ready = bool(status.pickup) and not case.closed  # done, waiting to be collected
    reason = None
    if status.needs_note:
        last = next((h for h in reversed(case.history) if h.kind == "status"), None)
        reason = last.note if last else None
    return {
        "tracking_code": case.tracking_code,
        "service": case.service.code,
        "service_name": case.service.text("name", lang),
        "applicant": mask_name(case.applicant_name),
        "status": case.status,
        "status_label": current_status_label(case, lang),
        "next_step": status.text("next_step", lang),
        "waiting_on": status.waiting_on,
        "waiting_reason": waiting_reason(status.waiting_on, case.service.done_at),
        "reason": reason,
        "notice": workflow_notice(case),
        "missing": papers(case, lang).missing,
        "pickup": status.text("pickup", lang) or None,
        "accepted_on": clock.local(case.accepted_at).date().isoformat(),
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "due_paused": status.pauses_due,
        "overdue": bool(
            case.due_date
            and case.due_date < today
            and not (case.closed or ready or status.pauses_due)
        ),
        "incomplete": case.status == flow.incomplete,
        "ready": ready,
        "closed": case.closed,
        "timeline": [
            {
                "status": entry.status,
                "label": _step_label(case, flow, entry.status, index == 0, lang),
                "on": clock.local(entry.at).date().isoformat(),
            }
            for index, entry in enumerate(h for h in case.history if h.kind == "status")
        ],
    }


def ticket_status(ticket: Ticket, lang: str = "id") -> dict:
    """A ticket's place in line: number, state, people ahead, the estimated call time."""
    ahead = people_ahead(ticket)
    estimate = estimate_call_at(ticket, ahead)
    return {
        "number": ticket.label,
        "service": ticket.service.code,
        "service_name": ticket.service.text("name", lang),
        "priority": ticket.priority,
        "priority_reason": ticket.priority_reason,
        "state": ticket.state,
        "issued_at": clock.local(ticket.issued_at).isoformat(),
        "people_ahead": ahead,
        "estimated_call_at": estimate.isoformat() if estimate else None,
        "tracking_code": ticket.tracking_code,
        "status_url": status_url(ticket),
    }


def _step_label(case: CaseFile, flow, status: str, first: bool, lang: str) -> str:
    """A step's words; a field file's first step, the received one, says it was at home."""
    if case.source == FIELD and first and status == RECEIVED:
        return str(RECEIVED_AT_HOME)
    return _history_label(flow, status, lang)


def _history_label(flow, status: str, lang: str) -> str:
    """A past status's words: from the file's version, or the last version that had it."""
    if status in flow.statuses:
        return flow.status(status).text("label", lang)
    return status_label(flow.code, status, lang)


# What a complaint's history steps say publicly (the answer's text is shown once, below).
COMPLAINT_STEPS = {"created": "baru", "assigned": "diproses", "answer": "dijawab", "state": None}


def complaint_status(complaint: Complaint, lang: str = "id") -> dict:
    """A complaint as its reporter sees it: category, state, dates, deadline and the answer.
    Never the reporter's name or phone, nor the officer it names or who handles it."""
    with force_locale(lang if lang in ("id", "en") else "id"):
        today = clock.today()
        steps = []
        for entry in complaint.history:
            state = COMPLAINT_STEPS.get(entry.kind, "") or entry.state
            if state and (not steps or steps[-1]["state"] != state):
                on = clock.local(entry.at).date().isoformat()
                steps.append({"state": state, "label": state_label(state), "on": on})
        answered = complaint.answered_at
        return {
            "tracking_code": complaint.tracking_code,
            "category": complaint.category,
            "category_label": category_label(complaint.category, lang),
            "state": complaint.state,
            "state_label": state_label(complaint.state),
            "received_on": clock.local(complaint.created_at).date().isoformat(),
            "due_date": complaint.due_date.isoformat(),
            "overdue": complaint.state in OPEN_STATES and complaint.due_date < today,
            "answer": complaint.answer if complaint.state in ("dijawab", "selesai") else None,
            "answered_on": clock.local(answered).date().isoformat() if answered else None,
            "closed": complaint.state == "selesai",
            "timeline": steps,
        }
