"""Scan many files: walk the inputs, run a pool of worker processes, stream results out.

Each worker is a separate process running one single-threaded Tesseract at a time
(OMP_THREAD_LIMIT=1): parallelism comes from processes, one OCR per core. A worker that runs
past the per-file time limit, or dies, is killed and replaced; its file gets an ``error``
result and the batch goes on.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from scanner.api import error_result, scan
from scanner.errors import OcrTimeoutError, ScannerError, UsageError
from scanner.load import SUPPORTED_SUFFIXES, Source
from scanner.models import ScanResult
from scanner.options import ScanOptions

# A worker still busy this long past the scan's own time limit is stuck (a hostile file that
# hangs a parser, not OCR, which has its own limit) and is killed.
KILL_GRACE_S = 5.0

Task = Callable[[Source, ScanOptions], ScanResult]


@dataclass
class Inputs:
    """The files to scan, and what was skipped on the way."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def collect_inputs(paths: Iterable[str | os.PathLike[str]]) -> Inputs:
    """Files named directly, plus every supported file under the folders named (recursively).

    A file named directly is always taken (its content decides whether it can be read); files
    found inside folders are taken only with a supported extension, others are skipped.
    """
    found = Inputs()
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_dir():
                    continue
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    found.skipped.append(child)  # counted, so a skip is never silent
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    # A broken link or a pipe named like a letter is taken too: its error
                    # entry says what is wrong with it, instead of a silent skip.
                    _add(found.files, seen, child)
                else:
                    found.skipped.append(child)
        else:
            _add(found.files, seen, path)
    return found


def _add(files: list[Path], seen: set[Path], path: Path) -> None:
    try:
        key = path.resolve()
    except (OSError, RuntimeError):  # a link that points at itself
        key = path.absolute()
    if key not in seen:
        seen.add(key)
        files.append(path)


def file_hash(path: Path) -> str | None:
    """SHA-256 of a file's content, or None when it cannot be read."""
    try:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def scan_safely(source: Source, options: ScanOptions) -> ScanResult:
    """scan() that never raises: failures become a result with ``error`` set."""
    name = str(source) if isinstance(source, (str, os.PathLike)) else "<input>"
    try:
        return scan(source, options=options)
    except ScannerError as e:
        return error_result(name, e)
    except Exception as e:  # a bug or a library failure on a hostile file: record, go on
        return error_result(name, e)


def quiet_libraries() -> None:
    """Keep the PDF and image libraries' warnings about damaged files off stderr (the file's
    result says what went wrong). Used by the CLI and by the worker processes."""
    for name in ("pdfminer", "PIL", "pdfplumber", "pypdfium2"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="PIL")


