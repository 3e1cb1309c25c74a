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
import os
import signal
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from scanner import __version__
from scanner.api import error_result, scan
from scanner.batch import quiet_libraries
from scanner.catalog import load_catalog
from scanner.errors import ExitCode, ScannerError, UsageError
from scanner.options import ScanOptions
from scanner.privacy import MaskingFilter, mask
from scanner.report import (
    batch_line,
    render_catalog,
    render_notice,
    render_result,
    render_summary,
)
from scanner.summary import BatchSummary

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
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="letter files (PDF, JPG, PNG, HEIC, TIFF, WebP) or folders",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the result as JSON (JSON Lines for several files)",
    )
    p.add_argument(
        "--today",
        type=_date,
        metavar="YYYY-MM-DD",
        help="count days left from this date instead of today",
    )
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument(
        "--timeout",
        type=_positive,
        default=120.0,
        metavar="SECONDS",
        help="time limit per file (default 120)",
    )
    p.add_argument(
        "--max-pages",
        type=int,
        default=50,
        metavar="N",
        help="refuse files with more pages than this (default 50)",
    )
    p.add_argument(
        "--include-text",
        action="store_true",
        help="put the letter's text into the JSON output (it is private)",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="also write results to FILE (.jsonl or .csv), flushed as each file ends",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="skip files whose content already has a result in --out",
    )
    p.add_argument(
        "--workers", type=int, metavar="N", help="files scanned in parallel (default: one per core)"
    )
    p.add_argument(
        "--timeline",
        action="store_true",
        help="group letters of the same taxpayer and tax period into timelines",
    )
    p.add_argument("--no-preprocess", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _explain(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="scan explain", description="Explain a notice code without a letter."
    )
    p.add_argument("code", help="a notice code or how it is printed: CP504, 'Letter 1058', LT11")
    args = p.parse_args(argv)
    catalog = load_catalog()
    notice = catalog.lookup(args.code)
    if notice is None:
        print(
            f"scan: '{args.code}' is not in the catalog; 'scan notices' lists what is.",
            file=sys.stderr,
        )
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
    quiet_libraries()


def _options(args: argparse.Namespace) -> ScanOptions:
    if args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    return ScanOptions(
        today=args.today,
        password=args.password,
        timeout_s=args.timeout,
        max_pages=args.max_pages,
        include_text=args.include_text,
        preprocess=not args.no_preprocess,
    )


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM takes the same orderly path as Ctrl-C: finished results are already on disk,
    # workers are stopped, the exit status says the run was interrupted.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if argv is None:
        signal.signal(signal.SIGTERM, _terminate)
    try:
        if args_list and args_list[0] == "explain" and not Path("explain").exists():
            return _explain(args_list[1:])
        if args_list and args_list[0] == "notices" and not Path("notices").exists():
            return _notices(args_list[1:])
        parser = build_parser()
        try:
            args = parser.parse_args(_checked_args(parser, args_list))
        except SystemExit as e:
            return int(e.code or 0) and ExitCode.USAGE
        _setup_logging(args.verbose)
        options = _options(args)
        return _run(args, options)
    except KeyboardInterrupt:
        print("scan: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`scan notices | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except ScannerError as e:
        print(f"scan: error: {mask(e.message)}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # the last guard: a person never sees a traceback
        log.debug("unexpected error", exc_info=True)
        print(
            f"scan: internal error: {type(e).__name__}: {mask(str(e))} (run with -v for details)",
            file=sys.stderr,
        )
        return ExitCode.FILES_FAILED


def _checked_args(parser: argparse.ArgumentParser, args: Sequence[str]) -> list[str]:
    """The arguments with a mistyped option named first (argparse would complain of the
    missing PATH instead: ``scan --bogus``), and a file whose name starts with a dash
    (``-x.pdf``) passed as a file, not an option."""
    known = [name for action in parser._actions for name in action.option_strings]
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return out + list(args[index:])
        if arg.startswith("-") and arg != "-":
            name = arg.split("=", 1)[0]
            if not any(option.startswith(name) for option in known):
                if not Path(arg).exists():
                    parser.error(f"unrecognized option: {arg}")
                arg = f".{os.sep}{arg}"
        out.append(arg)
    return out


def _run(args: argparse.Namespace, options: ScanOptions) -> int:
    paths = [Path(p) for p in args.paths]
    if args.resume and args.out is None:
        raise UsageError("--resume needs --out FILE (the results to resume)")
    if args.workers is not None and args.workers < 0:
        raise UsageError("--workers must be 0 or more")
    if len(paths) == 1 and not paths[0].is_dir() and args.out is None and not args.timeline:
        return _single(args.paths[0], args, options)
    return _batch(args, options)


def _batch(args: argparse.Namespace, options: ScanOptions) -> int:
    from scanner.batch import scan_indexed
    from scanner.output import ResultWriter, format_for

    if args.out is not None:
        format_for(args.out)  # a bad extension is a usage error before any work
    summary = BatchSummary()
    files = _files_to_scan(args, summary)
    catalog = load_catalog()
    progress = Progress(len(files)) if sys.stderr.isatty() and not args.verbose else None
    writer = ResultWriter(args.out, append=args.resume) if args.out else None
    human = sys.stderr if args.json else sys.stdout
    try:
        for _, result in scan_indexed(files, workers=args.workers, options=options):
            summary.add(result)
            if writer is not None:
                writer.write(result)
            if args.json:
                print(result.to_json(), flush=True)
            else:
                if progress:
                    progress.clear()
                print(batch_line(result), file=human, flush=True)
            if progress:
                progress.step()
    finally:
        if writer is not None:
            writer.close()
        if progress:
            progress.clear()
    render_summary(summary, catalog, human, timeline=args.timeline, name_failures=args.json)
    return ExitCode.FILES_FAILED if summary.failed else ExitCode.OK


def _files_to_scan(args: argparse.Namespace, summary: BatchSummary) -> list[Path]:
    """The letter files under the paths given, less those a resumed batch has done."""
    from scanner.batch import collect_inputs, file_hash
    from scanner.output import done_hashes, drop_errors

    if args.out is not None and not args.out.parent.is_dir():
        raise UsageError(f"--out: the folder '{args.out.parent}' does not exist")
    inputs = collect_inputs(args.paths)
    summary.skipped = len(inputs.skipped)
    for path in inputs.skipped:
        log.info("skipped (not a letter file type, or hidden): %s", path)
    files = inputs.files
    if not files:
        named = ", ".join(f"'{p}'" for p in args.paths)
        raise UsageError(f"no letter files (PDF or image) found in {named}")
    if args.resume and args.out is not None:
        done = done_hashes(args.out)
        todo = [f for f in files if file_hash(f) not in done]
        summary.resumed = len(files) - len(todo)
        files = todo
        # The files that failed last time are tried again: their old error entries go, so
        # each file keeps one entry.
        drop_errors(args.out, {str(f) for f in files})
    return files


class Progress:
    """A one-line progress bar on stderr: files done / total, rate, time left."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.draw()

    def step(self) -> None:
        """One more file done."""
        self.done += 1
        self.draw()

    def draw(self) -> None:
        """Redraw the bar."""
        elapsed = max(1e-6, time.monotonic() - self.start)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        filled = int(30 * self.done / max(1, self.total))
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
            f"{rate:.1f} files/s, {int(left) // 60}:{int(left) % 60:02d} left "
        )
        sys.stderr.flush()

    def clear(self) -> None:
        """Erase the bar (before printing a line)."""
        sys.stderr.write("\r" + " " * 79 + "\r")
        sys.stderr.flush()


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
