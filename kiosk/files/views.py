"""The staff file desk: intake, find (scan), detail with status/flags/location, handover."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk.access.service import record_file_view, record_search
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action, allowed
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files import bp
from kiosk.files import handover as batches
from kiosk.files import service as files
from kiosk.files.applicant import sees_full_data
from kiosk.files.collection import COLLECTED, collect
from kiosk.files.forms import (
    FlagForm,
    HandoverForm,
    IntakeForm,
    LocationForm,
    PaperForm,
    ReturnForm,
    ScanForm,
    SearchForm,
    StatusForm,
)
from kiosk.files.intake import intake_context, known_person, requirement_choices
from kiosk.files.printing import print_file_receipt, print_intake_receipts
from kiosk.files.subject import SubjectSection
from kiosk.printing.places import staff_printer
from kiosk.queue.service import find_ticket_for_staff
from kiosk.tracking import normalise


@bp.get("")
@staff_required(Action.FILES_READ)
def desk():
    """Search box (scanner-ready), overdue files, files waiting elsewhere."""
    return render_template(
        "files/desk.html",
        form=SearchForm(formdata=None),
        overdue=files.overdue_files(),
        waiting=files.waiting_elsewhere(),
    )


@bp.route("/cari", methods=["GET", "POST"])
@staff_required(Action.FILES_READ)
def search():
    """Find a file: one exact code opens it. A code may come by GET (the receipt scanner);
    NIK/KK and names only by POST, so they never sit in a URL, a log or the history."""
    posted = request.method == "POST"
    form = SearchForm() if posted else SearchForm(request.args, meta={"csrf": False})
    if not form.validate():
        return _search_page(form, status=422)
    query = (form.q.data or "").strip()
    kind = files.search_kind(query)
    user = g.staff_user
    refusal = _search_refusal(kind, posted, user)
    if refusal:
        return _search_page(SearchForm(formdata=None), error=refusal[0], status=refusal[1])
    results = files.search_files(query)
    if kind:
        record_search(user, kind, len(results), masked=not sees_full_data(user))
    if kind == "code" and results:
        return redirect(url_for(".detail", code=results[0].tracking_code), code=303)
    ticket = find_ticket_for_staff(query) if kind == "code" else None
    if ticket is not None and allowed(user, Action.FILES_INTAKE):
        return redirect(url_for(".intake", code=ticket.tracking_code), code=303)
    return _search_page(form, query=query, results=results)


def _search_refusal(kind: str | None, posted: bool, user) -> tuple[str, int] | None:
    """A NIK/KK or name in a URL is not searched; NIK/KK searches need files.search_id."""
    if not posted and kind not in (None, "code"):
        return _("Cari NIK, KK, atau nama lewat kotak pencarian di halaman ini."), 400
    if kind == "nik_kk" and not allowed(user, Action.FILES_SEARCH_ID):
        return _("Anda tidak boleh mencari berkas dengan NIK atau nomor KK."), 403
    return None


def _search_page(form, status: int = 200, **context):
    return render_template("files/search.html", form=form, **context), status


@bp.route("/terima/<code>", methods=["GET", "POST"])
@staff_required(Action.FILES_INTAKE)
def intake(code: str):
    """Intake for a ticket called or served at the officer's counter: applicant, papers, notes."""
    ticket = find_ticket_for_staff(code) if normalise(code) else None
    if ticket is None:
        return _search_page(
            SearchForm(formdata=None),
            query=code,
            error=_("Kode antrean tidak ditemukan."),
            status=404,
        )
    existing = files.find_file(ticket.tracking_code)
    if existing is not None:
        return redirect(url_for(".detail", code=existing.tracking_code))
    files.ensure_may_take_in(g.staff_user, ticket)
    form = IntakeForm()
    subject = SubjectSection(ticket.queue_service)
    if request.method == "POST" and form.validate() and subject.validate():
        chosen = requirement_choices(ticket.queue_service, request.form)
        known = known_person(form)
        if known is not None:  # offer the record on file before linking the file to it
            form.person.data = known.uuid
        if subject.offer_known() or known is not None:  # the subject's record, too
            return _intake_page(ticket, form, subject, known=known)
        try:
            case = files.accept_file(
                tracking_code=ticket.tracking_code,
                service_code=None,
                applicant=_applicant(form),
                received=chosen["received"],
                missing=chosen["missing"],
                not_needed=chosen["not_needed"],
                notes=form.notes.data,
                name_mismatch=form.name_mismatch.data,
                user=g.staff_user,
                **subject.accept_args(),
            )
        except files.InvalidIntake as problem:
            return _intake_page(ticket, form, subject, problem.errors, status=422)
        except DomainError as refusal:  # e.g. the family's DTKS proposal is still under way
            db.session.rollback()
            errors = {"refused": refusal.message}
            return _intake_page(ticket, form, subject, errors, status=refusal.status)
        print_intake_receipts(case, g.staff_user)
        return redirect(url_for(".detail", code=case.tracking_code, baru=1))
    return _intake_page(ticket, form, subject, status=422 if request.method == "POST" else 200)


