"""The DTKS pages under /puskesos/dtks: the list by stage, a proposal with its steps, a new
proposal, field visits to propose, the meeting list by area, and the SIKS-NG export."""

from __future__ import annotations

from flask import Response, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiosk import clock
from kiosk.access.service import record_file_view
from kiosk.auth.guards import staff_required
from kiosk.auth.permissions import Action
from kiosk.errors import DomainError
from kiosk.extensions import db
from kiosk.files.applicant import sees_full_data
from kiosk.files.service import change_status, file_workflow
from kiosk.models import DtksProposal, Household, HouseholdVisit
from kiosk.offices.current import current_office
from kiosk.offices.service import visible_to_staff
from kiosk.people.service import find_household_by_uuid
from kiosk.welfare.dtks import bp, export, steps
from kiosk.welfare.dtks.forms import (
    AreaForm,
    ConfirmForm,
    EnteredForm,
    KindFields,
    ListFilterForm,
    OutcomeForm,
    ProposeForm,
    ReasonForm,
    VisitForm,
    choices,
)
from kiosk.welfare.dtks.national import national_names
from kiosk.welfare.dtks.rows import (
    ProposalRow,
    dusun_names,
    filtered,
    head_name,
    member_rows,
    proposal_rows,
    visits_to_propose,
)
from kiosk.welfare.dtks.service import find_by_kk, open_proposal, propose
from kiosk.welfare.dtks.stages import dtks_workflow

# Which step forms a proposal page offers in each stage.
STEPS_BY_STAGE = {
    "diusulkan": ("visit", "kind", "not_proposable"),
    "perlu_dilengkapi": ("visit", "kind", "not_proposable"),
    "diverifikasi": ("list", "kind", "not_proposable"),
    "sanggahan": ("list",),
    "disepakati_musyawarah": ("entered",),
    "diinput_siksng": ("outcome",),
    "belum_dapat_diusulkan": ("objection",),
    "tidak_disepakati_musyawarah": ("objection",),
    "masuk_dtsen": ("objection",),
    "tidak_masuk_dtsen": ("objection",),
}


def _full() -> bool:
    return sees_full_data(g.staff_user)


def _office_id() -> int:
    return current_office().id


def _proposal(proposal_id: int) -> DtksProposal:
    proposal = db.session.get(DtksProposal, proposal_id)
    if proposal is None or not visible_to_staff(proposal):
        abort(404)
    return proposal


# --- the list ------------------------------------------------------------------------------


@bp.get("")
@staff_required(Action.WELFARE_READ)
def index():
    """Proposals with filters (stage, dusun, RT), field visits to propose, list an area."""
    return _index()


def _index(status: int = 200, error=None, message=None, area_form=None):
    office_id = _office_id()
    flow = dtks_workflow()
    filters = ListFilterForm(request.args)
    dusuns = dusun_names(office_id)
    filters.dusun.choices = choices([("", _("Semua dusun")), *((d, d) for d in dusuns)])
    stages = [(code, s.text("label")) for code, s in flow.statuses.items()]
    filters.tahap.choices = choices([("", _("Semua tahap")), *stages])
    stage = filters.tahap.data if filters.tahap.data in flow.statuses else None
    rows = proposal_rows(
        filtered(office_id, stage, filters.dusun.data or None, (filters.rt.data or "").strip()),
        _full(),
    )
    area_form = area_form or AreaForm(formdata=None)
    area_form.dusun.choices = choices([("", _("Semua dusun")), *((d, d) for d in dusuns)])
    return render_template(
        "welfare/dtks/index.html",
        filters=filters,
        rows=rows,
        offers=visits_to_propose(office_id, _full()),
        area_form=area_form,
        confirm=ConfirmForm(formdata=None),
        error=error,
        message=message,
    ), status


