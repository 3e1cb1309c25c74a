"""The example library user in examples/ runs and produces a correct spreadsheet."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_deadlines_to_csv(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    letters.mkdir()
    for name in ("cp14-stacked-01", "cp2000-stacked-01", "lt11-letter-01"):
        for match in (ROOT / "samples" / "text").glob(f"{name}*.pdf"):
            shutil.copy(match, letters)
    out = tmp_path / "deadlines.csv"
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "deadlines_to_csv.py"), str(letters), str(out),
         "--today", "2019-03-25"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    notices = {r["notice"] for r in rows}
    assert "CP14" in notices
    cp14 = [r for r in rows if r["notice"] == "CP14" and r["source"] == "printed"]
    assert cp14 and cp14[0]["deadline"] == "2019-04-12" and cp14[0]["days_left"] == "18"
    upcoming = [int(r["days_left"]) for r in rows if int(r["days_left"]) >= 0]
    assert upcoming == sorted(upcoming)
