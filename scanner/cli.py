"""The ``scan`` command. The one place where exceptions become messages and exit codes.

    scan LETTER.pdf                 explain one letter
    scan LETTER.pdf --json          the JSON contract
    scan FOLDER/ a.pdf b.jpg        many files (JSON Lines with --json)
    scan explain CP504              a catalog entry without a letter
    scan notices                    the catalog
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from scanner import __version__
from scanner.api import error_result, scan
from scanner.catalog import load_catalog
from scanner.errors import ExitCode, ScannerError, UsageError
from scanner.options import ScanOptions
from scanner.privacy import MaskingFilter, mask
from scanner.report import render_catalog, render_notice, render_result

log = logging.getLogger("scanner")

DESCRIPTION = (
    "Read an IRS letter (PDF, scanned PDF or phone photo) and explain what it is, what it asks "
    "for and what usually comes next. Subcommands: 'scan explain CODE' prints a catalog entry; "
    "'scan notices' lists the catalog."
)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-25") from e


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from e
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``scan FILE...``."""
    p = argparse.ArgumentParser(prog="scan", description=DESCRIPTION)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="letter files (PDF, JPG, PNG, HEIC, TIFF, WebP) or folders")
    p.add_argument("--json", action="store_true",
                   help="print the result as JSON (JSON Lines for several files)")
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                   help="count days left from this date instead of today")
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--timeout", type=_positive, default=120.0, metavar="SECONDS",
                   help="time limit per file (default 120)")
    p.add_argument("--max-pages", type=int, default=50, metavar="N",
                   help="refuse files with more pages than this (default 50)")
    p.add_argument("--include-text", action="store_true",
                   help="put the letter's text into the JSON output (it is private)")
    p.add_argument("--no-preprocess", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _explain(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="scan explain",
                                description="Explain a notice code without a letter.")
    p.add_argument("code", help="a notice code or how it is printed: CP504, 'Letter 1058', LT11")
    args = p.parse_args(argv)
    catalog = load_catalog()
    notice = catalog.lookup(args.code)
    if notice is None:
        print(f"scan: '{args.code}' is not in the catalog; 'scan notices' lists what is.",
              file=sys.stderr)
        return ExitCode.USAGE
    render_notice(notice, catalog, sys.stdout)
    return ExitCode.OK


def _notices(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="scan notices", description="List the notice catalog.")
    p.parse_args(argv)
    render_catalog(load_catalog(), sys.stdout)
    return ExitCode.OK


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(MaskingFilter())
    handler.setFormatter(logging.Formatter("scan: %(levelname)s: %(message)s"))
    root = logging.getLogger("scanner")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


def _options(args: argparse.Namespace) -> ScanOptions:
    if args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    return ScanOptions(today=args.today, password=args.password, timeout_s=args.timeout,
                       max_pages=args.max_pages, include_text=args.include_text,
                       preprocess=not args.no_preprocess)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] == "explain" and not Path("explain").exists():
            return _explain(args_list[1:])
        if args_list and args_list[0] == "notices" and not Path("notices").exists():
            return _notices(args_list[1:])
        parser = build_parser()
        try:
            args = parser.parse_args(args_list)
        except SystemExit as e:
            return int(e.code or 0) and ExitCode.USAGE
        _setup_logging(args.verbose)
        options = _options(args)
        return _run(args, options)
    except KeyboardInterrupt:
        print("scan: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except ScannerError as e:
        print(f"scan: error: {mask(e.message)}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # the last guard: a person never sees a traceback
        log.debug("unexpected error", exc_info=True)
        print(f"scan: internal error: {type(e).__name__}: {mask(str(e))} "
              "(run with -v for details)", file=sys.stderr)
        return ExitCode.FILES_FAILED


def _run(args: argparse.Namespace, options: ScanOptions) -> int:
    paths = [Path(p) for p in args.paths]
    if len(paths) == 1 and not paths[0].is_dir():
        return _single(args.paths[0], args, options)
    from scanner.batch import run_cli_batch

    return run_cli_batch(args, options)


def _single(path: str, args: argparse.Namespace, options: ScanOptions) -> int:
    today = options.today or date.today()
    try:
        result = scan(path, options=options)
    except ScannerError as e:
        if args.json:
            print(error_result(path, e).to_json())
        print(f"scan: error: {mask(path)}: {mask(e.message)}", file=sys.stderr)
        return e.exit_code
    if args.json:
        print(result.to_json())
    else:
        render_result(result, load_catalog(), sys.stdout, today=today)
    return ExitCode.OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
