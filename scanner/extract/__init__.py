"""Extractors: pure functions from page text (lines of positioned words) to typed fields.

:func:`extract_all` runs them in order and returns an :class:`Extraction`. No I/O, no OCR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

import regex

from scanner.catalog import Catalog
from scanner.extract import amounts, code, dates, periods, table, tin
from scanner.extract.common import PageView, irs_letterhead, segment_at, view_pages
from scanner.models import Field, Line, PageText
from scanner.patterns import Labels

__all__ = ["Extraction", "extract_all", "looks_like_irs_letter"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractors found, before cross-checks and the catalog."""

    fields: dict[str, Field[Any]]
    warnings: tuple[str, ...]
    is_letter: bool
    business: bool
    due_kind: str | None
    due_immediate: bool
    hearing_date: Field[date] | None = None
    penalty_lines: int = 0
    #: Fields worked out rather than read: amounts from the billing summary's sum, a garbled
    #: date from the other date.
    mended: frozenset[str] = frozenset()
    notes: dict[str, Any] = field(default_factory=dict)


def looks_like_irs_letter(views: Sequence[PageView], labels: Labels) -> bool:
    """True when the pages have an IRS letter's structure, not just its vocabulary: an IRS
    name plus a labelled notice date, a payment voucher, or a labelled taxpayer ID or a
    notice-code cell under an IRS letterhead, and no other tax agency named at the head of
    the first page."""
    text = "\n".join(line.text for view in views for line in view.page.lines)
    if not labels.irs_cues.search(text):
        return False
    if other_issuer(views, labels) is not None:
        return False  # a state's (or another country's) tax notice
    if any(view.voucher_top is not None for view in views):
        return True
    if dates.notice_date(views, labels, [], lone=False) is not None:
        return True
    if not irs_letterhead(views[0], labels):
        return False
    return tin.tin(views, labels) is not None or _code_cell(views[0], labels)


def _code_cell(view: PageView, labels: Labels) -> bool:
    """True when the head of the page has the info block's notice-code cell ("Notice <tab>
    CP220"), even if OCR could not read the code itself: a photo whose code, date and ID
    all came out garbled is still a letter, and its legible amounts and dates are worth
    reporting."""
    for line in view.page.lines:
        if line.top > 0.25 * view.page.height:
            break
        cells = [c.strip() for c in line.text.split("\t")]
        for label, value in pairwise(cells):
            if (
                labels.notice_code.fullmatch(label) is not None
                and 1 <= len(value.split()) <= 2
                and any(c.isalnum() for c in value)
            ):
                return True
    return False


def _not_an_irs_letter(views: Sequence[PageView], labels: Labels) -> str | None:
    """Why the pages, whatever they quote, are no letter from the IRS; None if nothing says so."""
    if _illustration(views, labels):
        return (
            "This page shows a notice as an example (it says it is a sample), not a letter "
            "sent to you; the scanner reads only real letters."
        )
    if _disclaims_the_irs(views, labels):
        return (
            "This letter says it is not from the IRS (a private company's letter or an "
            "advertisement); the scanner reads the IRS's own letters only."
        )
    return None


def _disclaims_the_irs(views: Sequence[PageView], labels: Labels) -> bool:
    """True when the first page says it is not from the IRS ("We are not the IRS")."""
    return bool(views) and any(
        labels.disclaimers.search(line.text) is not None for line in views[0].page.lines
    )


def _about_a_notice(
    views: Sequence[PageView], labels: Labels, hits: Sequence[code.CodeHit], found: str
) -> bool:
    """True when a text-layer first page has no IRS letterhead and names the code only in
    running text: a third party writing about the notice. OCR'd pages are spared, since
    their letterhead may simply be unreadable."""
    first = views[0]
    if first.ocr or irs_letterhead(first, labels):
        return False
    of_code = [h for h in hits if h.code == found]
    return bool(of_code) and all(_told(h.line, h.start) for h in of_code)


# Small words of running prose: "We received a copy of IRS Notice CP161 dated July 15". A
# one-line header ("Notice CP14 Tax year 2022 Notice date March 4, 2024") has none.
_PROSE = regex.compile(r"\b(?:we|you|your|the|a|an|for|if|have|has|received|dated)\b")


def _told(line: Line, start: int) -> bool:
    """True when the code at ``start`` sits in a sentence rather than a header or a cell."""
    seg_start, seg_end = segment_at(line, start)
    return _PROSE.search(line.text[seg_start:seg_end]) is not None


