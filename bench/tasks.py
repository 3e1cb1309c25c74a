"""Task functions run inside benchmark worker processes (importable by name)."""

from __future__ import annotations

import resource
import time
from typing import Any

from scanner.batch import scan_safely
from scanner.options import ScanOptions


def timed_scan(source: Any, options: ScanOptions) -> dict[str, Any]:
    """Scan one file; return its contract dict, the seconds it took and the worker's peak RSS."""
    start = time.perf_counter()
    result = scan_safely(source, options)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"result": result.to_dict(), "seconds": seconds, "peak_mb": peak_mb,
            "pages": len(result.pages)}


def timed_baseline(source: Any, options: ScanOptions) -> dict[str, Any]:
    """Run the naive baseline on one file; same shape as :func:`timed_scan`."""
    from bench.baseline import baseline_scan

    start = time.perf_counter()
    result = baseline_scan(source)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"result": result, "seconds": seconds, "peak_mb": peak_mb, "pages": 1}
