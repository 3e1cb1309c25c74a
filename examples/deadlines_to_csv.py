"""Scan a folder of IRS letters and write a spreadsheet of deadlines, soonest first.

    python examples/deadlines_to_csv.py LETTERS_FOLDER deadlines.csv [--today 2026-11-25]

This is the kind of short program another tool would write on top of the scanner's library:
scan_many() yields results as files finish (in parallel), and each result carries dated
deadlines with the days left and where each date comes from.
"""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import date
from pathlib import Path

from scanner import ScanOptions, scan_many
from scanner.batch import collect_inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args(argv)

    files = collect_inputs([args.folder]).files
    rows = []
    failed = 0
    for result in scan_many(files, options=ScanOptions(today=args.today)):
        if result.error is not None:
            failed += 1
            print(f"skipped {result.source}: {result.error.message}", file=sys.stderr)
            continue
        for deadline in result.deadlines:
            rows.append({
                "letter": result.source,
                "notice": result.notice_code or "",
                "title": result.title or "",
                "deadline": deadline.date.isoformat(),
                "days_left": deadline.days_left,
                "what": deadline.what,
                "source": deadline.kind,
                "amount_due": result.amounts.amount_due or "",
            })
    rows.sort(key=lambda r: (int(r["days_left"]) < 0, int(r["days_left"])))
    with args.out.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["letter", "notice", "title", "deadline",
                                                "days_left", "what", "source", "amount_due"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} deadlines from {len(files) - failed} letters written to {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
