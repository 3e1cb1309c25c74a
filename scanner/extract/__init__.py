"""Extractors: pure functions from page text (lines of positioned words) to typed fields.

:func:`extract_all` runs them in order and returns an :class:`Extraction`. No I/O, no OCR.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scanner.catalog import Catalog
from scanner.extract import amounts, code, dates, periods, table, tin
from scanner.extract.common import PageView, view_pages
from scanner.models import Field, PageText
from scanner.patterns import Labels

__all__ = ["Extraction", "extract_all", "irs_cue_count"]


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
    notes: dict[str, Any] = field(default_factory=dict)


def irs_cue_count(views: Sequence[PageView], labels: Labels) -> int:
    """How many distinct signs of an IRS letter the pages show (letterhead, labels, voucher)."""
    cues: set[str] = set()
    for view in views:
        for line in view.page.lines:
            for hit in labels.irs_cues.finditer(line.text):
                cues.add(hit.label.lower())
        if view.voucher_top is not None:
            cues.add("voucher")
    return len(cues)


def extract_all(pages: Sequence[PageText], labels: Labels, catalog: Catalog) -> Extraction:
    """Run every extractor over the pages of one letter."""
    views = view_pages(pages, labels)
    warnings: list[str] = []
    cues = irs_cue_count(views, labels)
    fields: dict[str, Field[Any]] = {}

    found_code = code.notice_code(views, labels, catalog, irs_cues=cues)
    if found_code is not None:
        fields["notice_code"] = found_code
    is_letter = found_code is not None or cues >= 3
    if not is_letter:
        # Not an IRS letter: report nothing rather than invent fields from a utility bill.
        return Extraction({}, (), False, False, None, False)

    notice_date = dates.notice_date(views, labels, warnings)
    if notice_date is not None:
        fields["notice_date"] = notice_date
    tables = table.find_tables(views, labels)
    found_periods = periods.tax_periods(views, labels, tables, warnings)
    if found_periods is not None:
        fields["tax_periods"] = found_periods
    due = dates.due_date(views, labels, warnings)
    if due.field is not None:
        fields["due_date"] = due.field
    money = amounts.amounts(views, labels, tables, warnings)
    fields.update(money.fields)
    found_tin = tin.tin(views, labels)
    if found_tin is not None:
        fields["tin"] = found_tin
    return Extraction(
        fields=fields,
        warnings=tuple(warnings),
        is_letter=True,
        business=tin.is_business(found_tin),
        due_kind=due.kind,
        due_immediate=due.immediate,
        hearing_date=dates.hearing_date(views, labels),
        penalty_lines=money.penalty_lines,
    )
