"""Shared pieces of the extractors: page regions, candidate hits, and voting among witnesses.

A letter prints most values more than once (the info block, the headline, the billing summary,
the tear-off voucher, running headers on later pages). Every occurrence becomes a :class:`Hit`;
:func:`vote` picks the best-supported value, derives a confidence from the words it came from and
from how many places agree, and writes a warning when places disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any, Generic, Literal, TypeVar

import regex

from scanner.models import Field, Line, PageText
from scanner.patterns import LabelHit, LabelMatcher, Labels

T = TypeVar("T")
Region = Literal["header", "body", "voucher", "footer"]

# Between a label and its value: colons, dashes, spaces, tabs, and at most one short stray token.
_SEPARATOR = regex.compile(r"[\s:;.\-–—=>]*")


# "Page 2 of 4", "Página 1 de 3", "Pg 1/2"
PAGE_NUMBER = regex.compile(
    r"(?i)\b(?:page|p[aá]gina|pg\.?)\s*(\d{1,2})\s*(?:of|de|/)\s*(\d{1,2})\b"
)
# A later page's running head starts with the letter's code: "LT11  January 29, 2024  ...
# Page 2 of 2", "Notice CP14 ...", "Letter 1058 ...".
_HEAD_START = regex.compile(
    r"(?i)^\W*(?:(?:notice|letter)(?:\s+(?:number|no\.?))?\s*:?\s*)?(?:CP|LT|Letter)\s?\d"
)


@dataclass(frozen=True, slots=True)
class PageView:
    """A page with its regions worked out (info block at the top, voucher at the foot)."""

    page: PageText
    voucher_top: float | None

    @property
    def ocr(self) -> bool:
        """True when the text came from OCR (fuzzy label matching is allowed)."""
        return self.page.source == "ocr"

    @property
    def number(self) -> int:
        """1-based page number."""
        return self.page.page

    def running_head(self, line: Line) -> regex.Match[str] | None:
        """For a page's running head (a line at the very top that starts with the letter's
        code and numbers the page: "LT11  January 29, 2024  Page 2 of 2"), the match of its
        start up to the code's first digit; None for any other line."""
        if line.top > 0.12 * self.page.height or PAGE_NUMBER.search(line.text) is None:
            return None
        return _HEAD_START.match(line.text)

    def region(self, line: Line) -> Region:
        """Where on the page a line sits."""
        rel = line.top / self.page.height if self.page.height else 0.0
        if self.voucher_top is not None and line.top >= self.voucher_top:
            return "voucher"
        if rel < (0.32 if self.page.page == 1 else 0.10):
            return "header"
        if rel > 0.93:
            return "footer"
        return "body"


def view_pages(pages: Sequence[PageText], labels: Labels) -> list[PageView]:
    """Wrap pages with their regions."""
    return [PageView(p, _voucher_top(p, labels)) for p in pages]


def _voucher_top(page: PageText, labels: Labels) -> float | None:
    """Top of the tear-off voucher: just below a 'Detach and return...' line, or else the
    small block of lines around the stub's own 'Amount you are paying' box."""
    lines = page.lines
    fuzzy = page.source == "ocr"
    low = [i for i, ln in enumerate(lines) if ln.top > page.height * 0.4]
    for i in reversed(low):
        if _opens_voucher(lines[i].text, labels, fuzzy):
            return lines[i].bottom + 0.5
    cue_index = next(
        (i for i in low if labels.voucher_cues.search(lines[i].text, fuzzy=fuzzy)), None
    )
    if cue_index is None:
        return None
    step = median(ln.bottom - ln.top for ln in lines) * 2.2
    top = lines[cue_index].top
    # Walk up a few lines while they stay close together: white space sets the stub apart.
    for j in range(cue_index - 1, max(-1, cue_index - 6), -1):
        if top - lines[j].bottom > step or lines[j].top < page.height * 0.5:
            break
        top = lines[j].top
    return top


