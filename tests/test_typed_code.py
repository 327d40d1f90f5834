"""What the Cek Status keypad tells a citizen about a code that is not a tracking code."""

import pytest

from kiosk.queue.typed_code import code_problem


@pytest.mark.parametrize(
    ("typed", "kind", "symbols", "wrong"),
    [
        ("K7QM-2X", "short", "K7QM2X", ()),
        ("k7qm-2xpu", "unknown_symbol", "K7QM2XPU", (7,)),
        ("K7QM-2XAP-9RY", "check", "K7QM2XAP9RY", (6, 7)),
        ("K7QM-2XPA-9RYX", "not_a_code", "", ()),
        ("!!!", "unknown_symbol", "!!!", (0, 1, 2)),
        ("A-001", "queue_number", "", ()),
    ],
)
def test_problems(typed, kind, symbols, wrong):
    problem = code_problem(typed)
    assert (problem.kind, problem.symbols, problem.wrong) == (kind, symbols, wrong)


def test_a_queue_number_is_shown_as_printed():
    assert code_problem(" c 7 ").kind == "short"  # too few digits: a code begun, not a number
    assert code_problem("c007").queue_number == "C-007"
    assert code_problem("https://kantor/s/A-012").queue_number == "A-012"


def test_one_wrong_symbol_is_not_pinned_on_a_guess():
    problem = code_problem("K7Q0-2XPA-9RY")  # K7QM-2XPA-9RY with M typed as 0
    assert problem.kind == "check" and problem.wrong == ()
    assert problem.symbols == "K7Q02XPA9RY"
