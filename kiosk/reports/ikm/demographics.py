"""The optional respondent questions of the regulation's form: age group, sex, education.

Codes are stored; words are shown. No name and no NIK are ever asked."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Field:
    name: str
    title: object
    choices: tuple[tuple[str, object], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.choices)

    def label(self, code: str | None) -> str:
        return str(dict(self.choices).get(code, _l("Tidak diisi")))


FIELDS: tuple[Field, ...] = (
    Field(
        "age_group",
        _l("Umur"),
        (
            ("lt20", _l("di bawah 20 tahun")),
            ("20-29", _l("20–29 tahun")),
            ("30-39", _l("30–39 tahun")),
            ("40-49", _l("40–49 tahun")),
            ("50+", _l("50 tahun ke atas")),
        ),
    ),
    Field("sex", _l("Jenis kelamin"), (("L", _l("Laki-laki")), ("P", _l("Perempuan")))),
    Field(
        "education",
        _l("Pendidikan"),
        (
            ("sd", _l("SD ke bawah")),
            ("smp", _l("SMP")),
            ("sma", _l("SMA/SMK")),
            ("d", _l("Diploma (D1–D4)")),
            ("s1", _l("S1")),
            ("s2", _l("S2 ke atas")),
        ),
    ),
)
