"""Result files: JSON Lines and CSV, written and flushed one result at a time.

An interrupted batch therefore keeps every finished result. ``--resume`` reads a file back to
learn which files (by content hash) are already done; a line cut short by a kill is ignored.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from scanner.errors import UsageError
from scanner.models import ScanResult

CSV_COLUMNS = (
    "source",
    "letter",
    "sha256",
    "input_kind",
    "notice_code",
    "title",
    "notice_date",
    "tax_periods",
    "due_date",
    "tax",
    "payments_credits",
    "penalties",
    "interest",
    "amount_due",
    "process",
    "step",
    "of",
    "next_deadline",
    "next_deadline_what",
    "days_left",
    "min_confidence",
    "warnings",
    "error_type",
    "error_message",
)


def format_for(path: Path) -> str:
    """'jsonl' or 'csv' from the file name."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise UsageError(f"--out must end in .jsonl or .csv, not '{path.name}'")


def csv_row(data: dict[str, Any]) -> dict[str, Any]:
    """One flat CSV row from a result's ``to_dict()``."""
    amounts = data.get("amounts") or {}
    stage = data.get("stage") or {}
    error = data.get("error") or {}
    upcoming = [d for d in data.get("deadlines", []) if d["kind"] != "estimated"]
    upcoming.sort(key=lambda d: (d["days_left"] < 0, d["date"]))
    nxt = upcoming[0] if upcoming else None
    confidences = [f["confidence"] for f in (data.get("fields") or {}).values()]
    periods = "; ".join(
        f"{p['period_end'] or p['year']}" + (f" ({p['form']})" if p["form"] else "")
        for p in data.get("tax_periods") or []
    )
    return {
        "source": data["source"],
        "letter": None,  # "2 of 3" on the rows of a file holding several letters
        "sha256": data.get("sha256"),
        "input_kind": data.get("input_kind"),
        "notice_code": data.get("notice_code"),
        "title": data.get("title"),
        "notice_date": data.get("notice_date"),
        "tax_periods": periods,
        "due_date": data.get("due_date"),
        **{
            k: amounts.get(k)
            for k in ("tax", "payments_credits", "penalties", "interest", "amount_due")
        },
        "process": stage.get("process"),
        "step": stage.get("step"),
        "of": stage.get("of"),
        "next_deadline": nxt["date"] if nxt else None,
        "next_deadline_what": nxt["what"] if nxt else None,
        "days_left": nxt["days_left"] if nxt else None,
        "min_confidence": min(confidences) if confidences else None,
        "warnings": " | ".join(data.get("warnings") or []),
        "error_type": error.get("type"),
        "error_message": error.get("message"),
    }


class ResultWriter:
    """Appends results to a .jsonl or .csv file, flushing after each one."""

    def __init__(self, path: Path, *, append: bool) -> None:
        self.path = path
        self.format = format_for(path)
        exists = path.exists() and path.stat().st_size > 0
        mode = "a" if append and exists else "w"
        if self.format == "csv":
            self._fh: IO[str] = path.open(mode, newline="", encoding="utf-8")
            self._csv = csv.DictWriter(self._fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            if mode == "w":
                self._csv.writeheader()
        else:
            self._fh = path.open(mode, encoding="utf-8")
        if mode == "a":
            self._repair_tail()
        self._fh.flush()

    def _repair_tail(self) -> None:
        # A kill can leave a half-written last line; start the next result on a fresh line.
        with self.path.open("rb") as fh:
            fh.seek(max(0, self.path.stat().st_size - 1))
            last = fh.read(1)
        if last not in (b"\n", b""):
            self._fh.write("\n")

    def write(self, result: ScanResult) -> None:
        """Write one result and push it to disk."""
        data = result.to_dict()
        if self.format == "csv":
            # One row per letter: a file holding a stack of letters gives a row for each.
            letters = [data, *data.get("other_letters", [])]
            for number, letter in enumerate(letters, 1):
                row = csv_row(letter)
                row["sha256"] = data.get("sha256")
                if len(letters) > 1:
                    row["letter"] = f"{number} of {len(letters)}"
                self._csv.writerow(row)
        else:
            self._fh.write(json.dumps(data, ensure_ascii=False) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        """Close the file."""
        self._fh.close()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def read_results(path: Path) -> list[dict[str, Any]]:
    """Results already in a .jsonl or .csv file (skipping a truncated or broken line)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    if format_for(path) == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        return [r for r in rows if r.get("source")]
    out = []
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(item, dict) and "source" in item:
            out.append(item)
    return out


def drop_errors(path: Path, sources: set[str]) -> None:
    """Remove from a results file the error entries of ``sources`` (about to be tried again)."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    if format_for(path) == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        kept_rows = [r for r in rows if not (r.get("error_type") and r.get("source") in sources)]
        if len(kept_rows) == len(rows):
            return
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(kept_rows)
        new = out.getvalue()
    else:
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines if not _error_of(line, sources)]
        if len(kept) == len(lines):
            return
        new = "".join(kept)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(new, encoding="utf-8")
    temporary.replace(path)


def _error_of(line: str, sources: set[str]) -> bool:
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(item, dict) and bool(item.get("error")) and item.get("source") in sources


def done_hashes(path: Path) -> set[str]:
    """Content hashes of files with a finished, error-free result in the file."""
    return {
        str(r["sha256"])
        for r in read_results(path)
        if r.get("sha256") and not (r.get("error") or r.get("error_type"))
    }
