"""Typed values passed between the stages, and the result contract.

Stage types: :class:`Word` -> :class:`Line` -> :class:`PageText`.
Result types: :class:`Field`, :class:`TaxPeriod`, :class:`Amounts`, :class:`Stage`,
:class:`Explanation`, :class:`Deadline`, :class:`ErrorInfo`, :class:`PageInfo`,
:class:`ScanResult`. ``ScanResult.to_dict()`` is the only code that produces the JSON contract.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from scanner.privacy import mask, mask_deep

T = TypeVar("T")

InputKind = Literal["pdf-text", "pdf-scanned", "image"]
PageSource = Literal["text-layer", "ocr", "blank"]
DeadlineKind = Literal["printed", "statutory", "estimated"]

#: Names of the money fields, in billing-summary order.
AMOUNT_NAMES = ("tax", "payments_credits", "penalties", "interest", "amount_due")
#: The billing summary's lines and the sign each carries in the sum that is the amount due.
BREAKDOWN_SIGNS = {"tax": 1, "payments_credits": -1, "penalties": 1, "interest": 1}


def breakdown_total(fields: Mapping[str, Field[Any]]) -> Decimal | None:
    """tax - payments + penalties + interest, or None without at least tax."""
    if "tax" not in fields:
        return None
    return sum(
        (sign * fields[name].value for name, sign in BREAKDOWN_SIGNS.items() if name in fields),
        Decimal(0),
    )


@dataclass(frozen=True, slots=True)
class Word:
    """One word with its box in page coordinates (points for PDFs, pixels for images)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float = 1.0  # 0..1; 1.0 for a PDF text layer
    page: int = 1

    @property
    def height(self) -> float:
        """Height of the word's box."""
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Line:
    """Words that share a baseline, left to right.

    ``text`` joins the words with one space, or with a tab where the gap between two words is
    wide (a column gap or a leader before a right-aligned amount). ``starts`` holds the offset of
    each word in ``text``, so a regex match maps back to the words it covers.
    """

    page: int
    words: tuple[Word, ...]
    text: str
    starts: tuple[int, ...]

    @property
    def top(self) -> float:
        """Top of the highest word."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom of the lowest word."""
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        """Left edge of the first word."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Right edge of the last word."""
        return self.words[-1].x1

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words that overlap the character span ``[start, end)`` of ``text``."""
        out = []
        for word, offset in zip(self.words, self.starts, strict=True):
            if offset < end and offset + len(word.text) > start:
                out.append(word)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page as lines of positioned words, and where it came from."""

    page: int  # 1-based
    width: float
    height: float
    lines: tuple[Line, ...]
    source: PageSource
    rotation: int = 0  # degrees the page image was turned to read upright (OCR only)
    # A text layer laid over a full-page picture: a scan made searchable, whose text is some
    # program's OCR and may hold its slips ("CP141A" for CP14IA).
    over_scan: bool = False

    @property
    def text(self) -> str:
        """All lines joined by newlines, tabs turned into spaces."""
        return "\n".join(line.text.replace("\t", "  ") for line in self.lines)


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """An extracted value with its confidence (0..1), 1-based page and the text it came from."""

    value: T
    confidence: float
    page: int
    evidence: str

    def with_confidence(self, confidence: float) -> Field[T]:
        """A copy with another confidence, clamped to 0..1."""
        return Field(self.value, max(0.0, min(1.0, confidence)), self.page, self.evidence)


@dataclass(frozen=True, slots=True)
class TaxPeriod:
    """A tax period the letter is about: the return form, the period's last day, and its year."""

    form: str | None
    period_end: date | None
    year: int | None

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``tax_periods`` item."""
        return {
            "form": self.form,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "year": self.year,
        }


@dataclass(frozen=True, slots=True)
class Amounts:
    """The billing summary. ``payments_credits`` is a positive figure that was subtracted."""

    tax: Decimal | None = None
    payments_credits: Decimal | None = None
    penalties: Decimal | None = None
    interest: Decimal | None = None
    amount_due: Decimal | None = None

    def to_dict(self) -> dict[str, str | None]:
        """Money as two-place decimal strings with no sign or commas."""
        return {name: money_str(getattr(self, name)) for name in AMOUNT_NAMES}


@dataclass(frozen=True, slots=True)
class Stage:
    """Where the letter sits in its IRS process: step ``step`` of ``of``."""

    process: str
    step: int
    of: int
    title: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """The plain-English explanation of a notice, from the catalog."""

    summary: str
    what_irs_wants: str
    what_comes_next: str
    misunderstandings: tuple[str, ...]
    response_window: str | None


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date that matters, where it comes from, and the days left from ``today``."""

    date: date
    kind: DeadlineKind
    what: str
    days_left: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "what": self.what,
            "days_left": self.days_left,
        }


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """Why a file could not be read: a stable slug and a one-line message."""

    type: str
    message: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    """How one page was read."""

    page: int
    source: PageSource
    rotation: int = 0
    words: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "page": self.page,
            "source": self.source,
            "rotation": self.rotation,
            "words": self.words,
        }


