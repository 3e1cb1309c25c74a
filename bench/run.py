"""``make bench``: accuracy and speed of the scanner on a generated corpus, in one run.

    python -m bench.run [--count 300] [--seed 2026] [--quick]

Prints and saves (bench/results/latest.json, latest.md, accuracy.png):
- accuracy per field (rows) and rendering (columns: text-layer PDF, scanned, photo), with the
  naive baseline beside each; false notice codes on documents that are not IRS letters;
- seconds per file (median, p95) per rendering with single-threaded workers, seconds per
  scanned page, and the workers' peak memory;
- the ablation: the same images with preprocessing off, and with each step left out;
- batch throughput with 1 and with 2 workers on the same files, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scanner.batch import WorkerPool
from scanner.options import ScanOptions

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "bench" / "generated"
RESULTS = ROOT / "bench" / "results"
RENDERINGS = ("text", "scanned", "photo")
FIELDS = ("notice_code", "notice_date", "tax_periods", "due_date", "tax", "payments_credits",
          "penalties", "interest", "amount_due")
ROW_NAMES = {"tax_periods": "tax_period"}
STEPS = ("page", "orient", "deskew", "lighting", "scale", "rules", "sharpen")


def generate(out: Path, count: int, seed: int) -> list[dict[str, Any]]:
    """The corpus: generated once per (count, seed) and reused."""
    index = out / "index.json"
    stamp = out / "stamp.json"
    wanted = {"count": count, "seed": seed}
    if not (index.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted):
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "samples.generator", "--out", str(out),
                        "--count", str(count), "--seed", str(seed)], check=True, cwd=ROOT)
        stamp.write_text(json.dumps(wanted))
        print(f"generated {count} files in {time.monotonic() - started:.0f} s", flush=True)
    entries: list[dict[str, Any]] = json.loads(index.read_text())["files"]
    for entry in entries:
        entry["path"] = str(out / entry["file"])
        if entry["file"].startswith("not-a-letter/"):
            # Scored apart: only an invented notice code counts against them.
            entry["rendering"] = "nonletter"
    return entries


def field_values(data: dict[str, Any]) -> dict[str, Any]:
    """The compared values of a result or truth dict."""
    amounts = data.get("amounts") or {}
    values = {k: data.get(k) for k in ("notice_code", "notice_date", "tax_periods", "due_date")}
    values["tax_periods"] = values["tax_periods"] or []
    values.update({k: amounts.get(k) for k in ("tax", "payments_credits", "penalties",
                                               "interest", "amount_due")})
    return values


def score(entries: Sequence[dict[str, Any]], outputs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Correct/total per field and rendering, all-fields-right, and false codes."""
    table: dict[str, dict[str, list[int]]] = {
        f: {r: [0, 0] for r in RENDERINGS} for f in (*FIELDS, "all")}
    false_codes = [0, 0]
    misses: list[dict[str, Any]] = []
    for entry in entries:
        out = outputs.get(entry["path"])
        if out is None:
            continue
        got = field_values(out["result"]) if not (out["result"].get("error")) else {}
        if entry["rendering"] == "nonletter":
            false_codes[1] += 1
            false_codes[0] += bool(got.get("notice_code"))
            continue
        want = field_values(entry["truth"])
        rendering = entry["rendering"]
        wrong = []
        for f in FIELDS:
            ok = got.get(f) == want[f]
            table[f][rendering][0] += ok
            table[f][rendering][1] += 1
            if not ok:
                wrong.append({"field": f, "want": want[f], "got": got.get(f)})
        table["all"][rendering][0] += not wrong
        table["all"][rendering][1] += 1
        if wrong:
            misses.append({"file": entry["file"], "wrong": wrong})
    return {"table": table, "false_codes": false_codes, "misses": misses}


def run_pool(paths: Sequence[str], options: ScanOptions, workers: int,
             task: str = "timed_scan") -> tuple[dict[str, dict[str, Any]], float]:
    """Scan files in a worker pool; outputs by path, and the wall-clock seconds."""
    from bench import tasks

    pool = WorkerPool(workers, options, task=getattr(tasks, task))
    started = time.monotonic()
    outputs: dict[str, dict[str, Any]] = {}
    try:
        for index, out in pool.run(list(paths)):
            if not isinstance(out, dict):  # the pool's own timeout / crash result
                out = {"result": out.to_dict(), "seconds": float("nan"), "peak_mb": 0.0,
                       "pages": 0}
            outputs[paths[index]] = out
    finally:
        pool.close()
    return outputs, time.monotonic() - started


