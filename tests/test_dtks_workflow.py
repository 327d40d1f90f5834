"""The DTKS workflow: nobody closes a proposal before the village meeting, and a status that
is reached only through its own step (`via`) is refused to every other move."""

from __future__ import annotations

import pytest
from dtks_support import household

from kiosk.files import service as files
from kiosk.files.workflow import WorkflowError, read_workflow, read_workflows
from kiosk.welfare.dtks.service import propose

FLOW = read_workflow("dtks")
MEETING_DECISIONS = {"disepakati_musyawarah", "tidak_disepakati_musyawarah"}


def _reachable_without(flow, banned_via: str) -> set[str]:
    """Statuses reachable from the start never entering a status reached via `banned_via`."""
    seen, todo = {flow.start}, [flow.start]
    while todo:
        for target in flow.statuses[todo.pop()].next:
            if flow.statuses[target].via != banned_via and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_no_final_status_is_reachable_before_the_meeting():
    before = _reachable_without(FLOW, "meeting")
    assert {c for c in before if FLOW.statuses[c].final} == set()
    # ...and the meeting's decisions themselves are the meeting's only.
    assert {c for c, s in FLOW.statuses.items() if s.via == "meeting"} == MEETING_DECISIONS


def test_every_status_of_the_contract_with_its_step():
    vias = {code: status.via for code, status in FLOW.statuses.items()}
    assert vias == {
        "diusulkan": None,
        "perlu_dilengkapi": None,
        "diverifikasi": "visit",
        "belum_dapat_diusulkan": None,
        "masuk_daftar_musyawarah": None,
        "disepakati_musyawarah": "meeting",
        "tidak_disepakati_musyawarah": "meeting",
        "diinput_siksng": "entry",
        "masuk_dtsen": "outcome",
        "tidak_masuk_dtsen": "outcome",
        "sanggahan": "objection",
    }
    assert (FLOW.start, FLOW.incomplete) == ("diusulkan", "perlu_dilengkapi")
    assert FLOW.status("belum_dapat_diusulkan").needs_note
    assert not FLOW.status("belum_dapat_diusulkan").final
    assert "sanggah" in FLOW.status("belum_dapat_diusulkan").text("next_step")
    assert "dtks" not in read_workflows()["puskesos_kis"]["services"]


def test_the_status_form_never_offers_a_step_status():
    assert FLOW.free_next("diusulkan") == ("perlu_dilengkapi", "belum_dapat_diusulkan")
    assert FLOW.free_next("masuk_daftar_musyawarah") == ()
    assert FLOW.allows("masuk_daftar_musyawarah", "disepakati_musyawarah", via="meeting")
    assert not FLOW.allows("masuk_daftar_musyawarah", "disepakati_musyawarah")
    assert not FLOW.allows("masuk_daftar_musyawarah", "disepakati_musyawarah", via="visit")


def test_a_via_that_is_not_a_step_name_is_refused(tmp_path):
    path = tmp_path / "workflows.yaml"
    path.write_text(
        "w:\n  name: {id: W}\n  start: a\n  incomplete: a\n  statuses:\n"
        "    a: {label: {id: A}, next_step: {id: A}, next: [b]}\n"
        "    b: {label: {id: B}, next_step: {id: B}, final: true, via: [x]}\n"
    )
    with pytest.raises(WorkflowError, match="via"):
        read_workflows(path)


@pytest.mark.data_layer
def test_change_status_refuses_a_step_status_without_its_step(ctx):
    case = propose(household(), "baru", None, channel="desk")
    with pytest.raises(files.StatusNotAllowed):
        files.change_status(case, "diverifikasi", None, None)
    files.change_status(case, "diverifikasi", None, None, via="visit")
    files.change_status(case, "masuk_daftar_musyawarah", None, None)
    with pytest.raises(files.StatusNotAllowed):
        files.change_status(case, "tidak_disepakati_musyawarah", "Mampu", None)
    with pytest.raises(files.StatusNotAllowed):
        files.change_status(case, "tidak_disepakati_musyawarah", "Mampu", None, via="visit")
    files.change_status(case, "tidak_disepakati_musyawarah", "Mampu", None, via="meeting")
    assert case.closed
    files.change_status(case, "sanggahan", "Rumah sudah roboh", None, via="objection")
    assert not case.closed and case.status == "sanggahan"


def test_the_meeting_may_correct_its_own_decision_and_nobody_else():
    assert FLOW.allows("disepakati_musyawarah", "tidak_disepakati_musyawarah", via="meeting")
    assert FLOW.allows("tidak_disepakati_musyawarah", "disepakati_musyawarah", via="meeting")
    assert FLOW.free_next("disepakati_musyawarah") == ()
    assert FLOW.free_next("tidak_disepakati_musyawarah") == ()