def _opens_voucher(text: str, labels: Labels, fuzzy: bool) -> bool:
    """A 'Detach and return' line: the phrase opens the line or one of its cells ("Please"
    before it at most), never inside a sentence ("... or mail the payment voucher.")."""
    for cell in text.split("\t"):
        hit = labels.voucher_start.search(cell, fuzzy=fuzzy)
        if hit is not None and len(regex.findall(r"\w+", cell[: hit.start])) <= 1:
            return True
    return False


def irs_letterhead(view: PageView, labels: Labels) -> bool:
    """True when the IRS's name heads the page (in its top quarter), as on every letter's
    first page."""
    return any(
        labels.letterhead.search(line.text, fuzzy=view.ocr) is not None
        for line in view.page.lines
        if line.top <= 0.25 * view.page.height
    )


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    """One place a value was found."""

    value: T
    line: Line
    start: int
    end: int
    strength: float  # how sure the label or context is, 0..1
    region: Region
    label: str = ""  # the vocabulary label that introduced the value, if any

    @property
    def page(self) -> int:
        """1-based page."""
        return self.line.page

    @property
    def evidence(self) -> str:
        """The matched text, tabs shown as spaces."""
        return " ".join(self.line.text[self.start : self.end].split())

    @property
    def ocr_conf(self) -> float:
        """Lowest confidence of the words the hit covers (1.0 on a text layer)."""
        words = self.line.words_in(self.start, self.end)
        return min((w.conf for w in words), default=1.0)


REGION_WEIGHT: dict[Region, float] = {"header": 1.0, "voucher": 0.9, "footer": 0.8, "body": 0.6}


def weight(hit: Hit[Any]) -> float:
    """How much one hit counts in a vote."""
    return hit.strength * REGION_WEIGHT[hit.region] * (0.4 + 0.6 * hit.ocr_conf)


def vote(
    hits: Sequence[Hit[T]],
    what: str,
    warnings: list[str],
    *,
    key: Callable[[T], Hashable] = lambda v: v,
    show: Callable[[T], str] = str,
) -> Field[T] | None:
    """The best-supported value among ``hits`` as a Field; a warning when witnesses disagree."""
    if not hits:
        return None
    groups: dict[Hashable, list[Hit[T]]] = {}
    for hit in hits:
        groups.setdefault(key(hit.value), []).append(hit)
    scored = sorted(
        groups.values(),
        key=lambda g: (-sum((weight(h) for h in g), 0.0), min((h.page, h.line.top) for h in g)),
    )
    best = scored[0]
    total = sum((weight(h) for g in scored for h in g), 0.0)
    best_score = sum((weight(h) for h in best), 0.0)
    lead = max(best, key=lambda h: (weight(h), -h.page, -h.line.top))
    # Agreement of separate places (distinct page/region pairs) raises confidence.
    places = {(h.page, h.region, round(h.line.top)) for h in best}
    doubt = 1.0 - lead.strength * (0.3 + 0.7 * lead.ocr_conf)
    confidence = 1.0 - doubt * (0.6 ** (len(places) - 1))
    confidence *= best_score / total
    for other in scored[1:]:
        other_score = sum((weight(h) for h in other), 0.0)
        if other_score >= 0.2 * best_score:
            o = other[0]
            warnings.append(
                f"{what}: the letter also shows {show(o.value)} (page {o.page}, {o.region}); "
                f"using {show(lead.value)}, which more places support"
            )
    return Field(lead.value, round(min(0.99, confidence), 3), lead.page, lead.evidence)


def labeled_values(
    views: Sequence[PageView],
    matcher: LabelMatcher,
    value_re: regex.Pattern[str],
    parse: Callable[[regex.Match[str]], T | None],
    *,
    below: bool = True,
    max_skip: int = 3,
) -> Iterator[Hit[T]]:
    """Values printed right after a label, or just below it when the label ends its cell."""
    for view in views:
        lines = view.page.lines
        for index, line in enumerate(lines):
            for label in matcher.finditer(line.text, fuzzy=view.ocr):
                hit = _value_after(line, label, value_re, parse, max_skip)
                if hit is None and below and stands_alone(line, label.start, label.end):
                    hit = _value_below(lines, index, label, value_re, parse)
                if hit is not None:
                    value, vline, start, end = hit
                    if vline is line:
                        start = label.start
                    yield Hit(
                        value, vline, start, end, label.strength, view.region(vline), label.label
                    )