@bp.post("/daftar-musyawarah")
@staff_required(Action.WELFARE_EDIT)
def list_area():
    """Put every verified proposal of a dusun (and RT) on the village meeting's list."""
    form = AreaForm()
    form.dusun.choices = choices([("", "")])
    if not form.validate():
        return _index(422, error=_("Periksa dusun dan RT."), area_form=form)
    count = steps.list_area(
        _office_id(), g.staff_user, form.dusun.data or None, (form.rt.data or "").strip() or None
    )
    if not count:
        return _index(error=_("Tidak ada usulan terverifikasi di wilayah ini."), area_form=form)
    return _index(message=_("%(n)d usulan masuk daftar musyawarah.", n=count))


@bp.post("/kunjungan/<id:visit_id>/usulkan")
@staff_required(Action.WELFARE_EDIT)
def propose_visit(visit_id: int):
    """Propose the household of a field visit (the visit verifies it at once)."""
    visit = db.session.get(HouseholdVisit, visit_id)
    if visit is None or not visible_to_staff(visit) or not ConfirmForm().validate():
        abort(404 if visit is None else 400)
    try:
        case = steps.propose_from_visit(visit, g.staff_user)
    except DomainError as refusal:
        db.session.rollback()
        return _index(refusal.status, error=refusal.message)
    return redirect(url_for("dtks.proposal", proposal_id=_proposal_of(case).id, dibuat=1))


def _proposal_of(case) -> DtksProposal:
    return db.session.query(DtksProposal).filter_by(file_id=case.id).one()


# --- a new proposal from the desk ------------------------------------------------------------


@bp.get("/usul")
@staff_required(Action.WELFARE_EDIT)
def propose_page():
    """The desk's proposal form; from a household page the household is chosen already."""
    form = ProposeForm(formdata=None)
    home = find_household_by_uuid(request.args.get("keluarga"))
    if home is not None and visible_to_staff_home(home):
        form.household.data = home.uuid
    else:
        home = None
    return _propose_page(form, home)


def visible_to_staff_home(home: Household) -> bool:
    return home.office_id is None or visible_to_staff(home)


def _propose_page(form, home, status: int = 200, error=None):
    existing = open_proposal(home.id) if home else None
    return render_template(
        "welfare/dtks/propose.html",
        form=form,
        home=home,
        head=head_name(home, _full()) if home else "",
        existing=existing,
        error=error,
    ), status


@bp.post("/usul")
@staff_required(Action.WELFARE_EDIT)
def propose_submit():
    form = ProposeForm()
    home = find_household_by_uuid(form.household.data) if form.household.data else None
    if home is None and form.kk_number.data:
        home = find_by_kk(form.kk_number.data)
    if home is not None and not visible_to_staff_home(home):
        home = None
    if not form.validate():
        return _propose_page(form, home, 422)
    if home is None:
        form.kk_number.errors = [_("Keluarga dengan nomor KK ini belum tercatat.")]
        return _propose_page(form, None, 422)
    try:
        case = propose(
            home,
            form.kind.data,
            g.staff_user,
            channel="desk",
            removal_reason=form.removal_reason.data or None,
            note=form.note.data,
        )
    except DomainError as refusal:
        db.session.rollback()
        return _propose_page(form, home, refusal.status, error=refusal.message)
    return redirect(url_for("dtks.proposal", proposal_id=_proposal_of(case).id, dibuat=1))


# --- one proposal and its steps --------------------------------------------------------------


@bp.get("/usulan/<id:proposal_id>")
@staff_required(Action.WELFARE_READ)
def proposal(proposal_id: int):
    """A proposal: the household, its stage, the steps open now, the history."""
    message = _("Usulan dibuat.") if request.args.get("dibuat") else None
    proposal = _proposal(proposal_id)
    record_file_view(g.staff_user, proposal.file, "file_page", masked=not _full())
    return _proposal_page(proposal, message=message)


