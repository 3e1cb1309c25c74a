"""The visual variant of one letter, and the context the drawing code shares."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from samples.generator.common import fmt_date, long_date, money, numeric_date
from samples.generator.content import Letter, Period
from samples.generator.draw import FAMILIES, Doc, Fonts

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(slots=True)
class Style:
    """Which variant of each printed block a letter uses."""

    header: str  # stacked | oneline | reference | letter
    cont_header: str  # full | short | page-only
    date_style: str  # long | numeric
    period_label: str
    tin_label: str
    margin_l: float
    margin_r: float
    top: float
    pages: int
    summary_page: int
    summary_place: str  # full | left | right
    voucher: bool
    qr: bool
    leaders: bool
    colon_labels: bool
    noise: list[str] = field(default_factory=list)
    footer: bool = False
    rev: str = ""
    code_label: str = ""
    headline_box: bool = False
    voucher_period: bool = False

    def to_spec(self) -> dict[str, Any]:
        """The variant as plain JSON for ``_spec``."""
        return {
            "header": self.header, "continuation_header": self.cont_header,
            "date_style": self.date_style, "period_label": self.period_label,
            "tin_label": self.tin_label, "pages": self.pages,
            "summary_page": self.summary_page, "summary_place": self.summary_place,
            "voucher": self.voucher, "qr": self.qr, "leaders": self.leaders,
            "noise": list(self.noise), "footer": self.footer, "code_label": self.code_label,
            "headline_box": self.headline_box,
            "margins": [round(self.margin_l), round(self.margin_r), round(self.top)],
        }


def choose_fonts(rng: random.Random) -> Fonts:
    """Pick a font family and sizes."""
    family = rng.choices(("helvetica", "times", "vera", "courier"), weights=(45, 20, 28, 7))[0]
    regular, bold = FAMILIES[family]
    size = round(rng.uniform(8.6, 10.6) * 2) / 2
    if family == "courier":
        size = min(size, 9.5)
    return Fonts(family, regular, bold, rng.choice(("Courier", "Courier", "Helvetica")),
                 size, round(size * rng.uniform(1.4, 1.9), 1))


def period_label_for(rng: random.Random, letter: Letter) -> str:
    """Choose the label for the tax period line."""
    if letter.business and letter.periods[0].quarterly:
        return rng.choice(("Tax period", "Tax period ending", "Quarter ending", "Tax period"))
    if letter.periods[0].end.month != 12:
        return rng.choice(("Tax period", "Tax period ending", "Tax year ending"))
    if letter.business:
        return rng.choice(("Tax period", "Tax period ending", "Tax year", "Tax year ending"))
    return rng.choices(("Tax year", "Tax period", "Tax period ending", "Tax year ending"),
                       weights=(70, 10, 10, 10))[0]


def tin_label_for(rng: random.Random, letter: Letter, header: str) -> str:
    """Choose the label for the taxpayer identifier."""
    if header == "oneline":
        return "TIN" if rng.random() < 0.7 else ("EIN" if letter.business else "SSN")
    if header == "letter":
        return rng.choice(("Taxpayer ID number", "Taxpayer identification number",
                           "Employer ID number" if letter.business else "Social security number"))
    if letter.business:
        return rng.choice(("Employer ID number", "Employer identification number", "EIN",
                           "Taxpayer ID number"))
    if header == "reference":
        return rng.choice(("Your SSN", "SSN", "Social security number"))
    return rng.choices(("Social security number", "SSN", "Your SSN", "TIN",
                        "Taxpayer ID number"), weights=(55, 15, 10, 10, 10))[0]


class Ctx:
    """What the drawing code needs: the letter, its style, the doc and formatting helpers."""

    def __init__(self, letter: Letter, style: Style, doc: Doc, rng: random.Random) -> None:
        self.letter = letter
        self.style = style
        self.doc = doc
        self.rng = rng
        self.W = 612.0 - style.margin_r
        self.L = style.margin_l

    @property
    def width(self) -> float:
        """Usable text width."""
        return self.W - self.L

    def d(self, value: date, style: str | None = None) -> str:
        """A date in this letter's style."""
        return fmt_date(value, style or self.style.date_style)

    def period_value(self, i: int, label: str | None = None) -> str:
        """How period ``i`` is printed after its label."""
        p: Period = self.letter.periods[i]
        label = label or self.style.period_label
        if label == "Tax year" and not p.quarterly and p.end.month == 12:
            return str(p.year)
        if label == "Tax period ending" or self.style.date_style == "numeric":
            return numeric_date(p.end)
        return long_date(p.end)

    def period_phrase(self, i: int = 0) -> str:
        """'2023 Form 1040' or 'Form 941 for the quarter ending March 31, 2024'."""
        p = self.letter.periods[i]
        if p.quarterly:
            return f"Form {p.form} for the quarter ending {self.d(p.end)}"
        if p.end.month != 12:
            return f"Form {p.form} for the tax period ending {self.d(p.end)}"
        return f"{p.year} Form {p.form}"

    def fill(self, template: str) -> tuple[str, set[str]] | None:
        """Fill placeholders; None when one of them has no value for this letter."""
        lt = self.letter
        single = len(lt.periods) == 1
        values: dict[str, tuple[str, set[str]] | None] = {
            "amount_due": (money(lt.amount_due), {"amount_due"})
            if lt.amount_due is not None else None,
            "due": (self.d(lt.due_date), {"due"}) if lt.due_date else None,
            "year": (str(lt.periods[0].year), {"period:0"})
            if single and not lt.periods[0].quarterly and lt.periods[0].end.month == 12 else None,
            "year_form": (self.period_phrase(0), {"period:0", "form:0"})
            if single and (not lt.business or not lt.periods[0].quarterly) else None,
            "period_phrase": (self.period_phrase(0), {"period:0", "form:0"}) if single else None,
            "period_short": (self.period_phrase(0), {"period:0", "form:0"}) if single else None,
            "code": (self.style.code_label or lt.code, {"code"}),
            "prev_code": (lt.prev_code, set()) if lt.prev_code else None,
            "prev_date": (long_date(lt.prev_date), set()) if lt.prev_date else None,
            "refund": (money(lt.refund), set()) if lt.refund else None,
            "fee": (money(lt.fee), set()) if lt.fee else None,
            "phone": (lt.office.phone, set()),
        }
        keys: set[str] = set()
        out = template
        for name in _PLACEHOLDER.findall(template):
            value = values.get(name)
            if value is None:
                return None
            out = out.replace("{" + name + "}", value[0], 1)
            keys |= value[1]
        return out, keys
