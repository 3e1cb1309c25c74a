"""Where one letter ends and the next begins, in a file that holds several.

People scan a stack of notices into one PDF: a CP501 for 2022 followed by a CP503 for 2021.
Each letter's first page has a head of its own (the IRS letterhead or "Page 1 of 2", and a
notice-code cell); a continuation page repeats the head of the letter it continues, and a
letter's enclosures (a publication page, a response form) carry no code cell at their top.
So a page starts a new letter when it has a first page's head whose code, notice date or
tax year differs from the letter before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scanner.catalog import Catalog
from scanner.extract import code, dates, periods
from scanner.extract.common import PAGE_NUMBER, PageView, irs_letterhead, view_pages
from scanner.models import PageText
from scanner.patterns import Labels

__all__ = ["split_letters"]

#: Share of the page height, from the top, that holds a letter's head.
_HEAD = 0.3


@dataclass(frozen=True, slots=True)
class _Head:
    """What a page's head says about the letter it belongs to."""

    code: str
    notice_date: date | None
    years: frozenset[int]

    def differs(self, other: _Head) -> bool:
        """True when the two heads cannot be the same letter's."""
        if self.code != other.code:
            return True
        if self.notice_date and other.notice_date and self.notice_date != other.notice_date:
            return True
        return bool(self.years and other.years and not self.years & other.years)


def split_letters(
    pages: Sequence[PageText], labels: Labels, catalog: Catalog
) -> list[list[PageText]]:
    """The pages grouped by letter, in file order (one group for a file of one letter)."""
    if len(pages) < 2:
        return [list(pages)]
    groups: list[list[PageText]] = [[]]
    current: _Head | None = None
    for page, view in zip(pages, view_pages(pages, labels), strict=True):
        head = _head(view, labels, catalog)
        if head is not None:
            if current is None:
                current = head
            elif groups[-1] and head.differs(current) and _first_page(view, labels):
                groups.append([])
                current = head
        groups[-1].append(page)
    return groups


def _head(view: PageView, labels: Labels, catalog: Catalog) -> _Head | None:
    """The notice code standing in a cell at the top of the page, with the page's notice
    date and labelled tax years; None when no code heads the page."""
    limit = _HEAD * view.page.height
    standing = [h for h in code.find_codes([view], labels, catalog) if h.structural]
    hits = [h for h in standing if h.line.top <= limit]
    if not hits and irs_letterhead(view, labels):
        # A numbered letter (Letter 3172, Letter 1058) may print its code only at the foot
        # ("Letter 3172 (Rev. 11-2022)"): under a letterhead, that is its head too.
        hits = standing
    if not hits:
        return None
    best = max(hits, key=lambda h: h.score)
    found = dates.notice_date([view], labels, [], lone=False)
    years = frozenset(
        period.year
        for hit in periods.labeled_periods([view], labels)
        if hit.line.top <= limit
        for period in hit.value
        if period.year is not None
    )
    return _Head(best.code, found.value if found else None, years)


def _first_page(view: PageView, labels: Labels) -> bool:
    """True when the page opens a letter: numbered as page 1, or headed by the IRS
    letterhead and numbered as no other page."""
    numbers = [int(m.group(1)) for line in view.page.lines for m in PAGE_NUMBER.finditer(line.text)]
    if numbers:
        return 1 in numbers
    return irs_letterhead(view, labels)
