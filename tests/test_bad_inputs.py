"""Bad and hostile input, each a real file made here. A single file gets one clear line on
stderr and a non-zero exit; in a batch it gets an ``error`` entry and the batch goes on;
never a traceback."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from pdfs import CP14_PAGE_1, write_pdf
from PIL import Image

from scanner.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
Run = Callable[..., tuple[int, str, str]]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares huge dimensions (a decompression bomb)."""
    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def thousand_page_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), invariant=1)
    for i in range(3000):
        pdf.drawString(72, 720, f"page {i}")
        pdf.showPage()
    pdf.save()
    return path


def first_photo() -> Path:
    return sorted((SAMPLES / "photo").glob("*.jpg"))[0]


def first_heic() -> Path:
    return sorted((SAMPLES / "photo").glob("*.heic"))[0]


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str, int]] = {}


def bad(name: str, error_type: str, exit_code: int = ExitCode.FILES_FAILED) -> Callable[
        [Callable[[Path], Path]], Callable[[Path], Path]]:
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        BAD_FILES[name] = (make, error_type, exit_code)
        return make
    return register


@bad("zero-bytes", "corrupt_file")
def _zero(folder: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path


@bad("truncated-pdf", "corrupt_file")
def _truncated(folder: Path) -> Path:
    whole = write_pdf(folder / "whole.pdf", [CP14_PAGE_1]).read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    return path


@bad("text-named-pdf", "unsupported_format")
def _text_pdf(folder: Path) -> Path:
    path = folder / "letter.pdf"
    path.write_text("Dear IRS,\nI am writing about my CP14 notice.\n")
    return path


@bad("encrypted-pdf", "encrypted_pdf")
def _encrypted(folder: Path) -> Path:
    return write_pdf(folder / "locked.pdf", [CP14_PAGE_1], password="letmein")


@bad("thousands-of-pages", "too_large")
def _long(folder: Path) -> Path:
    return thousand_page_pdf(folder / "long.pdf")


@bad("decompression-bomb", "too_large")
def _bomb(folder: Path) -> Path:
    path = folder / "bomb.png"
    path.write_bytes(png_claiming(100_000, 100_000))
    return path


@bad("corrupt-jpeg", "corrupt_file")
def _corrupt_jpeg(folder: Path) -> Path:
    data = first_photo().read_bytes()
    path = folder / "cut.jpg"
    path.write_bytes(data[: len(data) // 4])
    return path


@bad("corrupt-heic", "corrupt_file")
def _corrupt_heic(folder: Path) -> Path:
    data = bytearray(first_heic().read_bytes())
    data[200:] = bytes(len(data) - 200)  # keep the header, zero the picture
    path = folder / "broken.heic"
    path.write_bytes(bytes(data))
    return path


@bad("unsupported-format", "unsupported_format")
def _docx(folder: Path) -> Path:
    path = folder / "letter.docx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(200))
    return path


@bad("random-bytes", "unsupported_format")
def _random(folder: Path) -> Path:
    path = folder / "noise.jpg"
    path.write_bytes(bytes([0x8F]) + os.urandom(4000))
    return path


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_single_bad_file_gets_one_line_and_an_exit_code(run_cli: Run, tmp_path: Path,
                                                        name: str) -> None:
    make, error_type, exit_code = BAD_FILES[name]
    path = make(tmp_path)
    code, out, err = run_cli(str(path))
    assert code == exit_code
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"scan: error: {path}: "), err
    assert "Traceback" not in err
    # A library's message quoting long numbers would come out half masked ("XXXXX0000").
    assert "XXXX" not in err, err
    code, out, _ = run_cli(str(path), "--json")
    assert json.loads(out)["error"]["type"] == error_type


def test_a_batch_of_bad_files_records_each_and_keeps_the_good(run_cli: Run,
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    expected = {}
    for name, (make, error_type, _) in BAD_FILES.items():
        sub = folder / name
        sub.mkdir()
        expected[make(sub).name] = error_type
    good = write_pdf(folder / "good.pdf", [CP14_PAGE_1])
    out_file = tmp_path / "results.jsonl"
    code, _, err = run_cli(str(folder), "--out", str(out_file), "--workers", "2")
    assert code == ExitCode.FILES_FAILED
    assert "Traceback" not in err
    rows = [json.loads(line) for line in out_file.read_text().splitlines()]
    by_name = {Path(r["source"]).name: r for r in rows}
    assert by_name[good.name]["notice_code"] == "CP14"
    for name, error_type in expected.items():
        if name in by_name:  # files with unsupported extensions inside folders are skipped
            assert by_name[name]["error"]["type"] == error_type, name


def test_the_password_opens_an_encrypted_pdf(run_cli: Run, tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    code, out, _ = run_cli(str(path), "--password", "letmein", "--json")
    assert code == ExitCode.OK and json.loads(out)["notice_code"] == "CP14"


def test_an_image_with_the_wrong_extension_is_read(tmp_path: Path) -> None:
    from scanner import scan

    png_as_pdf = tmp_path / "photo.pdf"
    png_as_pdf.write_bytes((SAMPLES / "photo").joinpath(
        sorted(p.name for p in (SAMPLES / "photo").glob("*.png"))[0]).read_bytes())
    result = scan(png_as_pdf)
    assert result.error is None and result.input_kind == "image"


def _fake_tesseract(folder: Path, body: str) -> Path:
    """A directory holding a 'tesseract' program that answers probes but does ``body``."""
    bindir = folder / "bin"
    bindir.mkdir()
    script = bindir / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'case "$1" in --version) echo "tesseract 5.3.0"; exit 0;; '
        '--list-langs) printf "List of available languages (2):\\neng\\nosd\\n"; exit 0;; esac\n'
        f"{body}\n"
    )
    script.chmod(0o755)
    return bindir


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "letter.jpg"
    path.write_bytes(first_photo().read_bytes())
    return path


def _scan_cli(*args: str, path: str) -> subprocess.CompletedProcess[str]:
    """Run ``scan ARGS`` in a child process whose PATH is ``path``."""
    return subprocess.run([sys.executable, "-m", "scanner", *args],
                          env={**os.environ, "PATH": path}, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


def test_missing_tesseract_says_how_to_install_it(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    done = _scan_cli(str(photo), path=str(tmp_path / "nothing-here"))
    assert done.returncode == ExitCode.ENVIRONMENT
    assert done.stderr.count("\n") == 1 and "apt-get install tesseract-ocr" in done.stderr
    assert "Traceback" not in done.stderr


def test_hanging_tesseract_is_stopped_by_the_timeout(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    bindir = _fake_tesseract(tmp_path, "sleep 600")
    done = _scan_cli(str(photo), "--timeout", "3", path=f"{bindir}:{os.environ['PATH']}")
    assert done.returncode == ExitCode.FILES_FAILED
    assert done.stderr.count("\n") == 1 and "3 seconds" in done.stderr
    assert "Traceback" not in done.stderr


def test_crashing_tesseract_is_an_ocr_error(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    bindir = _fake_tesseract(tmp_path, 'echo "Error in pixReadStream" >&2; exit 1')
    done = _scan_cli(str(photo), "--json", path=f"{bindir}:{os.environ['PATH']}")
    assert done.returncode == ExitCode.FILES_FAILED
    assert json.loads(done.stdout)["error"]["type"] == "ocr_failed"
    assert "Traceback" not in done.stderr


def test_a_page_claiming_a_huge_size_is_drawn_within_the_pixel_limit(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    from scanner import ScanOptions
    from scanner.load import open_document

    path = tmp_path / "huge.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(14000, 14000), invariant=1)
    pdf.drawString(72, 72, "x")
    pdf.save()
    options = ScanOptions(max_pixels=4_000_000)
    with open_document(path.read_bytes(), options) as doc:
        image = doc.pages[0].render()
    assert image.shape[0] * image.shape[1] <= 4_000_000