def _proposal_page(proposal, status: int = 200, error=None, message=None, **forms):
    case = proposal.file
    flow = file_workflow(case)
    full = _full()
    visit_form = forms.get("visit") or VisitForm(formdata=None)
    visit_form.with_criteria(steps.current_criteria_version())
    if visit_form.visited_on.data is None:
        visit_form.visited_on.data = clock.today()
    kind_form = forms.get("kind") or KindFields(formdata=None)
    kind_form.kind.data = kind_form.kind.data or proposal.kind
    kind_form.removal_reason.data = kind_form.removal_reason.data or proposal.removal_reason or ""
    entered_form = forms.get("entered") or EnteredForm(formdata=None)
    entered_form.entered_on.data = entered_form.entered_on.data or clock.today()
    outcome_form = forms.get("outcome") or OutcomeForm(formdata=None)
    outcome_form.outcome_on.data = outcome_form.outcome_on.data or clock.today()
    return render_template(
        "welfare/dtks/proposal.html",
        row=ProposalRow(proposal, head_name(proposal.household, full)),
        case=case,
        flow=flow,
        status_label=flow.status(case.status).text("label"),
        members=member_rows(proposal.household, full),
        full=full,
        steps_open=STEPS_BY_STAGE.get(case.status, ()),
        visit_form=visit_form,
        kind_form=kind_form,
        reason_form=forms.get("reason") or ReasonForm(formdata=None),
        entered_form=entered_form,
        outcome_form=outcome_form,
        confirm=ConfirmForm(formdata=None),
        error=error,
        message=message,
    ), status


def _step(proposal, form_name: str, form, action, done: str):
    """Validate a step's form, run it, and show the proposal again (a refusal: its message)."""
    if not form.validate():
        return _proposal_page(proposal, 422, **{form_name: form})
    try:
        action(form)
    except DomainError as refusal:
        db.session.rollback()
        return _proposal_page(proposal, refusal.status, error=refusal.message, **{form_name: form})
    return _proposal_page(proposal, message=done)


@bp.post("/usulan/<id:proposal_id>/kunjungan")
@staff_required(Action.WELFARE_EDIT)
def record_visit(proposal_id: int):
    """The desk enters the verification visit."""
    proposal = _proposal(proposal_id)
    form = VisitForm().with_criteria(steps.current_criteria_version())
    return _step(
        proposal,
        "visit",
        form,
        lambda f: steps.record_visit(
            proposal.file,
            g.staff_user,
            outcome=f.outcome.data,
            criteria_met=list(f.criteria.data or []),
            note=f.note.data,
            visited_on=f.visited_on.data,
        ),
        _("Kunjungan dicatat."),
    )


@bp.post("/usulan/<id:proposal_id>/daftar")
@staff_required(Action.WELFARE_EDIT)
def list_one(proposal_id: int):
    """Put the proposal on the village meeting's list."""
    proposal = _proposal(proposal_id)
    return _step(
        proposal,
        "confirm",
        ConfirmForm(),
        lambda f: steps.list_for_meeting(proposal.file, g.staff_user),
        _("Usulan masuk daftar musyawarah."),
    )


@bp.post("/usulan/<id:proposal_id>/jenis")
@staff_required(Action.WELFARE_EDIT)
def set_kind(proposal_id: int):
    """Correct what is proposed (new, update, removal)."""
    proposal = _proposal(proposal_id)
    return _step(
        proposal,
        "kind",
        KindFields(),
        lambda f: steps.set_kind(
            proposal.file, f.kind.data, f.removal_reason.data or None, g.staff_user
        ),
        _("Jenis usulan disimpan."),
    )


@bp.post("/usulan/<id:proposal_id>/belum-dapat")
@staff_required(Action.WELFARE_EDIT)
def not_proposable(proposal_id: int):
    """Not yet proposable, with the reason the family reads (they may object)."""
    proposal = _proposal(proposal_id)
    return _step(
        proposal,
        "reason",
        ReasonForm(),
        lambda f: change_status(proposal.file, "belum_dapat_diusulkan", f.note.data, g.staff_user),
        _("Dicatat: belum dapat diusulkan."),
    )


@bp.post("/usulan/<id:proposal_id>/diinput")
@staff_required(Action.WELFARE_EDIT)
def entered_one(proposal_id: int):
    """The operator entered this proposal into SIKS-NG."""
    proposal = _proposal(proposal_id)
    return _step(
        proposal,
        "entered",
        EnteredForm(),
        lambda f: _entered([proposal], f.entered_on.data),
        _("Ditandai sudah diinput ke %(app)s.", app=national_names()["entry_app"]),
    )


