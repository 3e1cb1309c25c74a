"""Batch scanning: folders with good and bad files, JSONL and CSV output, the summary,
stuck and dying workers, and resuming a batch that was killed."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pdfs import CP14_PAGE_1, write_pdf

from scanner import ScanOptions, scan_many
from scanner.batch import WorkerPool, collect_inputs
from scanner.errors import ExitCode
from scanner.output import done_hashes, read_results

Run = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent


def make_letters(folder: Path, count: int) -> list[Path]:
    """Distinct CP14 letters (different notice dates, so different content hashes)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        month = ("April", "May", "June", "July")[i // 28]
        text = CP14_PAGE_1.replace("April 15, 2024", f"{month} {i % 28 + 1}, 2024")
        out.append(write_pdf(folder / f"letter{i:02d}.pdf", [text]))
    return out


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    make_letters(folder / "2024", 3)
    (folder / "notes.txt").write_text("not a letter, skipped by extension")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "empty.jpg").write_bytes(b"")
    (folder / ".hidden.pdf").write_bytes(b"ignored")
    return folder


def test_collect_inputs_recurses_and_skips(mixed: Path) -> None:
    found = collect_inputs([mixed])
    names = sorted(p.name for p in found.files)
    assert names == ["broken.pdf", "empty.jpg", "letter00.pdf", "letter01.pdf", "letter02.pdf"]
    assert sorted(p.name for p in found.skipped) == [".hidden.pdf", "notes.txt"]