FIELD_NAMES = (
    "notice_code",
    "notice_date",
    "tax_periods",
    "due_date",
    *AMOUNT_NAMES,
    "tin",
)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything the scanner found in one file. ``to_dict()`` is the JSON contract."""

    source: str
    input_kind: InputKind | None = None
    fields: Mapping[str, Field[Any]] = field(default_factory=dict)
    stage: Stage | None = None
    explanation: Explanation | None = None
    title: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    warnings: tuple[str, ...] = ()
    error: ErrorInfo | None = None
    pages: tuple[PageInfo, ...] = ()
    sha256: str | None = None
    text: str | None = None  # only with ScanOptions(include_text=True)
    #: The letters after the first in a file that holds several (a stack scanned into one PDF).
    other_letters: tuple[ScanResult, ...] = ()

    def __repr__(self) -> str:
        # Logged or printed while debugging, a result must not show an identifier that its
        # file name (or anything else it holds) carries.
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return mask(f"ScanResult({inner})")

    def _value(self, name: str) -> Any:
        found = self.fields.get(name)
        return None if found is None else found.value

    @property
    def notice_code(self) -> str | None:
        """Canonical notice code (``CP14``, ``LTR1058``), or None."""
        return self._value("notice_code")  # type: ignore[no-any-return]

    @property
    def notice_date(self) -> date | None:
        """The date printed as the notice date."""
        return self._value("notice_date")  # type: ignore[no-any-return]

    @property
    def due_date(self) -> date | None:
        """The pay-by or respond-by date printed on the letter."""
        return self._value("due_date")  # type: ignore[no-any-return]

    @property
    def tax_periods(self) -> tuple[TaxPeriod, ...]:
        """The tax periods the letter is about."""
        return self._value("tax_periods") or ()

    @property
    def amounts(self) -> Amounts:
        """The billing summary as Decimals."""
        return Amounts(**{name: self._value(name) for name in AMOUNT_NAMES})

    @property
    def ok(self) -> bool:
        """True when the file was read (even if it is not an IRS letter)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """The result contract as plain JSON types, with identifiers masked."""
        out: dict[str, Any] = {
            "source": self.source,
            "input_kind": self.input_kind,
            "notice_code": self.notice_code,
            "notice_date": _iso(self.notice_date),
            "tax_periods": [p.to_dict() for p in self.tax_periods],
            "due_date": _iso(self.due_date),
            "amounts": self.amounts.to_dict(),
            "stage": None
            if self.stage is None
            else {
                "process": self.stage.process,
                "step": self.stage.step,
                "of": self.stage.of,
                "title": self.stage.title,
            },
            "explanation": None
            if self.explanation is None
            else {
                "summary": self.explanation.summary,
                "what_irs_wants": self.explanation.what_irs_wants,
                "what_comes_next": self.explanation.what_comes_next,
                "misunderstandings": list(self.explanation.misunderstandings),
                "response_window": self.explanation.response_window,
            },
            "fields": {
                name: {
                    "value": json_value(f.value),
                    "confidence": round(f.confidence, 3),
                    "page": f.page,
                    "evidence": f.evidence,
                }
                for name, f in self.fields.items()
            },
            "warnings": list(self.warnings),
            "error": None
            if self.error is None
            else {
                "type": self.error.type,
                "message": self.error.message,
            },
            "title": self.title,
            "deadlines": [d.to_dict() for d in self.deadlines],
            "pages": [p.to_dict() for p in self.pages],
            "sha256": self.sha256,
        }
        if self.text is not None:
            out["text"] = self.text
        out["other_letters"] = [letter.to_dict() for letter in self.other_letters]
        masked: dict[str, Any] = mask_deep(out)
        masked["sha256"] = self.sha256  # a content hash, not an identifier
        return masked

    def to_json(self, *, indent: int | None = None) -> str:
        """``to_dict()`` as a JSON string."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def page_span(numbers: Sequence[int]) -> str:
    """``[3, 4]`` -> ``'pages 3-4'``, ``[2]`` -> ``'page 2'``: where a letter sits in its file."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {numbers[0]}-{numbers[-1]}"


def money_str(value: Decimal | None) -> str | None:
    """``Decimal('-1234.5')`` -> ``'1234.50'``: two places, no sign, no commas."""
    if value is None:
        return None
    return f"{abs(value).quantize(Decimal('0.01')):f}"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def json_value(value: Any) -> Any:
    """Convert a field value (Decimal, date, TaxPeriod, tuples) to plain JSON types."""
    if isinstance(value, Decimal):
        return money_str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, TaxPeriod):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [json_value(v) for v in value]
    return value
