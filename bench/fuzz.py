"""Mutation fuzzing of the loaders: sample files with random byte flips, truncations, zeroed
and repeated chunks go through loading, the text layer and page rendering (not OCR).

    python -m bench.fuzz --seconds 600      (make fuzz)

Each case runs in a worker process with a time limit, so a hang is caught and counted rather
than stopping the run. Only ScannerError may come out; anything else is a crash.
"""

from __future__ import annotations

import argparse
import random
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.batch import WorkerPool
from scanner.errors import ScannerError
from scanner.options import ScanOptions

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("text/*.pdf", "scanned/*.pdf", "scanned/*.tif", "photo/*.jpg", "photo/*.png",
         "photo/*.heic")


def seed_files(per_pattern: int = 2) -> list[Path]:
    """A few sample files of every format to mutate."""
    out: list[Path] = []
    for pattern in SEEDS:
        out += sorted((ROOT / "samples").glob(pattern))[:per_pattern]
    return out


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One random mutation of a file's bytes, and its name."""
    buf = bytearray(data)
    kind = rng.choice(("flip", "truncate", "zero", "repeat", "splice", "header"))
    if kind == "flip":
        for _ in range(rng.randint(1, 40)):
            i = rng.randrange(len(buf))
            buf[i] = rng.randrange(256)
    elif kind == "truncate":
        del buf[rng.randrange(1, len(buf)):]
    elif kind == "zero":
        i = rng.randrange(len(buf))
        buf[i : i + rng.randint(1, 4096)] = bytes(min(4096, len(buf) - i))
    elif kind == "repeat":
        i = rng.randrange(len(buf))
        chunk = buf[i : i + rng.randint(1, 512)]
        buf[i:i] = chunk * rng.randint(2, 50)
    elif kind == "splice":
        i, j = sorted(rng.randrange(len(buf)) for _ in range(2))
        del buf[i:j]
    else:  # damage the first bytes, where formats keep their headers
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(min(64, len(buf)))] = rng.randrange(256)
    return bytes(buf), kind


def load_only(data: bytes, options: ScanOptions) -> str:
    """Everything a scan does before OCR: sniff, open, text layer, render each page."""
    from scanner import load, textlayer

    try:
        with load.open_document(data, options) as doc:
            for page in doc.pages:
                if doc.is_pdf and textlayer.read_text_layer(page.pdf_page, page.number):
                    continue
                image = page.render(dpi=72) if doc.is_pdf else page.image
                assert image is not None and image.ndim == 3
        return "ok"
    except ScannerError as e:
        return f"handled:{e.type}"
    except Exception:
        return "crash:" + traceback.format_exc(limit=6)


@dataclass
class FuzzReport:
    """What a fuzzing run found."""

    iterations: int = 0
    handled: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: int = 0


def fuzz(*, seconds: float | None = None, iterations: int | None = None, seed: int = 1,
         workers: int = 2, timeout_s: float = 10.0) -> FuzzReport:
    """Run mutations until the time or iteration budget is spent."""
    rng = random.Random(seed)
    files = [(p, p.read_bytes()) for p in seed_files()]
    report = FuzzReport()
    deadline = time.monotonic() + (seconds or 1e9)
    pool = WorkerPool(workers, ScanOptions(timeout_s=timeout_s), task=_task)
    pool.limit = timeout_s
    try:
        while time.monotonic() < deadline and (iterations is None
                                               or report.iterations < iterations):
            batch: list[Any] = []
            for _ in range(16):
                path, data = rng.choice(files)
                mutated, kind = mutate(data, rng)
                batch.append((f"{path.name}/{kind}", mutated))
            for _, outcome in pool.run(batch):
                report.iterations += 1
                _count(report, outcome)
    finally:
        pool.close()
    return report


def _task(case: tuple[str, bytes], options: ScanOptions) -> tuple[str, str]:
    name, data = case
    return name, load_only(data, options)


def _count(report: FuzzReport, outcome: Any) -> None:
    if not isinstance(outcome, tuple):  # the pool's own result for a killed (stuck) worker
        report.hangs += 1
        report.crashes.append(f"hang: {getattr(outcome, 'source', '?')}")
        return
    name, status = outcome
    if status.startswith("crash:"):
        report.crashes.append(f"{name}: {status[6:]}")
    else:
        report.handled += status.startswith("handled")


def main(argv: Sequence[str] | None = None) -> int:
    """Fuzz for a while and print what was found."""
    p = argparse.ArgumentParser(prog="python -m bench.fuzz")
    p.add_argument("--seconds", type=float, default=600)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    report = fuzz(seconds=args.seconds, seed=args.seed)
    print(f"fuzz: {report.iterations} mutated files, {report.handled} refused with a clear "
          f"error, {len(report.crashes)} crashes, {report.hangs} hangs")
    for crash in report.crashes[:10]:
        print("  " + crash.replace("\n", "\n    "))
    return 1 if report.crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