def _value_after(
    line: Line,
    label: LabelHit,
    value_re: regex.Pattern[str],
    parse: Callable[[regex.Match[str]], T | None],
    max_skip: int,
) -> tuple[T, Line, int, int] | None:
    text = line.text
    pos = _SEPARATOR.match(text, label.end).end()  # type: ignore[union-attr]
    m = value_re.match(text, pos)
    if m is None and max_skip:
        # Allow a short stray token (OCR speck, "$", "(SP)") between label and value.
        stray = regex.match(rf"\S{{1,{max_skip}}}[\s:]+", text[pos:])
        if stray:
            m = value_re.match(text, pos + stray.end())
    if m is None:
        return None
    value = parse(m)
    return None if value is None else (value, line, label.start, m.end())


def stands_alone(line: Line, start: int, end: int) -> bool:
    """True when ``line.text[start:end]`` (a label) is all there is in its cell, as in a
    stacked "label over value" block, not the tail of a running sentence."""
    seg_start, seg_end = segment_at(line, start)
    return not line.text[seg_start:start].strip() and not line.text[end:seg_end].strip(" :")


def _value_below(
    lines: Sequence[Line],
    index: int,
    label: LabelHit,
    value_re: regex.Pattern[str],
    parse: Callable[[regex.Match[str]], T | None],
) -> tuple[T, Line, int, int] | None:
    """The value in the line(s) just below a label, in the same column."""
    line = lines[index]
    words = line.words_in(label.start, label.end)
    if not words:
        return None
    x0, x1 = words[0].x0, words[-1].x1
    height = line.bottom - line.top
    for nxt in lines[index + 1 : index + 3]:
        if nxt.top - line.bottom > 1.8 * height:
            break
        for word, start in zip(nxt.words, nxt.starts, strict=True):
            if word.x1 < x0 - height or word.x0 > x1 + height:
                continue
            m = value_re.match(nxt.text, start)
            if m is not None:
                value = parse(m)
                if value is not None:
                    return value, nxt, start, m.end()
            break
    return None


def segments(line: Line) -> Iterator[tuple[int, int]]:
    """Spans of ``line.text`` between tabs (cells or columns)."""
    start = 0
    for m in regex.finditer(r"\t", line.text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(line.text):
        yield start, len(line.text)


def segment_at(line: Line, pos: int) -> tuple[int, int]:
    """The tab-delimited segment of ``line.text`` containing ``pos``."""
    for s, e in segments(line):
        if s <= pos < e:
            return s, e
    return pos, pos


@dataclass(frozen=True, slots=True)
class Wrapped:
    """A line joined to the next one by a space, so that a sentence wrapping onto it reads
    whole ("Pay the amount you owe or call us / by June 20, 2024")."""

    line: Line
    next: Line | None
    text: str

    def starts_here(self, pos: int) -> bool:
        """True for a match that starts on ``line``; one starting on the next line is read
        on that line's own turn."""
        return pos < len(self.line.text)

    def hit(
        self, value: T, start: int, value_start: int, end: int, strength: float, view: PageView
    ) -> Hit[T]:
        """A hit for the span ``[start, end)`` of ``text`` whose value begins at
        ``value_start``: on ``line`` when the value begins there, else on the next line."""
        if value_start <= len(self.line.text) or self.next is None:
            return Hit(value, self.line, start, end, strength, view.region(self.line))
        at = len(self.line.text) + 1
        return Hit(value, self.next, 0, end - at, strength, view.region(self.next))


def wrapped_lines(view: PageView) -> Iterator[Wrapped]:
    """Each line of the page joined to the one after it."""
    lines = view.page.lines
    for index, line in enumerate(lines):
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        yield Wrapped(line, nxt, line.text if nxt is None else f"{line.text} {nxt.text}")
