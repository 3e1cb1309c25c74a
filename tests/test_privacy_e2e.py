"""Private data end to end: letters that print full SSNs and EINs are scanned every way the
tool can report, and no full number may appear anywhere; nothing is left on disk; nothing
leaves the machine."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfs import write_pdf

from scanner import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., tuple[int, str, str]]


def numbers() -> tuple[str, str]:
    """A full SSN-shaped and EIN-shaped number, made at test time (never committed)."""
    rng = random.Random(1234)
    ssn = f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    ein = f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"
    return ssn, ein


def leaked(text: str, ssn: str, ein: str) -> list[str]:
    """Every form in which the full numbers could leak (with or without separators)."""
    forms = [ssn, ssn.replace("-", ""), ssn.replace("-", " "), ein, ein.replace("-", ""),
             ssn[:6], ssn[3:], ein[:5] + ein[6:9]]
    return [f for f in forms if f in text]


def full_number_letter(folder: Path) -> Path:
    ssn, ein = numbers()
    text = f"""Department of the Treasury
Internal Revenue Service
@x=380
@y=0.05
Notice  CP14
Tax year  2023
Notice date  April 15, 2024
Social security number  {ssn}
Employer ID number  {ein}
@x=40
@y=0.25
We have a record that taxpayer {ssn} owes tax. Spouse SSN {ssn.replace('-', ' ')}.
Typed as {' '.join(ssn[:3])}-{ssn[4:]} on the return.
Billing Summary
Tax you owed  $3,183.00
Interest charges SSN {ssn}  145.00
Amount due by May 6, 2024  $3,328.00
@y=0.8
Detach and return this part with your payment
Notice  CP14
Social security number  {ssn}
Amount due by May 6, 2024  $3,328.00
"""
    return write_pdf(folder / f"letter-{ssn}.pdf", [text])


def test_no_full_number_in_any_output(run_cli: Run, tmp_path: Path) -> None:
    ssn, ein = numbers()
    letter = full_number_letter(tmp_path)
    broken = tmp_path / f"broken-{ssn}.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing here")
    outputs = []
    for args in ([str(letter)], [str(letter), "--json"], [str(letter), "-v"],
                 [str(letter), "--json", "--include-text"], [str(broken)],
                 [str(broken), "--json"], ["-v", str(tmp_path), "--timeline"]):
        _, out, err = run_cli(*args, "--workers", "0") if len(args) > 2 and args[1] == str(
            tmp_path) else run_cli(*args)
        outputs += [out, err]
    for suffix in ("jsonl", "csv"):
        target = tmp_path / f"results.{suffix}"
        run_cli(str(tmp_path), "--out", str(target), "--workers", "0")
        outputs.append(target.read_text())
    result = scan(letter)
    # The API's own objects too: an amount's evidence holds the SSN printed on its line.
    outputs += [result.to_json(), "\n".join(result.warnings), repr(result)]
    assert result.fields["interest"].evidence.startswith("Interest charges SSN XXX-XX-")
    full_text = scan(letter, options=ScanOptions(include_text=True)).text
    assert full_text is not None and "Typed as XXX-XX-" in full_text
    outputs.append(full_text)
    assert result.fields["tin"].value.endswith(ssn[-4:])
    found = [(i, f) for i, text in enumerate(outputs) for f in leaked(text, ssn, ein)]
    assert not found, f"full identifiers leaked: {sorted(set(found))}"
    assert f"XXX-XX-{ssn[-4:]}" in outputs[0]  # the masked form is still shown


def test_ocr_output_is_masked_too(tmp_path: Path) -> None:
    ssn, ein = numbers()
    letter = full_number_letter(tmp_path)
    image = pdfium.PdfDocument(str(letter))[0].render(scale=200 / 72).to_pil()
    photo = tmp_path / "letter.png"
    image.save(photo)
    result = scan(photo)
    assert result.notice_code == "CP14"
    text = result.to_json() + json.dumps([result.to_dict()])
    assert not leaked(text, ssn, ein)


def test_no_copy_of_the_letter_is_left_on_disk(tmp_path: Path) -> None:
    letter = full_number_letter(tmp_path)
    image = pdfium.PdfDocument(str(letter))[0].render(scale=200 / 72).to_pil()
    photo = tmp_path / "letter.png"
    image.save(photo)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    for args in ([str(photo)], [str(tmp_path), "--workers", "2"]):
        done = subprocess.run([sys.executable, "-m", "scanner", *args], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300, check=False)
        assert "Traceback" not in done.stderr
        assert list(scratch.rglob("*")) == [], "temporary files were left behind"


def test_scan_works_with_the_network_blocked(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scanner tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    letter = full_number_letter(tmp_path)
    assert scan(letter).notice_code == "CP14"
    png = tmp_path / "p.png"
    pdfium.PdfDocument(str(letter))[0].render(scale=200 / 72).to_pil().save(png)
    assert scan(png).notice_code == "CP14"


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_cli_runs_in_a_namespace_without_network(tmp_path: Path) -> None:
    if subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode:
        pytest.skip("not allowed to create a network namespace here")
    letter = full_number_letter(tmp_path)
    done = subprocess.run(["unshare", "-n", sys.executable, "-m", "scanner", str(letter),
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notice_code"] == "CP14"


def test_csv_columns_hold_no_raw_identifier(tmp_path: Path) -> None:
    ssn, _ = numbers()
    full_number_letter(tmp_path)
    from scanner.cli import main

    out = tmp_path / "r.csv"
    main([str(tmp_path), "--out", str(out), "--workers", "0"])
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and all(ssn not in " ".join(map(str, r.values())) for r in rows)
