"""What a batch found: counts, the letters by urgency, and timelines per taxpayer and period.

Pure functions over results; ``report.py`` prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from scanner.catalog import Catalog
from scanner.models import Deadline, ScanResult


@dataclass
class BatchSummary:
    """Running totals of a batch."""

    scanned: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0
    by_notice: Counter[str] = field(default_factory=Counter)
    by_step: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    results: list[ScanResult] = field(default_factory=list)

    def add(self, result: ScanResult) -> None:
        """Count one result."""
        self.results.append(result)
        if result.error is not None:
            self.failed += 1
            self.errors[result.error.type] += 1
            return
        self.scanned += 1
        self.by_notice[result.notice_code or "(not an IRS notice)"] += 1
        if result.stage is not None:
            s = result.stage
            self.by_step[f"{s.process} {s.step}/{s.of} {s.title}"] += 1


def next_deadline(result: ScanResult) -> Deadline | None:
    """The deadline that matters most: the nearest one still ahead, else the latest passed."""
    firm = [d for d in result.deadlines if d.kind != "estimated"]
    ahead = [d for d in firm if d.days_left >= 0]
    if ahead:
        return min(ahead, key=lambda d: d.date)
    return max(firm, key=lambda d: d.date, default=None)


def by_urgency(results: Iterable[ScanResult], catalog: Catalog) -> list[ScanResult]:
    """Letters sorted with passed deadlines first, then nearest deadline, then urgency."""
    letters = [r for r in results if r.error is None and r.notice_code]

    def key(r: ScanResult) -> tuple[int, int, int]:
        d = next_deadline(r)
        notice = catalog.lookup(r.notice_code or "")
        rank = notice.urgency_rank if notice else 0
        if d is None:
            return (2, 10**6, -rank)
        return (0 if d.days_left < 0 else 1, d.days_left, -rank)

    return sorted(letters, key=key)


@dataclass(frozen=True)
class Timeline:
    """Letters about one taxpayer and tax period, oldest first, and the step expected next."""

    taxpayer: str
    period: str
    letters: tuple[ScanResult, ...]
    expected_next: str | None
    expected_around: date | None


def timelines(results: Sequence[ScanResult], catalog: Catalog) -> list[Timeline]:
    """Group letters by taxpayer (last four of the TIN) and tax period."""
    groups: dict[tuple[str, str], list[ScanResult]] = {}
    for r in results:
        if r.error is not None or not r.notice_code:
            continue
        tin = r.fields.get("tin")
        taxpayer = str(tin.value) if tin else "unknown taxpayer"
        periods = ", ".join(str(p.period_end or p.year) for p in r.tax_periods) or "unknown period"
        groups.setdefault((taxpayer, periods), []).append(r)
    out = []
    for (taxpayer, period), letters in sorted(groups.items()):
        letters.sort(key=lambda r: r.notice_date or date.min)
        last = letters[-1]
        notice = catalog.lookup(last.notice_code or "")
        nxt = around = None
        if notice is not None and notice.next:
            nxt = " or ".join(notice.next)
            if notice.next_after_days and last.notice_date:
                around = last.notice_date + timedelta(days=notice.next_after_days)
        out.append(Timeline(taxpayer, period, tuple(letters), nxt, around))
    return out