def single_threaded() -> None:
    """One thread per worker for Tesseract (OpenMP) and OpenCV: with a worker per core, their
    own threads only fight over the cores (measured: 1.67x for two workers, not 2)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ["OPENCV_FOR_THREADS_NUM"] = "1"  # read when cv2 is first imported
    cv2 = sys.modules.get("cv2")
    if cv2 is not None:  # already imported (a forked worker)
        cv2.setNumThreads(1)


def _worker(conn: Connection, options: ScanOptions, task: Task, scratch: str) -> None:
    single_threaded()
    quiet_libraries()
    # Temporary files (the page images pytesseract hands to Tesseract) go to a folder the
    # parent owns and deletes, even when it has to kill this worker mid-page.
    os.environ["TMPDIR"] = scratch
    tempfile.tempdir = scratch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    try:
        _serve(conn, options, task)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _serve(conn: Connection, options: ScanOptions, task: Task) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, source = job
        result = task(source, options)
        try:
            conn.send((index, result))
        except (BrokenPipeError, EOFError, OSError):
            return  # the parent is gone (killed): nothing left to report to


@dataclass
class _Slot:
    process: Any
    conn: Connection
    task: tuple[int, Source] | None = None
    scratch: str = ""
    started: float = 0.0


class WorkerPool:
    """Worker processes that each scan one file at a time, with a hard per-file time limit."""

    def __init__(self, workers: int, options: ScanOptions, task: Task = scan_safely) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._ctx: Any = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        self.options = options
        self.task = task
        self.limit = options.timeout_s * 1.25 + KILL_GRACE_S
        self.slots = [self._start() for _ in range(workers)]

    def _start(self) -> _Slot:
        parent, child = self._ctx.Pipe()
        scratch = tempfile.mkdtemp(prefix="irs-scan-")
        process = self._ctx.Process(
            target=_worker, args=(child, self.options, self.task, scratch), daemon=True
        )
        process.start()
        child.close()
        return _Slot(process, parent, scratch=scratch)

    def _replace(self, slot: _Slot) -> _Slot:
        slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        shutil.rmtree(slot.scratch, ignore_errors=True)
        fresh = self._start()
        self.slots[self.slots.index(slot)] = fresh
        return fresh

    def run(self, sources: Sequence[Source]) -> Iterator[tuple[int, ScanResult]]:
        """Yield (index, result) for every source, in the order they finish.

        Larger files go first: a long scan started last would leave the other workers idle
        at the end of the batch.
        """
        queue = sorted(enumerate(sources), key=lambda item: (_cost(item[1]), -item[0]))
        pending = 0
        while queue or pending:
            for slot in self.slots:
                if slot.task is None and queue:
                    slot.task = queue.pop()
                    slot.started = time.monotonic()
                    slot.conn.send(slot.task)
                    pending += 1
            busy = [s for s in self.slots if s.task is not None]
            ready = wait([s.conn for s in busy], timeout=1.0)
            now = time.monotonic()
            for slot in busy:
                index, source = slot.task or (-1, "")
                if slot.conn in ready:
                    try:
                        got_index, result = slot.conn.recv()
                    except (EOFError, OSError):
                        result = error_result(
                            str(source),
                            RuntimeError("the worker process died while reading this file"),
                        )
                        got_index = index
                        slot = self._replace(slot)
                    slot.task = None
                    pending -= 1
                    yield got_index, result
                elif now - slot.started > self.limit:
                    self._replace(slot)
                    pending -= 1
                    yield index, error_result(str(source), OcrTimeoutError(self.options.timeout_s))

    def close(self) -> None:
        """Stop every worker."""
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(2)
            slot.conn.close()
            shutil.rmtree(slot.scratch, ignore_errors=True)


def _cost(source: Source) -> int:
    # File size stands in for scan time; queue.pop() takes the largest first.
    if isinstance(source, bytes | bytearray):
        return len(source)
    if isinstance(source, str | os.PathLike):
        with contextlib.suppress(OSError):
            return Path(source).stat().st_size
    return 0


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def scan_many(
    sources: Iterable[Source],
    *,
    workers: int | None = None,
    options: ScanOptions | None = None,
) -> Iterator[ScanResult]:
    """Scan many files, yielding each result as it finishes.

    One bad file never stops the run: its result has ``error`` set. ``workers=0`` scans in
    this process (no hard time limit); the default is one worker process per core.
    """
    for _, result in scan_indexed(list(sources), workers=workers, options=options):
        yield result


def scan_indexed(
    sources: Sequence[Source],
    *,
    workers: int | None = None,
    options: ScanOptions | None = None,
) -> Iterator[tuple[int, ScanResult]]:
    """Like :func:`scan_many`, but yields (index into ``sources``, result) pairs."""
    opts = options or ScanOptions()
    count = default_workers() if workers is None else workers
    if count < 0:
        raise UsageError("workers must be 0 or more")
    if count == 0:
        for index, source in enumerate(sources):
            yield index, scan_safely(source, opts)
        return
    if not sources:
        return
    pool = WorkerPool(min(count, len(sources)), opts)
    try:
        yield from pool.run(sources)
    finally:
        pool.close()
