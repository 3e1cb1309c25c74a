"""A bounded mutation fuzz of the loaders over the sample files (longer runs: make fuzz)."""

from __future__ import annotations

import random

from bench.fuzz import fuzz, load_only, mutate, seed_files
from scanner.options import ScanOptions


def test_mutations_change_the_bytes() -> None:
    rng = random.Random(3)
    data = seed_files()[0].read_bytes()
    changed = [mutate(data, rng)[0] != data for _ in range(20)]
    assert sum(changed) >= 18


def test_unmutated_samples_load() -> None:
    for path in seed_files():
        assert load_only(path.read_bytes(), ScanOptions()) == "ok", path


def test_mutated_files_never_crash_or_hang() -> None:
    report = fuzz(iterations=160, seed=7, workers=2)
    assert report.iterations >= 160
    assert report.crashes == []
    assert report.hangs == 0
    assert report.handled > 0  # the mutations really broke files
