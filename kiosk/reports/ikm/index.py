"""The IKM arithmetic of PermenPANRB 14/2017: no request, no database, no HTML.

Each of the 9 elements (unsur) is answered 1..4. Per element the mean answer is its NRR
(nilai rata-rata); each NRR weighs 1/9 (the regulation prints 0,111); the unit's index is the
sum of the weighted NRRs, converted to 25..100 by × 25. Grades follow the regulation's table of
perception values, intervals and conversions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SCALE = (1, 2, 3, 4)
BASE = 25  # the regulation's "nilai dasar": index 1..4 → 25..100


@dataclass(frozen=True)
class Element:
    """One element (unsur) of the survey: its code, name and the four answers in words."""

    code: str
    label: dict[str, str]
    question: dict[str, str]
    answers: dict[str, tuple[str, str, str, str]]

    def name(self, lang: str = "id") -> str:
        return self.label.get(lang) or self.label["id"]


def _answers(id_words: tuple, en_words: tuple) -> dict[str, tuple[str, str, str, str]]:
    return {"id": id_words, "en": en_words}


_FIT = _answers(
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Not suitable", "Somewhat unsuitable", "Suitable", "Very suitable"),
)
_EASY = _answers(
    ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ("Not easy", "Not very easy", "Easy", "Very easy"),
)
_FAST = _answers(
    ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ("Not fast", "Not very fast", "Fast", "Very fast"),
)
_CHEAP = _answers(
    ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ("Very expensive", "Rather expensive", "Cheap", "Free"),
)
_ABLE = _answers(
    ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ("Not competent", "Somewhat competent", "Competent", "Very competent"),
)
_POLITE = _answers(
    ("Tidak sopan", "Kurang sopan", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ("Not polite", "Not very polite", "Polite and friendly", "Very polite and friendly"),
)
_HANDLED = _answers(
    ("Tidak ada", "Ada, tidak berjalan", "Berjalan kurang baik", "Dikelola dengan baik"),
    ("None", "There, but not working", "Works, not fully", "Well managed"),
)
_GOOD = _answers(
    ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ("Poor", "Fair", "Good", "Very good"),
)

# In the order of the regulation's annex (unsur pelayanan U1..U9).
ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        {"id": "Persyaratan", "en": "Requirements"},
        {
            "id": "Apakah persyaratan sesuai dengan layanan yang Anda terima?",
            "en": "Did the requirements fit the service you received?",
        },
        _FIT,
    ),
    Element(
        "u2",
        {"id": "Sistem, mekanisme dan prosedur", "en": "Procedure"},
        {
            "id": "Apakah prosedur pelayanan di kantor ini mudah?",
            "en": "Was the procedure at this office easy?",
        },
        _EASY,
    ),
    Element(
        "u3",
        {"id": "Waktu penyelesaian", "en": "Time to finish"},
        {
            "id": "Bagaimana kecepatan waktu pelayanan?",
            "en": "How fast was the service?",
        },
        _FAST,
    ),
    Element(
        "u4",
        {"id": "Biaya/tarif", "en": "Cost"},
        {
            "id": "Bagaimana biaya yang Anda bayar untuk layanan ini?",
            "en": "How was the cost you paid for this service?",
        },
        _CHEAP,
    ),
    Element(
        "u5",
        {"id": "Produk spesifikasi jenis pelayanan", "en": "Service product"},
        {
            "id": "Apakah hasil layanan sesuai dengan yang dijanjikan?",
            "en": "Did the result match what was promised?",
        },
        _FIT,
    ),
    Element(
        "u6",
        {"id": "Kompetensi pelaksana", "en": "Staff competence"},
        {
            "id": "Bagaimana kemampuan petugas dalam melayani?",
            "en": "How capable was the officer?",
        },
        _ABLE,
    ),
    Element(
        "u7",
        {"id": "Perilaku pelaksana", "en": "Staff behaviour"},
        {
            "id": "Bagaimana sikap petugas: sopan dan ramah?",
            "en": "How did the officer behave: polite and friendly?",
        },
        _POLITE,
    ),
    Element(
        "u8",
        {"id": "Penanganan pengaduan, saran dan masukan", "en": "Complaint handling"},
        {
            "id": "Bagaimana penanganan pengaduan, saran dan masukan di kantor ini?",
            "en": "How are complaints and suggestions handled at this office?",
        },
        _HANDLED,
    ),
    Element(
        "u9",
        {"id": "Sarana dan prasarana", "en": "Facilities"},
        {
            "id": "Bagaimana ruang tunggu, tempat duduk dan fasilitas kantor?",
            "en": "How were the waiting room, seats and facilities?",
        },
        _GOOD,
    ),
)
CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)
WEIGHT = 1 / len(ELEMENTS)

# Lower bounds of the regulation's bands, best first: per element on the 1..4 NRR scale, and for
# the converted unit index on 25..100.
ELEMENT_BANDS = ((3.5324, "A"), (3.0644, "B"), (2.60, "C"), (1.00, "D"))
UNIT_BANDS = ((88.31, "A"), (76.61, "B"), (65.00, "C"), (25.00, "D"))
GRADE_LABELS = {"A": "Sangat Baik", "B": "Baik", "C": "Kurang Baik", "D": "Tidak Baik"}


@dataclass(frozen=True)
class ElementScore:
    code: str
    label: str
    respondents: int
    nrr: float
    weighted: float
    grade: str


@dataclass(frozen=True)
class IkmSummary:
    respondents: int
    population: int
    sample_needed: int
    elements: list[ElementScore]
    index: float | None
    grade: str | None
    grade_label: str | None


@dataclass(frozen=True)
class Computed:
    """The arithmetic alone: per-element scores and the unit index (None without answers)."""

    respondents: int
    elements: list[ElementScore]
    index: float | None
    grade: str | None
    grade_label: str | None


def element_grade(nrr: float) -> str:
    """The grade of one element's NRR (1..4 scale)."""
    return _band(nrr, ELEMENT_BANDS)


