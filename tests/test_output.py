"""Result files: JSONL and CSV rows, flushing, appending, and reading back for --resume."""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.models import Deadline, ErrorInfo, Field, ScanResult, Stage, TaxPeriod
from scanner.output import CSV_COLUMNS, ResultWriter, csv_row, done_hashes, format_for

GOOD = ScanResult(
    source="a.pdf", input_kind="pdf-text", sha256="a" * 64,
    fields={"notice_code": Field("CP14", 0.9, 1, "CP14"),
            "tax_periods": Field((TaxPeriod("1040", date(2023, 12, 31), 2023),), 0.9, 1, "x"),
            "amount_due": Field(Decimal("1075.21"), 0.95, 1, "Amount due $1,075.21")},
    stage=Stage("balance-due", 1, 5, "First bill"),
    deadlines=(Deadline(date(2024, 5, 6), "printed", "Pay by", 16),
               Deadline(date(2024, 5, 20), "estimated", "Next notice", 30)),
)
BAD = ScanResult(source="b.pdf", error=ErrorInfo("corrupt_file", "the file is empty"))


def test_format_from_extension() -> None:
    assert format_for(Path("r.jsonl")) == "jsonl" and format_for(Path("R.CSV")) == "csv"
    with pytest.raises(UsageError):
        format_for(Path("r.xlsx"))


def test_csv_row_flattens_the_main_fields() -> None:
    row = csv_row(GOOD.to_dict())
    assert set(row) == set(CSV_COLUMNS)
    assert row["notice_code"] == "CP14" and row["amount_due"] == "1075.21"
    assert row["tax_periods"] == "2023-12-31 (1040)"
    assert (row["process"], row["step"], row["of"]) == ("balance-due", 1, 5)
    assert row["next_deadline"] == "2024-05-06" and row["days_left"] == 16
    assert row["min_confidence"] == 0.9
    bad = csv_row(BAD.to_dict())
    assert bad["error_type"] == "corrupt_file" and bad["notice_code"] is None


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_writer_appends_on_resume_and_reads_back(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"r.{suffix}"
    with ResultWriter(path, append=False) as w:
        w.write(GOOD)
    with ResultWriter(path, append=True) as w:
        w.write(BAD)
    assert done_hashes(path) == {"a" * 64}
    if suffix == "csv":
        rows = list(csv.DictReader(path.open(newline="")))
        assert [r["source"] for r in rows] == ["a.pdf", "b.pdf"]  # one header only
    else:
        assert [json.loads(x)["source"] for x in path.read_text().splitlines()] == ["a.pdf",
                                                                                    "b.pdf"]


def test_a_cut_last_line_is_mended_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(GOOD.to_json() + "\n" + '{"source": "c.p')
    with ResultWriter(path, append=True) as w:
        w.write(BAD)
    lines = path.read_text().splitlines()
    assert json.loads(lines[-1])["source"] == "b.pdf"
    assert done_hashes(path) == {"a" * 64}


def test_a_file_holding_two_letters_gives_a_csv_row_for_each(tmp_path: Path) -> None:
    second = ScanResult(
        source="stack.pdf",
        fields={"notice_code": Field("CP503", 0.9, 3, "CP503")},
    )
    stack = ScanResult(
        source="stack.pdf",
        fields={"notice_code": Field("CP501", 0.9, 1, "CP501")},
        sha256="ab" * 32,
        other_letters=(second,),
    )
    out = tmp_path / "results.csv"
    with ResultWriter(out, append=False) as writer:
        writer.write(stack)
        writer.write(GOOD)
    rows = list(csv.DictReader(out.open(newline="")))
    assert [(r["notice_code"], r["letter"]) for r in rows] == [
        ("CP501", "1 of 2"),
        ("CP503", "2 of 2"),
        ("CP14", ""),
    ]
    # Both rows of the stack carry the file's hash, so a resumed batch skips the file.
    assert rows[0]["sha256"] == rows[1]["sha256"] == "ab" * 32
