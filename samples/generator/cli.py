"""Command line: ``python -m samples.generator --out DIR [--seed N] [--count N] [--kinds ...]``.

Without ``--count`` it (re)writes the small committed set; with ``--count`` a large set spread
over all notices and renderings, plus ``index.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from samples.generator.common import derive_seed
from samples.generator.make import FOLDERS, Job, Made, make
from samples.generator.nonletters import KINDS as NONLETTER_KINDS
from samples.generator.notices import CODES

KIND_NAMES = ("text", "scanned", "photo", "nonletter")
EXTENSIONS = (".pdf", ".tif", ".jpg", ".png", ".heic", ".json")
DEFAULT_SEED = 20240415

# The committed set: (code, how many text PDFs, forced variants per copy).
_TEXT_PLAN: tuple[tuple[str, tuple[dict[str, Any], ...]], ...] = (
    ("CP14", ({"header": "stacked"}, {"header": "oneline"}, {"header": "reference"},
              {"header": "stacked"})),
    ("CP14I", ({"header": "stacked"}, {"header": "reference"})),
    ("CP14C", ({"header": "oneline"},)),
    ("CP501", ({"header": "stacked"}, {"header": "oneline"}, {"header": "reference"})),
    ("CP503", ({"header": "oneline"}, {"header": "stacked"}, {"header": "oneline"})),
    ("CP504", ({"header": "stacked", "multi": True}, {"header": "oneline"},
               {"header": "stacked"}, {"header": "reference", "multi": True})),
    ("CP504B", ({"header": "stacked", "multi": True}, {"header": "oneline"})),
    ("CP161", ({"header": "stacked"}, {"header": "oneline"}, {"header": "reference"})),
    ("LT11", ({"header": "letter", "multi": True}, {"header": "stacked"},
              {"header": "letter", "business": True})),
    ("LTR1058", ({"multi": True}, {"multi": True, "business": True}, {"multi": False})),
    ("CP90", ({"header": "stacked"}, {"header": "oneline", "multi": True})),
    ("CP2000", ({"header": "stacked"}, {"header": "oneline"}, {"header": "reference"})),
    ("CP3219A", ({"header": "stacked"}, {"header": "oneline"})),
    ("LTR3172", ({"multi": True}, {"business": True})),
    ("CP11", ({"header": "stacked"}, {"header": "oneline"})),
    ("CP22A", ({"header": "stacked"}, {"header": "reference"})),
    ("CP59", ({"header": "stacked"},)),
    ("CP71C", ({"header": "oneline", "multi": True},)),
    ("CP523", ({"header": "stacked"},)),
    ("LTR5071C", ({}, {})),
    ("CP01A", ({"header": "oneline"},)),
    ("CP12", ({"header": "stacked"},)),
)
_SCANNED_PLAN: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("CP14", "pdf", {"rotate_one": True}), ("CP501", "pdf", {}), ("CP503", "pdf", {}),
    ("CP504", "pdf", {"multi": True, "rotate_one": True}), ("LT11", "pdf", {"multi": True}),
    ("LTR1058", "pdf", {"multi": True}), ("CP2000", "pdf", {}), ("CP161", "pdf", {}),
    ("CP22A", "tiff", {"tiff_mode": "g4"}), ("CP504B", "tiff", {"tiff_mode": "g4"}),
)
_PHOTO_PLAN: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("CP14", "jpg", {"exif_p": 1.0}), ("CP503", "jpg", {}), ("CP504", "jpg", {}),
    ("LT11", "jpg", {"exif_p": 1.0}), ("CP501", "png", {}), ("CP2000", "png", {}),
    ("CP14", "heic", {}), ("LTR1058", "heic", {"exif_p": 1.0}),
)
_NONLETTER_PLAN = (
    ("utility-bill", "text", "pdf"), ("business-letter", "text", "pdf"),
    ("article", "text", "pdf"), ("bank-statement", "scanned", "pdf"),
    ("recipe", "photo", "jpg"), ("w2-form", "photo", "jpg"),
)


def committed_jobs(seed: int) -> list[Job]:
    """The small set that lives in the repository."""
    jobs: list[Job] = []
    for code, variants in _TEXT_PLAN:
        for n, opts in enumerate(variants, 1):
            label = str(opts.get("header", "letter" if code.startswith("L") else "auto"))
            if opts.get("multi"):
                label += "-multi"
            if opts.get("business"):
                label += "-business"
            stem = f"text/{code.lower()}-{label}-{n:02d}"
            jobs.append(Job("text", code, stem, derive_seed(seed, stem), small=True,
                            options=dict(opts)))
    for code, fmt, opts in _SCANNED_PLAN:
        stem = f"scanned/{code.lower()}-{fmt}"
        jobs.append(Job("scanned", code, stem, derive_seed(seed, stem), fmt=fmt, small=True,
                        options=dict(opts)))
    for n, (code, fmt, opts) in enumerate(_PHOTO_PLAN, 1):
        stem = f"photo/{code.lower()}-{n:02d}"
        jobs.append(Job("photo", code, stem, derive_seed(seed, stem), fmt=fmt, small=True,
                        options=dict(opts)))
    for kind, rendering, fmt in _NONLETTER_PLAN:
        stem = f"not-a-letter/{kind}-{rendering}"
        jobs.append(Job(rendering, kind, stem, derive_seed(seed, stem), fmt=fmt, small=True,
                        nonletter=True))
    return jobs


def bulk_jobs(seed: int, count: int) -> list[Job]:
    """``count`` files: ~5% non-letters, the rest 40/30/30 text/scanned/photo over all codes."""
    jobs: list[Job] = []
    n_non = max(1, round(count * 0.05)) if count >= 10 else 0
    n_letters = count - n_non
    renderings = ["text"] * 4 + ["scanned"] * 3 + ["photo"] * 3
    for i in range(n_letters):
        code = CODES[i % len(CODES)]
        rendering = renderings[(i // len(CODES) + i) % len(renderings)]
        s = derive_seed(seed, "bulk", i)
        fmt = "pdf"
        if rendering == "scanned":
            fmt = "tiff" if s % 5 == 0 else "pdf"
        elif rendering == "photo":
            fmt = ("jpg", "jpg", "jpg", "jpg", "png", "heic")[s % 6]
        folder = FOLDERS[rendering]
        jobs.append(Job(rendering, code, f"{folder}/{i:04d}-{code.lower()}", s, fmt=fmt))
    for j in range(n_non):
        kind = NONLETTER_KINDS[j % len(NONLETTER_KINDS)]
        s = derive_seed(seed, "bulk-non", j)
        rendering = ("text", "scanned", "photo")[j % 3]
        fmt = {"text": "pdf", "scanned": "pdf", "photo": "jpg"}[rendering]
        jobs.append(Job(rendering, kind, f"not-a-letter/{n_letters + j:04d}-{kind}", s,
                        fmt=fmt, nonletter=True))
    return jobs


def _clear(out: Path, jobs: list[Job]) -> None:
    """Remove files an earlier run wrote in the folders these jobs write to (our extensions)."""
    for folder in sorted({j.stem.split("/", 1)[0] for j in jobs}):
        d = out / folder
        if d.is_dir():
            for f in d.iterdir():
                if f.is_file() and f.name.endswith(EXTENSIONS):
                    f.unlink()
    index = out / "index.json"
    if index.exists():
        index.unlink()


def _run(jobs: list[Job], out: Path, workers: int) -> list[Made]:
    if workers <= 1 or len(jobs) < 4:
        return [make(j, out) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        return list(pool.map(make, jobs, [out] * len(jobs), chunksize=1))


def _init_worker() -> None:
    import cv2

    cv2.setNumThreads(1)


def _filter(jobs: Iterable[Job], kinds: set[str]) -> list[Job]:
    out = []
    for j in jobs:
        kind = "nonletter" if j.nonletter else j.rendering
        if kind in kinds:
            out.append(j)
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    ap = argparse.ArgumentParser(prog="python -m samples.generator", description=__doc__)
    ap.add_argument("--out", required=True, type=Path, help="output folder")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    ap.add_argument("--count", type=int, default=None,
                    help="make a large set of N files (default: the committed set)")
    ap.add_argument("--kinds", default=",".join(KIND_NAMES),
                    help="comma-separated subset of: " + ",".join(KIND_NAMES))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: all cores)")
    args = ap.parse_args(argv)
    kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
    unknown = kinds - set(KIND_NAMES)
    if unknown:
        ap.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if args.count is not None and args.count < 1:
        ap.error("--count must be at least 1")
    jobs = committed_jobs(args.seed) if args.count is None else bulk_jobs(args.seed, args.count)
    jobs = _filter(jobs, kinds)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    _clear(out, jobs)
    start = time.monotonic()
    made = _run(jobs, out, args.workers)
    if args.count is not None:
        index = [{"file": m.path, "kind": m.truth["input_kind"],
                  "rendering": m.truth["_spec"]["rendering"], "format": m.truth["_spec"]["format"],
                  "notice_code": m.truth["notice_code"],
                  "truth": m.truth}
                 for m in made]
        (out / "index.json").write_text(json.dumps({"seed": args.seed, "count": len(made),
                                                    "files": index}, indent=1) + "\n",
                                        encoding="utf-8")
    took = time.monotonic() - start
    print(f"wrote {len(made)} files to {out} in {took:.1f}s", file=sys.stderr)
    return 0