def unit_grade(index: float) -> str:
    """The grade of the converted unit index (25..100)."""
    return _band(index, UNIT_BANDS)


def _band(value: float, bands: tuple[tuple[float, str], ...]) -> str:
    for lower, grade in bands:
        if value >= lower:
            return grade
    return bands[-1][1]


def compute(answers: list[dict[str, int]], lang: str = "id") -> Computed:
    """NRR per element, weighted, and the unit index × 25 rounded to 2 decimals.

    Every answer must hold all 9 codes with values 1..4 (ValueError otherwise): the survey
    saves complete answers only, so the respondents are the same for every element.
    """
    for answer in answers:
        check_answer(answer)
    count = len(answers)
    if not count:
        return Computed(0, [], None, None, None)
    scores = []
    for element in ELEMENTS:
        nrr = sum(answer[element.code] for answer in answers) / count
        scores.append(
            ElementScore(
                code=element.code,
                label=element.name(lang),
                respondents=count,
                nrr=nrr,
                weighted=nrr * WEIGHT,
                grade=element_grade(nrr),
            )
        )
    index = round(sum(score.weighted for score in scores) * BASE + 1e-9, 2)
    grade = unit_grade(index)
    return Computed(count, scores, index, grade, GRADE_LABELS[grade])


def check_answer(answer: dict[str, int]) -> None:
    """ValueError unless `answer` holds exactly the 9 codes, each an int 1..4."""
    if set(answer) != set(CODES):
        raise ValueError("an answer needs every element u1..u9")
    for code in CODES:
        value = answer[code]
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise ValueError(f"{code} must be 1..4")


def sample_size(population: int) -> int:
    """Krejcie & Morgan: s = X²NP(1−P) / (d²(N−1) + X²P(1−P)), X² = 3.841, P = 0.5, d = 0.05.

    Rounded to the nearest person as the published table is (N = 50 → 44, N = 100 → 80,
    N = 1000 → 278)."""
    if population <= 0:
        return 0
    chi2, p, d = 3.841, 0.5, 0.05
    s = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, math.floor(s + 0.5))