def _illustration(views: Sequence[PageView], labels: Labels) -> bool:
    """True when the first page says it shows a sample notice, not a real one: in words, or
    by a cell headed "Sample" ("Sample: Notice CP14", "SAMPLE - amounts are examples", a
    watermark)."""
    return bool(views) and any(
        labels.illustration.search(line.text) is not None
        or any(_SAMPLE_CELL.match(cell) for cell in line.text.split("\t"))
        for line in views[0].page.lines
    )


_SAMPLE_CELL = regex.compile(r"(?i)^\W*sample\b\s*(?:$|[:\-–—(])")


def other_issuer(views: Sequence[PageView], labels: Labels) -> str | None:
    """The tax agency other than the IRS that heads the first page (a letterhead line in
    the top fifth naming it, not a sentence that mentions it), as printed."""
    if not views:
        return None
    page = views[0].page
    for line in page.lines:
        if line.top > 0.2 * page.height:
            break
        hit = labels.other_issuers.search(line.text)
        if hit is not None:
            start, end = segment_at(line, hit.start)
            if len(line.text[start:end].split()) <= 6:
                return " ".join(line.text[hit.start : hit.end].split())
    return None


def extract_all(pages: Sequence[PageText], labels: Labels, catalog: Catalog) -> Extraction:
    """Run every extractor over the pages of one letter."""
    views = view_pages(pages, labels)
    warnings: list[str] = []
    refused = _not_an_irs_letter(views, labels)
    if refused is not None:
        return Extraction({}, (refused,), False, False, None, False)
    letter_like = looks_like_irs_letter(views, labels)
    fields: dict[str, Field[Any]] = {}

    code_hits = code.find_codes(views, labels, catalog)
    found_code = code.notice_code(
        views, labels, catalog, letter_like=letter_like, warnings=warnings, hits=code_hits
    )
    if found_code is not None and _about_a_notice(views, labels, code_hits, found_code.value):
        # A payroll firm's memo or an accountant's letter quoting "IRS Notice CP161 dated
        # ...": its dates and amounts are the notice's as retold, not a letter from the IRS.
        retold = (
            f"This looks like a letter about IRS notice {found_code.value} from someone "
            "else, not the notice itself (no IRS letterhead, and the code appears only in "
            "its text); scan the IRS's own letter instead."
        )
        return Extraction({}, (retold,), False, False, None, False)
    if found_code is not None:
        fields["notice_code"] = found_code
    is_letter = found_code is not None or letter_like
    if not is_letter:
        # Not an IRS letter: report nothing rather than invent fields from a utility bill.
        issuer = other_issuer(views, labels)
        said: tuple[str, ...] = ()
        if issuer is not None:
            said = (
                f"This looks like a notice from another agency ({issuer}), not from the "
                "IRS; the scanner reads IRS letters only.",
            )
        return Extraction({}, said, False, False, None, False)

    notice_date = dates.notice_date(views, labels, warnings)
    if notice_date is not None:
        fields["notice_date"] = notice_date
    all_tables = table.find_tables(views, labels)
    tables = [t for t in all_tables if t.billing]
    reported = [t for t in all_tables if not t.billing]  # figures reported, not billed
    found_periods = periods.tax_periods(
        views,
        labels,
        tables,
        warnings,
        not_billed=reported,
        notice_date=notice_date.value if notice_date is not None else None,
    )
    if found_periods is not None:
        fields["tax_periods"] = found_periods
    due = dates.due_date(views, labels, warnings)
    if due.field is not None:
        fields["due_date"] = due.field
    money = amounts.amounts(views, labels, tables, warnings, not_billed=reported)
    fields.update(money.fields)
    notice = catalog.lookup(found_code.value) if found_code is not None else None
    worked_out: dict[str, Field[Any]] = {}
    if notice is not None and not due.immediate:
        amount_due = money.fields.get("amount_due")
        worked_out = dates.worked_out_dates(
            views,
            labels,
            notice_date=notice_date.value if notice_date is not None else None,
            due_date=due.field.value if due.field is not None else None,
            usual_due=lambda day: notice.usual_due_dates(
                day, amount_due.value if amount_due is not None else None
            ),
            warnings=warnings,
        )
        fields.update(worked_out)
    found_tin = tin.tin(views, labels)
    if found_tin is not None:
        fields["tin"] = found_tin
    due_kind = due.kind
    if "due_date" in worked_out and notice is not None:
        due_kind = notice.due_kind
    return Extraction(
        fields=fields,
        warnings=tuple(warnings),
        is_letter=True,
        business=tin.is_business(found_tin),
        due_kind=due_kind,
        due_immediate=due.immediate,
        hearing_date=dates.hearing_date(views, labels),
        penalty_lines=money.penalty_lines,
        mended=money.mended | frozenset(worked_out),
    )
