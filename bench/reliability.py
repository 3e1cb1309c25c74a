"""``make reliability``: how the scanner holds up, in three figures.

1. Bad inputs tried and handled: each hostile file from the test suite, through the CLI; a
   file counts as handled when it gets one line on stderr, the right exit code and no
   traceback.
2. Fuzzing: mutated sample files run through the loaders; crashes and hangs found.
3. Kill and resume: a real batch is killed (SIGKILL, SIGTERM, SIGINT) at a random moment,
   then resumed; results lost or doubled are counted (must be 0).
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def bad_inputs() -> tuple[int, int, list[str]]:
    """(tried, handled, failures) over the test suite's hostile files."""
    from test_bad_inputs import BAD_FILES

    tried = handled = 0
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, _, exit_code) in sorted(BAD_FILES.items()):
            folder = Path(tmp) / name
            folder.mkdir()
            path = make(folder)
            done = subprocess.run([sys.executable, "-m", "scanner", str(path)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=300, check=False)
            tried += 1
            ok = (done.returncode == exit_code and done.stderr.count("\n") == 1
                  and "Traceback" not in done.stderr)
            handled += ok
            if not ok:
                failures.append(f"{name}: exit {done.returncode}: {done.stderr.strip()[:200]}")
    return tried, handled, failures


def kill_and_resume(runs: int, seed: int) -> tuple[int, int, int]:
    """(runs, results lost, results doubled) over killed-and-resumed batches."""
    from pdfs import CP14_PAGE_1, write_pdf

    from scanner.output import read_results

    rng = random.Random(seed)
    lost = doubled = 0
    for run in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            box = Path(tmp) / "box"
            box.mkdir()
            letters = []
            for i in range(20):
                text = CP14_PAGE_1.replace("April 15, 2024", f"March {i + 1}, {2020 + run}")
                letters.append(write_pdf(box / f"l{i:02d}.pdf", [text]))
            out = Path(tmp) / "results.jsonl"
            cmd = [sys.executable, "-m", "scanner", str(box), "--out", str(out),
                   "--workers", "2"]
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.8, 3.0))
            proc.send_signal(rng.choice([signal.SIGKILL, signal.SIGTERM, signal.SIGINT]))
            proc.wait(timeout=60)
            subprocess.run([*cmd, "--resume"], cwd=ROOT, capture_output=True, timeout=600,
                           check=False)
            sources = [r["source"] for r in read_results(out) if not r.get("error")]
            lost += len({str(p) for p in letters} - set(sources))
            doubled += len(sources) - len(set(sources))
    return runs, lost, doubled


def main(argv: Sequence[str] | None = None) -> int:
    """Print the three figures."""
    p = argparse.ArgumentParser(prog="python -m bench.reliability")
    p.add_argument("--fuzz-seconds", type=float, default=120)
    p.add_argument("--kills", type=int, default=6)
    args = p.parse_args(argv)
    from bench.fuzz import fuzz

    tried, handled, failures = bad_inputs()
    print(f"bad inputs: {tried} tried, {handled} handled with one clear line and exit code")
    for failure in failures:
        print("  NOT HANDLED " + failure)
    report = fuzz(seconds=args.fuzz_seconds, seed=int(time.time()))
    print(f"fuzzing: {report.iterations} mutated files in {args.fuzz_seconds:.0f} s, "
          f"{len(report.crashes)} crashes, {report.hangs} hangs")
    for crash in report.crashes[:5]:
        print("  " + crash.splitlines()[-1])
    runs, lost, doubled = kill_and_resume(args.kills, seed=int(time.time()))
    print(f"kill and resume: {runs} batches killed mid-run and resumed, {lost} results lost, "
          f"{doubled} doubled")
    return 0 if (handled == tried and not report.crashes and not lost and not doubled) else 1


if __name__ == "__main__":
    raise SystemExit(main())