def test_a_broken_link_named_like_a_letter_gets_an_error_entry(
    run_cli: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    make_letters(folder, 1)
    (folder / "gone.pdf").symlink_to(folder / "deleted-long-ago.pdf")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    found = collect_inputs([folder])
    assert sorted(p.name for p in found.files) == ["gone.pdf", "letter00.pdf", "loop.pdf"]
    out = tmp_path / "results.jsonl"
    code, _, _ = run_cli(str(folder), "--out", str(out), "--today", "2024-04-20")
    assert code == ExitCode.FILES_FAILED
    by_name = {Path(r["source"]).name: r for r in read_results(out)}
    assert by_name["letter00.pdf"]["notice_code"] == "CP14"
    assert by_name["gone.pdf"]["error"]["message"]
    assert by_name["loop.pdf"]["error"]["message"]


def test_folder_scan_writes_complete_jsonl_and_summary(run_cli: Run, mixed: Path,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    code, stdout, _ = run_cli(str(mixed), "--out", str(out), "--today", "2024-04-20")
    assert code == ExitCode.FILES_FAILED  # some files failed, the rest were scanned
    rows = read_results(out)
    assert len(rows) == 5
    by_name = {Path(r["source"]).name: r for r in rows}
    assert by_name["broken.pdf"]["error"]["type"] == "corrupt_file"
    assert by_name["empty.jpg"]["error"]["type"] == "corrupt_file"
    assert all(by_name[f"letter0{i}.pdf"]["notice_code"] == "CP14" for i in range(3))
    assert "Scanned 3, failed 2, skipped 2" in stdout
    assert "balance-due 1/5 First bill" in stdout
    assert "Letters by urgency" in stdout


def test_folder_scan_writes_csv(run_cli: Run, mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    run_cli(str(mixed), "--out", str(out), "--today", "2024-04-20")
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5
    good = [r for r in rows if r["notice_code"] == "CP14"]
    assert len(good) == 3
    assert {r["amount_due"] for r in good} == {"1075.21"}
    assert all(r["process"] == "balance-due" and r["step"] == "1" for r in good)
    assert {r["error_type"] for r in rows if not r["notice_code"]} == {"corrupt_file"}


def test_timeline_groups_letters_of_one_taxpayer(run_cli: Run, tmp_path: Path) -> None:
    make_letters(tmp_path / "box", 2)
    _, out, _ = run_cli(str(tmp_path / "box"), "--timeline", "--workers", "0")
    assert "XXX-XX-1234, 2023-12-31: CP14 on 2024-04-01 -> CP14 on 2024-04-02" in out
    assert "next expected if nothing is done: CP501" in out


def test_scan_many_yields_every_result_and_never_raises(tmp_path: Path) -> None:
    letters = make_letters(tmp_path / "a", 2)
    bad = tmp_path / "bad.pdf"
    bad.write_text("nope")
    results = list(scan_many([*letters, bad, tmp_path / "missing.pdf"], workers=2))
    assert len(results) == 4
    errors = sorted(r.error.type for r in results if r.error)
    assert errors == ["input", "unsupported_format"]
    assert sum(r.notice_code == "CP14" for r in results) == 2


def test_a_stuck_worker_is_killed_and_the_batch_goes_on(tmp_path: Path) -> None:
    from slow_tasks import hang_on_marked_files

    letters = make_letters(tmp_path / "a", 2)
    stuck = tmp_path / "hang.pdf"
    stuck.write_bytes(letters[0].read_bytes())
    pool = WorkerPool(2, ScanOptions(timeout_s=0.5), task=hang_on_marked_files)
    pool.limit = 2.0
    try:
        started = time.monotonic()
        results = dict(pool.run([letters[0], stuck, letters[1]]))
    finally:
        pool.close()
    assert time.monotonic() - started < 30
    assert results[1].error is not None and results[1].error.type == "ocr_timeout"
    assert results[0].notice_code == results[2].notice_code == "CP14"


def test_a_dying_worker_becomes_an_error_entry(tmp_path: Path) -> None:
    from slow_tasks import die_on_marked_files

    letters = make_letters(tmp_path / "a", 2)
    dying = tmp_path / "die.pdf"
    dying.write_bytes(letters[0].read_bytes())
    results = dict(run_pool(1, die_on_marked_files, [letters[0], dying, letters[1]]))
    assert results[1].error is not None and results[1].error.type == "internal"
    assert results[0].notice_code == results[2].notice_code == "CP14"


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT],
                         ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_killed_batch_keeps_results_and_resume_completes_it(tmp_path: Path, how: int) -> None:
    letters = make_letters(tmp_path / "box", 24)
    out = tmp_path / "results.jsonl"
    cmd = [sys.executable, "-m", "scanner", str(tmp_path / "box"), "--out", str(out),
           "--workers", "1"]
    # A shell starts background jobs with SIGINT ignored, and Python keeps an inherited
    # "ignore": the scan must hear Ctrl-C even when the tests themselves run in the background.
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(read_results(out)) < 3:
        time.sleep(0.05)
    proc.send_signal(how)
    proc.wait(timeout=30)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert "Traceback" not in err
    if how != signal.SIGKILL:
        assert proc.returncode == ExitCode.INTERRUPTED
    before = read_results(out)
    assert 3 <= len(before) < len(letters), "the kill should land mid-batch"
    assert all(r["error"] is None for r in before)
    # Resume: only the files not yet done are scanned, and nothing is lost or doubled.
    done = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    after = read_results(out)
    assert sorted(r["source"] for r in after) == sorted(str(p) for p in letters)
    assert len(done_hashes(out)) == len(letters)
    assert f"already done {len(before)}" in done.stdout


def test_resume_reads_past_a_truncated_last_line(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    good = {"source": "a.pdf", "sha256": "abc", "error": None}
    out.write_text(json.dumps(good) + "\n" + '{"source": "b.pdf", "sha2')
    assert done_hashes(out) == {"abc"}
    assert [r["source"] for r in read_results(out)] == ["a.pdf"]


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_resume_keeps_one_entry_per_file_that_failed_before(
    run_cli: Any, tmp_path: Path, suffix: str
) -> None:
    folder = tmp_path / "in"
    make_letters(folder, 1)
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 cut short")
    out = tmp_path / f"r.{suffix}"
    for _ in range(2):
        run_cli(str(folder), "--out", str(out), "--resume", "--workers", "0")
    sources = [Path(r["source"]).name for r in read_results(out)]
    assert sorted(sources) == ["broken.pdf", "letter00.pdf"]


def test_hidden_files_in_a_folder_are_counted_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / ".cache").mkdir(parents=True)
    (folder / ".cache" / "copy.pdf").write_bytes(b"%PDF")
    (folder / ".draft.pdf").write_bytes(b"%PDF")
    (folder / "letter.pdf").write_bytes(b"%PDF")
    found = collect_inputs([folder])
    assert [p.name for p in found.files] == ["letter.pdf"]
    assert sorted(p.name for p in found.skipped) == [".draft.pdf", "copy.pdf"]


def test_worker_count_does_not_change_results(tmp_path: Path) -> None:
    letters = make_letters(tmp_path / "a", 4)
    one = {r.source: r.to_dict() for r in scan_many(letters, workers=1)}
    two = {r.source: r.to_dict() for r in scan_many(letters, workers=2)}
    inline = {r.source: r.to_dict() for r in scan_many(letters, workers=0)}
    assert one == two == inline


def run_pool(workers: int, task: Any, sources: list[Any]) -> list[tuple[int, Any]]:
    """(index, output) of a worker pool running ``task`` over ``sources``, pool closed."""
    pool = WorkerPool(workers, ScanOptions(), task=task)
    try:
        return list(pool.run(sources))
    finally:
        pool.close()


@pytest.mark.parametrize(("task", "expected"), [("omp_thread_limit", "1"),
                                                ("opencv_threads", 1)],
                         ids=["tesseract", "opencv"])
def test_workers_run_single_threaded(task: str, expected: object) -> None:
    import slow_tasks

    values = [v for _, v in run_pool(2, getattr(slow_tasks, task), ["a", "b"])]
    assert values == [expected, expected]


def test_the_largest_files_are_started_first(tmp_path: Path) -> None:
    # A long scan started last would leave the other workers idle at the end of a batch.
    from slow_tasks import source_name

    sizes = {"small.pdf": 10, "large.pdf": 3000, "medium.pdf": 500, "missing.pdf": None}
    paths = []
    for name, size in sizes.items():
        if size is not None:
            (tmp_path / name).write_bytes(b"x" * size)
        paths.append(str(tmp_path / name))
    order = run_pool(1, source_name, paths)
    assert [name for _, name in order] == ["large.pdf", "medium.pdf", "small.pdf", "missing.pdf"]
    # Each result still carries the index of its source.
    assert all(paths[index].endswith(str(name)) for index, name in order)



def test_with_json_on_stdout_the_summary_names_each_failed_file(run_cli: Run, mixed: Path) -> None:
    # No per-file lines reach the terminal then, so the summary says which files failed.
    code, stdout, stderr = run_cli(str(mixed), "--json", "--today", "2024-04-20")
    assert code == ExitCode.FILES_FAILED
    assert len(stdout.strip().splitlines()) == 5
    assert f"{mixed / 'broken.pdf'}: the PDF is damaged" in stderr
    assert f"{mixed / 'empty.jpg'}: the file is empty" in stderr