def _entered(proposals, day) -> int:
    moved = steps.mark_entered([p.file for p in proposals], day, g.staff_user)
    if not moved:
        raise steps.StepRefused(_("Tidak ada usulan yang menunggu diinput."))
    return moved


@bp.post("/usulan/<id:proposal_id>/hasil")
@staff_required(Action.WELFARE_EDIT)
def record_outcome(proposal_id: int):
    """The result from the national list: in (decile) or not."""
    proposal = _proposal(proposal_id)
    return _step(
        proposal,
        "outcome",
        OutcomeForm(),
        lambda f: steps.record_outcome(
            proposal.file, f.outcome.data, f.decile.data, f.outcome_on.data, g.staff_user
        ),
        _("Hasil dicatat."),
    )


@bp.post("/usulan/<id:proposal_id>/sanggahan")
@staff_required(Action.WELFARE_EDIT)
def objection(proposal_id: int):
    """The family objects: the proposal reopens for the meeting."""
    proposal = _proposal(proposal_id)
    return _step(
        proposal,
        "reason",
        ReasonForm(),
        lambda f: steps.record_objection(proposal.file, f.note.data, g.staff_user),
        _("Sanggahan dicatat. Usulan dibuka lagi."),
    )


# --- the SIKS-NG export --------------------------------------------------------------------


@bp.get("/ekspor")
@staff_required(Action.WELFARE_READ)
def export_page():
    """Agreed proposals waiting for an export, and the exports made."""
    return _export_page()


def _export_page(status: int = 200, error=None, message=None, entered_form=None):
    office_id = _office_id()
    form = entered_form or EnteredForm(formdata=None)
    form.entered_on.data = form.entered_on.data or clock.today()
    exports = export.exports_of(office_id)
    return render_template(
        "welfare/dtks/export.html",
        waiting=proposal_rows(export.exportable(office_id), _full()),
        exports=[(e, proposal_rows(export.proposals_of(e), _full())) for e in exports],
        confirm=ConfirmForm(formdata=None),
        entered_form=form,
        may_download=_full(),
        columns=export.COLUMNS,
        error=error,
        message=message,
    ), status


@bp.post("/ekspor")
@staff_required(Action.WELFARE_EDIT)
def make_export():
    """Make a new export of every agreed proposal not yet exported."""
    if not ConfirmForm().validate():
        return _export_page(400, error=_("Formulir kedaluwarsa; coba lagi."))
    _need_full_data()
    try:
        made = export.make_export(_office_id(), g.staff_user)
    except DomainError as refusal:
        return _export_page(refusal.status, error=refusal.message)
    return _export_page(message=_("File ekspor dibuat: %(n)d baris.", n=made.row_count))


def _need_full_data() -> None:
    if not _full():
        abort(403)


@bp.get("/ekspor/<id:export_id>.<any(csv, xlsx):fmt>")
@staff_required(Action.WELFARE_EDIT)
def download(export_id: int, fmt: str):
    """Download an export (full NIK inside: logged, and only for full-data accounts)."""
    _need_full_data()
    try:
        made = export.get_export(export_id, _office_id())
    except DomainError:
        abort(404)
    if fmt == "csv":
        body, mime = export.export_csv(made, g.staff_user), "text/csv; charset=utf-8"
    else:
        body = export.export_xlsx(made, g.staff_user)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{made.file_name}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/ekspor/<id:export_id>/diinput")
@staff_required(Action.WELFARE_EDIT)
def entered_export(export_id: int):
    """Mark every agreed proposal of an export entered into SIKS-NG on the given day."""
    try:
        made = export.get_export(export_id, _office_id())
    except DomainError:
        abort(404)
    form = EnteredForm()
    if not form.validate():
        return _export_page(422, entered_form=form)
    try:
        moved = _entered(export.proposals_of(made), form.entered_on.data)
    except DomainError as refusal:
        db.session.rollback()
        return _export_page(refusal.status, error=refusal.message, entered_form=form)
    app = national_names()["entry_app"]
    return _export_page(
        message=_("%(n)d usulan ditandai sudah diinput ke %(app)s.", n=moved, app=app)
    )
