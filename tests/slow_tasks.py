"""Task functions for the worker pool that misbehave on purpose (imported by the workers)."""

from __future__ import annotations

import os
import time

from scanner.batch import scan_safely
from scanner.models import ScanResult
from scanner.options import ScanOptions


def hang_on_marked_files(source: object, options: ScanOptions) -> ScanResult:
    """Scan normally, but hang forever on a file whose name contains 'hang'."""
    if "hang" in str(source):
        time.sleep(3600)
    return scan_safely(source, options)  # type: ignore[arg-type]


def die_on_marked_files(source: object, options: ScanOptions) -> ScanResult:
    """Scan normally, but kill the worker process on a file whose name contains 'die'."""
    if "die" in str(source):
        os._exit(1)
    return scan_safely(source, options)  # type: ignore[arg-type]


def omp_thread_limit(source: object, options: ScanOptions) -> object:
    """Report the worker's OMP_THREAD_LIMIT instead of scanning."""
    return os.environ.get("OMP_THREAD_LIMIT")


def source_name(source: object, options: ScanOptions) -> object:
    """Report the source's file name instead of scanning."""
    return os.path.basename(str(source))


def opencv_threads(source: object, options: ScanOptions) -> object:
    """Report how many threads OpenCV would use in the worker instead of scanning."""
    import cv2

    return cv2.getNumThreads()
