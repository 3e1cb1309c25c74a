"""Batch summary: counts, letters by urgency, timelines by taxpayer and period."""

from __future__ import annotations

from datetime import date

from scanner.catalog import load_catalog
from scanner.models import Deadline, ErrorInfo, Field, ScanResult, TaxPeriod
from scanner.summary import BatchSummary, by_urgency, next_deadline, timelines

CATALOG = load_catalog()


def letter(source: str, code: str, notice: date, days: int, tin: str = "XXX-XX-1234",
           year: int = 2023) -> ScanResult:
    return ScanResult(
        source=source, input_kind="pdf-text",
        fields={"notice_code": Field(code, 0.9, 1, code),
                "notice_date": Field(notice, 0.9, 1, "d"),
                "tax_periods": Field((TaxPeriod(None, date(year, 12, 31), year),), 0.9, 1, "p"),
                "tin": Field(tin, 0.9, 1, "t")},
        deadlines=(Deadline(date(2024, 6, 1), "printed", "Pay by", days),))


def test_counts_and_failures() -> None:
    summary = BatchSummary(skipped=2)
    summary.add(letter("a", "CP14", date(2024, 1, 1), 5))
    summary.add(letter("b", "CP14", date(2024, 1, 1), 5))
    summary.add(ScanResult(source="c", error=ErrorInfo("corrupt_file", "x")))
    assert (summary.scanned, summary.failed, summary.skipped) == (2, 1, 2)
    assert summary.by_notice["CP14"] == 2 and summary.errors["corrupt_file"] == 1


def test_passed_deadlines_first_then_nearest() -> None:
    results = [letter("later", "CP14", date(2024, 1, 1), 20),
               letter("passed", "CP501", date(2024, 1, 1), -3),
               letter("soon", "CP504", date(2024, 1, 1), 2)]
    assert [r.source for r in by_urgency(results, CATALOG)] == ["passed", "soon", "later"]
    assert next_deadline(results[1]) is not None


def test_timeline_groups_by_taxpayer_and_period() -> None:
    results = [letter("1", "CP501", date(2024, 3, 1), 5),
               letter("2", "CP14", date(2024, 1, 20), 5),
               letter("3", "CP14", date(2024, 1, 20), 5, tin="XXX-XX-9999"),
               letter("4", "CP14", date(2024, 1, 20), 5, year=2022)]
    lines = timelines(results, CATALOG)
    main = next(t for t in lines if t.taxpayer == "XXX-XX-1234" and "2023" in t.period)
    assert [r.notice_code for r in main.letters] == ["CP14", "CP501"]  # oldest first
    assert main.expected_next is not None and main.expected_next.startswith("CP503")
    assert main.expected_around is not None and main.expected_around > date(2024, 3, 1)
    assert len(lines) == 3