def speed(entries: Sequence[dict[str, Any]], outputs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Median and p95 seconds per file per rendering, seconds per scanned page, peak memory."""
    out: dict[str, Any] = {}
    for rendering in (*RENDERINGS, "nonletter"):
        secs = sorted(o["seconds"] for e in entries if e["rendering"] == rendering
                      and (o := outputs.get(e["path"])) and o["seconds"] == o["seconds"])
        if secs:
            out[rendering] = {"median_s": round(statistics.median(secs), 3),
                              "p95_s": round(secs[min(len(secs) - 1, int(0.95 * len(secs)))], 3),
                              "files": len(secs)}
    per_page = [o["seconds"] / max(1, o["pages"]) for e in entries
                if e["rendering"] == "scanned" and (o := outputs.get(e["path"]))]
    if per_page:
        out["scanned_per_page_median_s"] = round(statistics.median(per_page), 3)
    out["peak_worker_mb"] = round(max((o["peak_mb"] for o in outputs.values()), default=0), 1)
    return out


def pct(cell: Sequence[int]) -> str:
    """'97/100 97.0%'."""
    right, total = cell
    return f"{right}/{total} {100 * right / total:.1f}%" if total else "-"


def markdown(report: dict[str, Any]) -> str:
    """The report as the Markdown the README shows."""
    ours, base = report["accuracy"]["table"], report["baseline"]["table"]
    lines = ["| field | " + " | ".join(
        f"{r} | {r} baseline" for r in ("pdf-text", "pdf-scanned", "photo")) + " |",
        "|---|" + "---|" * 6]
    for f in (*FIELDS, "all"):
        row = [ROW_NAMES.get(f, f) if f != "all" else "**all fields right**"]
        for r in RENDERINGS:
            row += [pct(ours[f][r]), pct(base[f][r])]
        lines.append("| " + " | ".join(row) + " |")
    fc, bfc = report["accuracy"]["false_codes"], report["baseline"]["false_codes"]
    lines.append("")
    lines.append(f"False notice codes on documents that are not IRS letters: {fc[0]} of {fc[1]}"
                 f" (baseline: {bfc[0]} of {bfc[1]}).")
    sp = report["speed"]
    lines += ["", "| rendering | median s/file | p95 s/file | files |", "|---|---|---|---|"]
    for r in (*RENDERINGS, "nonletter"):
        if r in sp:
            lines.append(f"| {r} | {sp[r]['median_s']} | {sp[r]['p95_s']} | {sp[r]['files']} |")
    if "scanned_per_page_median_s" in sp:
        lines.append(f"\nScanned PDF pages: median {sp['scanned_per_page_median_s']} s per page."
                     f" Peak memory of a worker: {sp['peak_worker_mb']} MB.")
    ab = report.get("ablation")
    if ab:
        lines += ["", "Ablation (same images; all fields right, and median seconds per file):",
                  "", "| preprocessing | scanned | photo | median s |", "|---|---|---|---|"]
        for name, row in ab.items():
            lines.append(f"| {name} | {pct(row['scanned'])} | {pct(row['photo'])} | "
                         f"{row['median_s']} |")
    tp = report.get("throughput")
    if tp:
        lines.append(f"\nBatch throughput on {tp['files']} files: {tp['1_worker']} letters/s with"
                     f" 1 worker, {tp['2_workers']} with 2 workers: {tp['ratio']}x.")
    m = report["machine"]
    lines.append(f"\nMeasured by `{report['command']}` on {m['date']}: {m['cpus']} cores, "
                 f"{m['platform']}, Python {m['python']}, Tesseract {m['tesseract']}; "
                 f"{report['files']} files, seed {report['seed']}, "
                 f"{report['wall_s']:.0f} s in all.")
    return "\n".join(lines)


def ablation(
    entries: Sequence[dict[str, Any]],
    sizes: dict[str, int],
    workers: int,
    all_steps: dict[str, Any],
) -> dict[str, Any]:
    """All fields right with preprocessing off, and with each step left out in turn, on the
    first ``sizes[rendering]`` files of each rendering. ``all_steps`` holds the main run's
    outputs, which are the all-steps variant already."""
    chosen: list[dict[str, Any]] = []
    for rendering, count in sizes.items():
        chosen += [e for e in entries if e["rendering"] == rendering][:count]
    paths = [e["path"] for e in chosen]
    variants: dict[str, ScanOptions | None] = {"all steps": None,
                                               "none (raw image)": ScanOptions(preprocess=False)}
    for step in STEPS:
        variants[f"without {step}"] = ScanOptions(skip_steps=frozenset({step}))
    out: dict[str, Any] = {}
    for name, options in variants.items():
        if options is None:
            outputs = {p: all_steps[p] for p in paths}
        else:
            outputs, _ = run_pool(paths, options, workers)
        table = score(chosen, outputs)["table"]["all"]
        secs = [o["seconds"] for o in outputs.values()]
        out[name] = {"scanned": table["scanned"], "photo": table["photo"],
                     "median_s": round(statistics.median(secs), 2)}
        print(f"  ablation {name}: scanned {pct(table['scanned'])}, photo {pct(table['photo'])}",
              flush=True)
    return out


def throughput(entries: Sequence[dict[str, Any]], files: int) -> dict[str, Any]:
    """Letters per second with 1 and with 2 workers on the same OCR files."""
    paths = [e["path"] for e in entries if e["rendering"] in ("scanned", "photo")][:files]
    _, one = run_pool(paths, ScanOptions(), 1)
    _, two = run_pool(paths, ScanOptions(), 2)
    return {"files": len(paths), "1_worker": round(len(paths) / one, 3),
            "2_workers": round(len(paths) / two, 3), "ratio": round(one / two, 2)}


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    from scanner.tools import tesseract

    return {"cpus": os.cpu_count(), "platform": platform.platform(terse=True),
            "python": platform.python_version(), "tesseract": tesseract.version(),
            "date": time.strftime("%Y-%m-%d")}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark."""
    p = argparse.ArgumentParser(prog="python -m bench.run")
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--ablation", type=int, default=12, help="scanned files in the ablation")
    # Photos vary more than scans (framing, blur, light): a larger slice shows each step.
    p.add_argument("--ablation-photos", type=int, default=30, help="photos in the ablation")
    p.add_argument("--throughput", type=int, default=24, help="files for the 1-vs-2 run")
    p.add_argument("--quick", action="store_true", help="a small slice (make bench-quick)")
    p.add_argument("--out", type=Path, default=RESULTS)
    args = p.parse_args(argv)
    if args.quick:
        args.count, args.ablation, args.ablation_photos, args.throughput = 30, 2, 2, 4
    os.environ["OMP_THREAD_LIMIT"] = "1"
    started = time.monotonic()
    entries = generate(GENERATED / f"n{args.count}-s{args.seed}", args.count, args.seed)
    paths = [e["path"] for e in entries]
    print(f"scanning {len(paths)} files with {args.workers} workers...", flush=True)
    outputs, _ = run_pool(paths, ScanOptions(), args.workers)
    print("baseline...", flush=True)
    base_outputs, _ = run_pool(paths, ScanOptions(), args.workers, task="timed_baseline")
    print("ablation...", flush=True)
    report: dict[str, Any] = {
        "command": "make bench-quick" if args.quick else "make bench",
        "files": len(paths), "seed": args.seed,
        "accuracy": score(entries, outputs),
        "baseline": score(entries, base_outputs),
        "speed": speed(entries, outputs),
        "ablation": ablation(
            entries, {"scanned": args.ablation, "photo": args.ablation_photos}, args.workers,
            outputs,
        ),
    }
    print("throughput...", flush=True)
    report["throughput"] = throughput(entries, args.throughput)
    report["machine"] = machine()
    report["wall_s"] = time.monotonic() - started
    text = markdown(report)
    print("\n" + text)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "quick" if args.quick else "latest"
    (args.out / f"{stem}.json").write_text(json.dumps(report, indent=1, default=str))
    (args.out / f"{stem}.md").write_text(text + "\n")
    from bench.chart import accuracy_chart

    accuracy_chart(report, args.out / f"{stem}-accuracy.png")
    if not args.quick:
        update_readme(text)
    return 0


def update_readme(text: str) -> None:
    """Put the latest figures between the benchmark markers of the README."""
    readme = ROOT / "README.md"
    content = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in content and end in content:
        head, rest = content.split(start, 1)
        _, tail = rest.split(end, 1)
        readme.write_text(f"{head}{start}\n{text}\n{end}{tail}")


if __name__ == "__main__":
    raise SystemExit(main())
