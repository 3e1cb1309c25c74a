"""What a person reads in the terminal: each process's ladder with the right step marked,
for every notice in the catalog and for a sample letter of each step; deadlines with their
source and days left; unknown codes said plainly."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLES

from scanner import load_catalog, scan
from scanner.models import Deadline
from scanner.report import days_phrase, ladder_lines, render_notice, render_result

CATALOG = load_catalog()


@pytest.mark.parametrize("code", sorted(CATALOG.notices))
def test_every_notice_prints_its_ladders_with_its_step_marked(code: str) -> None:
    notice = CATALOG.notices[code]
    out = io.StringIO()
    render_notice(notice, CATALOG, out)
    text = out.getvalue()
    for ref in notice.stages:
        process = CATALOG.processes[ref.process]
        lines = ladder_lines(CATALOG, ref.process, ref.step, code)
        assert lines[0].strip().startswith(process.title)
        assert f"step {ref.step} of {process.length}" in lines[0]
        marked = [ln for ln in lines[1:] if ln.strip().startswith(">>")]
        assert len(marked) == 1 and f">> {ref.step}. {process.steps[ref.step - 1]}" in marked[0]
        assert code in marked[0]
        done = [ln for ln in lines[1:] if ln.strip().startswith("ok")]
        assert len(done) == ref.step - 1
        assert all(ln in text for ln in lines)
    assert "not tax or legal advice" in text


def samples_by_step() -> list[Path]:
    """One text-layer sample letter for every (process, step) the samples reach."""
    seen: dict[tuple[str, int], Path] = {}
    for path in sorted((SAMPLES / "text").glob("*.pdf")):
        truth = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        notice = CATALOG.lookup(truth["notice_code"] or "")
        if notice is not None:
            ref = notice.stages[0]
            seen.setdefault((ref.process, ref.step), path)
    return list(seen.values())


@pytest.mark.parametrize("path", samples_by_step(), ids=lambda p: p.stem)
def test_a_letter_shows_where_it_sits(path: Path) -> None:
    result = scan(path)
    assert result.stage is not None
    out = io.StringIO()
    render_result(result, CATALOG, out, today=date(2026, 11, 25))
    text = out.getvalue()
    step = result.stage.step
    assert f">> {step}. {result.stage.title}" in text
    assert "<- this letter" in text
    assert "What the IRS wants" in text and "not tax or legal advice" in text


def test_a_code_outside_the_catalog_is_said_plainly() -> None:
    path = next(p for p in sorted((SAMPLES / "text").glob("*.pdf"))
                if json.loads(p.with_name(p.stem + ".expected.json").read_text())["notice_code"]
                and CATALOG.lookup(json.loads(p.with_name(p.stem + ".expected.json")
                                              .read_text())["notice_code"]) is None)
    result = scan(path)
    out = io.StringIO()
    render_result(result, CATALOG, out, today=date(2026, 11, 25))
    text = out.getvalue()
    assert "not in the scanner's catalog yet" in text
    assert result.stage is None and result.explanation is None
    assert result.notice_date is not None  # the fields are still read


@pytest.mark.parametrize(("days", "phrase"), [(16, "16 days left"), (1, "1 day left (tomorrow)"),
                                              (0, "TODAY"), (-1, "PASSED 1 day ago"),
                                              (-30, "PASSED 30 days ago")])
def test_days_left_phrases(days: int, phrase: str) -> None:
    assert days_phrase(days) == phrase


def test_deadline_sources_are_named() -> None:
    from scanner.models import ScanResult

    result = ScanResult(source="x.pdf", input_kind="pdf-text", deadlines=(
        Deadline(date(2024, 5, 6), "printed", "Pay by", 5),
        Deadline(date(2024, 5, 15), "statutory", "Request a hearing", 14),
        Deadline(date(2024, 6, 1), "estimated", "Next notice", 31)))
    out = io.StringIO()
    render_result(result, CATALOG, out, today=date(2024, 5, 1))
    text = out.getvalue()
    assert "printed on the letter" in text
    assert "set by law, from the notice date" in text
    assert "estimate from usual timing" in text


def test_a_file_holding_two_letters_prints_both() -> None:
    result = scan(SAMPLES / "independent" / "u20-two-notices-cp501-then-cp503.pdf")
    out = io.StringIO()
    render_result(result, load_catalog(), out, today=date(2024, 6, 1))
    text = out.getvalue()
    first = text.index("Letter 1 of 2 in this file (pages 1-2)")
    second = text.index("Letter 2 of 2 in this file (pages 3-4)")
    assert first < text.index("CP501: Balance due") < second < text.index("CP503: Balance due")
    assert "$3,106.81" in text[first:second] and "$5,870.45" in text[second:]
    assert text.count("It is not tax or legal advice") == 1  # said once, at the end