def _intake_page(ticket, form, subject: SubjectSection, errors=None, status=200, known=None):
    """The intake form with the applicant, the subject and the requirements as posted."""
    posted = request.form if request.method == "POST" else None
    context = intake_context(ticket, form, subject.take_errors(errors or {}), posted)
    context.update(known=known, **subject.context(form))
    return render_template("files/intake.html", **context), status


@bp.get("/<code>")
@staff_required(Action.FILES_READ)
def detail(code: str):
    """Everything about one file with its full history; NIK/KK masked without files.read_pii."""
    return _detail(files.get_file(code))


@bp.post("/<code>/status")
@staff_required(Action.FILES_EDIT)
def change_status(code: str):
    case = files.get_file(code)
    form = StatusForm()
    form.status.choices = [(s, s) for s in files.file_workflow(case).free_next(case.status)]
    if not form.validate():
        return _detail(case, 422, status_form=form)
    if form.status.data == COLLECTED:
        return _attempt(
            case,
            lambda: collect(
                case,
                who=form.collected_who.data,
                name=form.collected_name.data,
                note=form.note.data,
                user=g.staff_user,
                expected_version=form.version.data,
            ),
            _("Status diperbarui. Pengambilan dokumen dicatat."),
            status_form=form,
        )
    return _attempt(
        case,
        lambda: files.change_status(
            case, form.status.data, form.note.data, g.staff_user, form.version.data
        ),
        _("Status diperbarui."),
        status_form=form,
    )


@bp.post("/<code>/dokumen/<paper>")
@staff_required(Action.FILES_EDIT)
def set_paper(code: str, paper: str):
    """Mark one paper received / missing / not needed, conditional on the row's version."""
    case = files.get_file(code)
    form = PaperForm()
    if not form.validate():
        return _detail(
            case, 422, error=_("Status dokumen harus: diterima, kurang, atau tidak perlu.")
        )
    return _attempt(
        case,
        lambda: files.set_paper_state(
            case, paper, form.state.data, form.version.data, g.staff_user
        ),
        _("Persyaratan diperbarui."),
    )


@bp.post("/<code>/<any(mendesak, 'nama-beda'):flag>")
@staff_required(Action.FILES_EDIT)
def set_flag(code: str, flag: str):
    case = files.get_file(code)
    form = FlagForm()
    if not form.validate():
        return _detail(case, 422)
    setter = files.set_urgent if flag == "mendesak" else files.set_name_mismatch
    return _attempt(
        case,
        lambda: setter(case, form.value.data == "1", form.reason.data, g.staff_user),
        _("Tanda berkas diperbarui."),
    )


@bp.post("/<code>/lokasi")
@staff_required(Action.FILES_EDIT)
def set_location(code: str):
    case = files.get_file(code)
    form = LocationForm()
    if not form.validate():
        return _detail(case, 422, location_form=form)
    return _attempt(
        case,
        lambda: files.set_location(case, form.shelf.data, form.folder.data, g.staff_user),
        _("Lokasi berkas disimpan."),
    )


