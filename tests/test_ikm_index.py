"""The IKM arithmetic (PermenPANRB 14/2017) on plain numbers: NRR per element, weight 1/9,
× 25, the grade bands at their edges, and the Krejcie–Morgan sample table."""

from __future__ import annotations

import pytest

from kiosk.reports.ikm.index import (
    CODES,
    ELEMENTS,
    compute,
    element_grade,
    sample_size,
    unit_grade,
)

# A hand-worked set of four surveys (u1..u9 in order). Column sums 14, 13, 11, 16, 13, 13, 15,
# 10, 11 → NRR 3.50, 3.25, 2.75, 4.00, 3.25, 3.25, 3.75, 2.50, 2.75; their sum 29.00;
# × 1/9 = 3.2222…; × 25 = 80.5555… → 80.56, band B (76.61–88.30) "Baik".
WORKED = [
    (4, 4, 3, 4, 3, 3, 4, 2, 3),
    (3, 3, 3, 4, 3, 3, 3, 2, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 2),
    (3, 3, 3, 4, 4, 3, 4, 3, 3),
]


def _answers(rows):
    return [dict(zip(CODES, row, strict=True)) for row in rows]


def test_nine_elements_in_the_regulations_order():
    assert CODES == ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
    assert [element.name() for element in ELEMENTS][:2] == [
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
    ]
    assert ELEMENTS[8].name() == "Sarana dan prasarana"
    assert all(len(words) == 4 for element in ELEMENTS for words in element.answers.values())


def test_worked_example_by_hand():
    result = compute(_answers(WORKED))
    assert result.respondents == 4
    nrr = [score.nrr for score in result.elements]
    assert nrr == [3.5, 3.25, 2.75, 4.0, 3.25, 3.25, 3.75, 2.5, 2.75]
    assert [score.grade for score in result.elements] == list("BBCABBADC")
    assert [round(score.weighted, 4) for score in result.elements][:2] == [0.3889, 0.3611]
    assert result.index == 80.56
    assert (result.grade, result.grade_label) == ("B", "Baik")


@pytest.mark.parametrize(
    ("value", "grade", "label"),
    [(4, 100.0, "A"), (1, 25.0, "D")],
)
def test_the_scale_ends(value, grade, label):
    result = compute(_answers([(value,) * 9] * 3))
    assert (result.index, result.grade) == (grade, label)


def test_empty_period_has_no_index():
    result = compute([])
    assert (result.respondents, result.elements, result.index, result.grade) == (0, [], None, None)


@pytest.mark.parametrize(
    ("index", "grade"),
    [
        (100.0, "A"),
        (88.31, "A"),
        (88.30, "B"),
        (76.61, "B"),
        (76.60, "C"),
        (65.00, "C"),
        (64.99, "D"),
        (25.00, "D"),
    ],
)
def test_unit_grade_band_edges(index, grade):
    assert unit_grade(index) == grade


@pytest.mark.parametrize(
    ("nrr", "grade"),
    [
        (4.0, "A"),
        (3.5324, "A"),
        (3.532, "B"),
        (3.0644, "B"),
        (3.064, "C"),
        (2.60, "C"),
        (2.5996, "D"),
        (1.0, "D"),
    ],
)
def test_element_grade_band_edges(nrr, grade):
    assert element_grade(nrr) == grade


def test_index_rounds_half_up_to_two_decimals():
    # NRR sum 28.5 over 2 surveys → 28.5/9×25 = 79.1666… → 79.17
    rows = [(4, 3, 3, 4, 3, 3, 3, 2, 3), (3, 3, 3, 4, 3, 3, 4, 3, 3)]
    assert compute(_answers(rows)).index == 79.17


@pytest.mark.parametrize(
    "answer",
    [
        {code: 3 for code in CODES[:8]},  # one missing
        {**{code: 3 for code in CODES}, "u5": 5},
        {**{code: 3 for code in CODES}, "u1": 0},
        {**{code: 3 for code in CODES}, "u2": "3"},
        {**{code: 3 for code in CODES}, "u10": 3},
    ],
)
def test_incomplete_or_out_of_scale_answers_are_refused(answer):
    with pytest.raises(ValueError):
        compute([answer])


@pytest.mark.parametrize(
    ("population", "sample"),
    # Krejcie & Morgan (1970), Table 1.
    [(0, 0), (10, 10), (20, 19), (50, 44), (100, 80), (200, 132), (500, 217), (1000, 278)],
)
def test_krejcie_morgan_sample(population, sample):
    assert sample_size(population) == sample
