"""The scan command: output for a person, JSON, subcommands, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pdfs import cp14

from scanner.errors import ExitCode

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    return cp14(tmp_path / "cp14.pdf")


def test_scan_prints_the_explanation_for_a_person(run_cli: Run, letter: Path) -> None:
    code, out, err = run_cli(str(letter), "--today", "2024-04-20")
    assert code == ExitCode.OK and err == ""
    assert "CP14: " in out
    assert ">> 1. First bill" in out and "<- this letter" in out
    assert "5. Final notice before seizure" in out
    assert "Amount due" in out and "$1,075.21" in out
    assert "May 6, 2024 (16 days left)" in out
    assert "What the IRS wants" in out and "What usually comes next" in out
    assert "Common misunderstandings" in out
    assert "not tax or legal advice" in out
    assert "XXX-XX-1234" in out


def test_passed_deadline_is_flagged(run_cli: Run, letter: Path) -> None:
    _, out, _ = run_cli(str(letter), "--today", "2024-06-01")
    assert "PASSED 26 days ago" in out
    assert "A deadline on this letter has passed" in out


def test_json_output_is_the_contract(run_cli: Run, letter: Path) -> None:
    code, out, _ = run_cli(str(letter), "--json", "--today", "2024-04-20")
    assert code == ExitCode.OK
    data = json.loads(out)
    assert data["notice_code"] == "CP14" and data["due_date"] == "2024-05-06"
    assert data["amounts"]["amount_due"] == "1075.21"
    assert data["source"] == str(letter)


def test_several_files_give_json_lines(run_cli: Run, letter: Path, tmp_path: Path) -> None:
    second = cp14(tmp_path / "again.pdf")
    code, out, err = run_cli(str(letter), str(second), "--json", "--workers", "0")
    assert code == ExitCode.OK
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(d["source"] for d in lines) == sorted([str(letter), str(second)])
    assert "Scanned 2, failed 0" in err  # the summary goes to stderr when stdout is JSON


def test_explain_and_notices_subcommands(run_cli: Run) -> None:
    code, out, _ = run_cli("explain", "Letter 1058")
    assert code == ExitCode.OK
    assert out.startswith("LTR1058: ")
    assert "Form 12153" in out and "30 days from the notice date" in out
    code, out, _ = run_cli("notices")
    assert code == ExitCode.OK
    assert "CP504" in out and "balance-due" in out and "notices." in out
    code, _, err = run_cli("explain", "CP99999")
    assert code == ExitCode.USAGE and "not in the catalog" in err


def test_bad_file_gives_one_line_and_exit_1(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "letter.pdf"
    bad.write_text("this is not a PDF at all")
    code, out, err = run_cli(str(bad))
    assert code == ExitCode.FILES_FAILED
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("scan: error: ")
    assert "unsupported file type" in err and "Traceback" not in err


def test_bad_file_with_json_prints_an_error_object(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    code, out, _ = run_cli(str(bad), "--json")
    assert code == ExitCode.FILES_FAILED
    data = json.loads(out)
    assert data["error"]["type"] == "corrupt_file" and data["notice_code"] is None


@pytest.mark.parametrize(
    "args",
    [["--today", "yesterday", "x.pdf"], ["--timeout", "-3", "x.pdf"], [],
     ["a.pdf", "--resume"], ["a.pdf", "--out", "results.xlsx"]],
    ids=["bad-date", "bad-timeout", "no-paths", "resume-without-out", "bad-out"],
)
def test_usage_errors_exit_2(run_cli: Run, args: list[str], letter: Path) -> None:
    args = [str(letter) if a == "a.pdf" else a for a in args]
    code, _, err = run_cli(*args)
    assert code == ExitCode.USAGE
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--bogus"], "unrecognized option: --bogus"),
        (["--bogus", "a.pdf"], "unrecognized option: --bogus"),
        (["empty"], "no letter files (PDF or image) found in"),
        (["a.pdf", "--out", "missing/r.csv"], "--out: the folder"),
    ],
    ids=["unknown-option-alone", "unknown-option", "folder-without-letters", "out-folder-missing"],
)
def test_usage_mistakes_are_named_in_one_line(
    run_cli: Run, args: list[str], says: str, letter: Path, tmp_path: Path
) -> None:
    (tmp_path / "empty.pdf").mkdir()  # a folder named like a letter, holding none
    names = {"a.pdf": str(letter), "empty": str(tmp_path / "empty.pdf"),
             "missing/r.csv": str(tmp_path / "missing" / "r.csv")}
    code, _, err = run_cli(*[names.get(a, a) for a in args])
    assert code == ExitCode.USAGE
    assert says in err.strip().splitlines()[-1]
    assert "Traceback" not in err and "internal error" not in err


def test_an_abbreviated_option_and_a_file_named_with_a_dash_still_work(
    run_cli: Run, letter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashed = tmp_path / "-cp14.pdf"
    dashed.write_bytes(letter.read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("--jso", "-cp14.pdf")
    assert code == ExitCode.OK and json.loads(out)["notice_code"] == "CP14"


def test_missing_file(run_cli: Run, tmp_path: Path) -> None:
    code, _, err = run_cli(str(tmp_path / "nope.pdf"))
    assert code == ExitCode.FILES_FAILED and "no such file" in err


def test_console_script_runs_as_a_program(letter: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "scanner", str(letter), "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notice_code"] == "CP14"


def test_every_option_is_documented_in_the_readme() -> None:
    from scanner.cli import build_parser

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for action in build_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and action.help != "==SUPPRESS==" and flag != "--help":
                assert flag in readme, f"{flag} is not in the README"
    for sub in ("scan explain", "scan notices"):
        assert sub in readme