@bp.post("/<code>/aktifkan-kembali")
@staff_required(Action.FILES_INTAKE)
def open_reactivation(code: str):
    """From a KIS question: open the reactivation file for the same person, then show it."""
    from kiosk.files.reactivation import open_reactivation as open_file

    question = files.get_file(code)
    try:
        case = open_file(question, g.staff_user)
    except DomainError as refusal:
        return _detail(question, refusal.status, error=refusal.message)
    return redirect(url_for(".detail", code=case.tracking_code))


@bp.post("/<code>/cetak/<any(file, incomplete):kind>")
@staff_required(Action.FILES_EDIT)
def reprint(code: str, kind: str):
    case = files.get_file(code)
    job = print_file_receipt(case, kind, g.staff_user)
    place = staff_printer(g.staff_user)
    message = (
        place.printed_here
        if job.status == "printed"
        else _("Dikirim ke printer %(place)s.", place=place.name)
    )
    return _detail(case, message=message, access="reprint")


@bp.route("/serah-terima", methods=["GET", "POST"])
@staff_required(Action.FILES_EDIT)
def handovers():
    """Batches of files going to the kecamatan/Dukcapil and coming back."""
    form = HandoverForm()
    if request.method == "POST" and form.validate():
        batch = batches.create_batch(
            form.destination.data, form.carrier.data, form.note.data, g.staff_user
        )
        return redirect(url_for(".handover", batch_id=batch.id))
    return render_template(
        "files/handovers.html", form=form, batches=batches.recent_batches()
    ), 422 if form.errors else 200


@bp.route("/serah-terima/<id:batch_id>", methods=["GET", "POST"])
@staff_required(Action.FILES_EDIT)
def handover(batch_id: int):
    """One batch: scan files in, record it leaving and coming back."""
    batch = batches.get_batch(batch_id)
    action = request.form.get("action") if request.method == "POST" else None
    scan, back = ScanForm(), ReturnForm()
    error = message = None
    try:
        if action == "scan" and scan.validate():
            item = batches.add_file(batch, scan.code.data, g.staff_user)
            message = _("%(code)s masuk pengiriman.", code=item.file.tracking_code)
            scan = ScanForm(formdata=None)
        elif action == "send":
            batches.send_batch(batch, g.staff_user)
            message = _("Pengiriman dicatat berangkat.")
        elif action == "return" and back.validate():
            batches.return_batch(batch, back.returned_by.data, g.staff_user)
            message = _("Pengiriman dicatat kembali.")
    except DomainError as refusal:
        error = refusal.message
    status = 422 if error or scan.errors or back.errors else 200
    return render_template(
        "files/handover.html", batch=batch, scan=scan, back=back, error=error, message=message
    ), status


def _applicant(form: IntakeForm) -> dict:
    return {
        "nik": form.nik.data,
        "name": form.name.data,
        "kk": form.kk.data,
        "birth_date": form.birth_date.data,
        "sex": form.sex.data or None,
        "address": form.address.data,
        "rt": form.rt.data,
        "rw": form.rw.data,
        "dusun": form.dusun.data,
        "phone": form.phone.data,
        "phone_consent": bool(form.phone_consent.data),
        "nik_absent": form.nik_absent.data or None,
        "birth_place": form.birth_place.data,
    }


def _attempt(case, operation, message: str, **forms):
    try:
        operation()
    except DomainError as refusal:
        return _detail(case, refusal.status, error=refusal.message, **forms)
    return _detail(case, message=message)


def _detail(case, status: int = 200, access: str = "file_page", **extra):
    """The file page; every render shows personal data, so every render is logged."""
    from kiosk.files.intake import detail_context

    full = sees_full_data(g.staff_user)
    record_file_view(g.staff_user, case, access, masked=not full)
    return render_template("files/detail.html", **detail_context(case, full, **extra)), status
