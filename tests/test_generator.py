"""Tests for the synthetic letter generator (samples.generator)."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from PIL import Image, ImageOps

from samples.generator.cli import bulk_jobs, committed_jobs, main
from samples.generator.common import long_date, numeric_date, rng_for
from samples.generator.make import Job, _source, make
from samples.generator.truth import TRUTH_KEYS
from scanner.models import AMOUNT_NAMES, TaxPeriod

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MONEY = re.compile(r"^\d+\.\d{2}$")
KINDS = {"pdf-text", "pdf-scanned", "image"}


def _make_twice(tmp_path: Path, job: Job) -> tuple[bytes, bytes, dict[str, Any]]:
    a = make(job, tmp_path / "a")
    b = make(job, tmp_path / "b")
    first = (tmp_path / "a" / a.path).read_bytes()
    second = (tmp_path / "b" / b.path).read_bytes()
    return first, second, a.truth


@pytest.mark.parametrize(
    ("rendering", "code", "fmt"),
    [
        ("text", "CP504", "pdf"),
        ("scanned", "LT11", "pdf"),
        ("scanned", "CP22A", "tiff"),
        ("photo", "CP14", "jpg"),
        ("photo", "CP503", "heic"),
        ("photo", "CP501", "png"),
    ],
)
def test_same_seed_same_bytes(tmp_path: Path, rendering: str, code: str, fmt: str) -> None:
    opts = {"long_side": 1200} if rendering == "photo" else {}
    job = Job(rendering, code, f"{rendering}/x", 4242, fmt=fmt, small=True, options=opts)
    first, second, _ = _make_twice(tmp_path, job)
    assert first == second
    other = make(Job(rendering, code, f"{rendering}/y", 4243, fmt=fmt, small=True,
                     options=opts), tmp_path)
    assert (tmp_path / other.path).read_bytes() != first


def _check_shape(truth: dict[str, Any]) -> None:
    assert tuple(truth) == TRUTH_KEYS
    assert truth["input_kind"] in KINDS
    assert truth["notice_code"] is None or re.fullmatch(r"(CP|LT|LTR)\d+[A-Z]*",
                                                       truth["notice_code"])
    for key in ("notice_date", "due_date"):
        if truth[key] is not None:
            date.fromisoformat(truth[key])
    assert isinstance(truth["tax_periods"], list)
    for item in truth["tax_periods"]:
        period = TaxPeriod(item["form"], date.fromisoformat(item["period_end"]), item["year"])
        assert period.to_dict() == item  # same keys, order and types as the contract
        assert isinstance(item["year"], int)
    assert tuple(truth["amounts"]) == AMOUNT_NAMES
    for value in truth["amounts"].values():
        assert value is None or MONEY.match(value)
    assert isinstance(truth["_spec"], dict)


def _adds_up(amounts: dict[str, str | None]) -> bool:
    if amounts["tax"] is None:
        return True
    total = sum((Decimal(amounts[k] or 0) for k in ("tax", "penalties", "interest")),
                Decimal(0)) - Decimal(amounts["payments_credits"] or 0)
    return total == Decimal(str(amounts["amount_due"]))


def test_truth_shape_and_sums_across_codes(tmp_path: Path) -> None:
    jobs = [j for j in bulk_jobs(7, 60) if j.rendering == "text"]
    assert len({j.subject for j in jobs}) >= 20
    for job in jobs:
        truth = make(job, tmp_path).truth
        _check_shape(truth)
        assert _adds_up(truth["amounts"]), job
        if job.nonletter:
            assert truth["notice_code"] is None and truth["tax_periods"] == []
            assert all(v is None for v in truth["amounts"].values())
        else:
            assert truth["notice_code"] == job.subject


def _printed(value: str, kind: str) -> list[str]:
    """The ways a truth value can be printed on the page."""
    if kind == "date":
        d = date.fromisoformat(value)
        return [long_date(d), numeric_date(d)]
    if kind == "money":
        whole, cents = value.split(".")
        return [f"{int(whole):,}.{cents}"]
    if kind == "code":
        digits = re.sub(r"^(LTR|LT|CP)", "", value)
        return [value, f"CP {digits}", f"Letter {digits}", f"LTR {digits}"]
    return [value]


def _page_one_text(job: Job) -> tuple[str, str]:
    pdf, _, _, _ = _source(job, rng_for(job.seed, job.subject, job.rendering))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0].extract_text() or ""
        everything = "\n".join(p.extract_text() or "" for p in doc.pages)
    return first, everything


@pytest.mark.parametrize("seed", range(8))
def test_photo_truth_is_what_page_one_prints(tmp_path: Path, seed: int) -> None:
    code = ("LT11", "LTR1058", "CP504", "CP2000", "CP14", "CP71C", "LTR3172", "CP11")[seed]
    job = Job("photo", code, "photo/p", 1000 + seed, fmt="jpg", small=True,
              options={"long_side": 700})
    truth = make(job, tmp_path).truth
    assert truth["input_kind"] == "image"
    page1, _ = _page_one_text(job)
    checks = [("notice_code", "code"), ("notice_date", "date"), ("due_date", "date")]
    for key, kind in checks:
        if truth[key] is not None:
            assert any(s in page1 for s in _printed(truth[key], kind)), (key, truth[key])
    if truth["amounts"]["amount_due"] is not None:
        assert _printed(truth["amounts"]["amount_due"], "money")[0] in page1
    for item in truth["tax_periods"]:
        assert str(item["year"]) in page1


def test_photo_truth_leaves_out_what_only_later_pages_show(tmp_path: Path) -> None:
    seen_missing = 0
    for seed in range(40):
        job = Job("photo", "LT11", "photo/p", 2000 + seed, fmt="jpg", small=True,
                  options={"long_side": 700})
        _, shown, _, letter = _source(job, rng_for(job.seed, job.subject, job.rendering))
        assert shown is not None and letter is not None
        if len(shown) < 2 or letter.money != "table" or "tax" in shown[1]:
            continue
        truth = make(job, tmp_path).truth
        page1, everything = _page_one_text(job)
        tax = _printed(f"{sum(r.owed for r in letter.rows) / 100:.2f}", "money")[0]
        assert truth["amounts"]["tax"] is None
        first_row = _printed(f"{letter.rows[0].owed / 100:.2f}", "money")[0]
        assert first_row not in page1 and first_row in everything
        assert tax not in page1
        seen_missing += 1
        if seen_missing >= 2:
            break
    assert seen_missing >= 1


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    made = make(Job("scanned", "CP503", "scanned/s", 77, small=True), tmp_path)
    with pdfplumber.open(tmp_path / made.path) as doc:
        assert len(doc.pages) >= 1
        for page in doc.pages:
            assert page.extract_words() == []
            assert len(page.images) == 1
    assert made.truth["input_kind"] == "pdf-scanned"


def test_exif_orientation_turns_upright(tmp_path: Path) -> None:
    job = Job("photo", "CP14", "photo/e", 91, fmt="jpg", small=True,
              options={"exif_p": 1.0, "long_side": 900})
    made = make(job, tmp_path)
    spec = made.truth["_spec"]["photo"]
    raw = Image.open(tmp_path / made.path)
    assert raw.getexif().get(0x0112) == spec["exif_orientation"] != 1
    upright = ImageOps.exif_transpose(raw)
    assert upright.height > upright.width  # committed photos are portrait
    if spec["exif_orientation"] in (6, 8):
        assert raw.width > raw.height


def test_cli_count_writes_index(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path), "--count", "24", "--kinds", "text,nonletter",
                 "--workers", "1"]) == 0
    index = json.loads((tmp_path / "index.json").read_text())
    files = index["files"]
    assert files and all((tmp_path / f["file"]).exists() for f in files)
    assert any(f["notice_code"] is None for f in files)
    assert {f["kind"] for f in files} == {"pdf-text"}
    for f in files:
        stem = (tmp_path / f["file"]).with_suffix("")
        assert json.loads(stem.with_suffix(".expected.json").read_text()) == f["truth"]


def test_committed_plan_covers_catalog_and_renderings() -> None:
    jobs = committed_jobs(1)
    codes = {j.subject for j in jobs if not j.nonletter}
    for code in ("CP14", "CP14I", "CP501", "CP503", "CP504", "CP161", "CP504B", "LT11",
                 "LTR1058", "CP90", "CP2000", "CP3219A", "LTR3172", "CP11", "CP22A", "CP59",
                 "CP71C", "CP523", "LTR5071C"):
        assert code in codes
    fmts = {(j.rendering, j.fmt) for j in jobs}
    assert {("photo", "heic"), ("photo", "png"), ("photo", "jpg"), ("scanned", "tiff")} <= fmts
    assert sum(1 for j in jobs if j.nonletter) >= 5


@pytest.mark.skipif(not (SAMPLES / "text").is_dir(), reason="committed samples not generated")
def test_committed_files_have_truth_and_fit_the_budget() -> None:
    # samples/independent/ comes from another generator, with truth of its own shape.
    files = [p for p in SAMPLES.rglob("*") if p.is_file() and "independent" not in p.parts
             and p.suffix in {".pdf", ".tif", ".jpg", ".png", ".heic"}]
    assert len(files) >= 60
    total = 0
    for p in files:
        truth_path = p.with_name(p.stem + ".expected.json")
        assert truth_path.exists(), p
        truth = json.loads(truth_path.read_text())
        _check_shape(truth)
        assert _adds_up(truth["amounts"]), p
        size = p.stat().st_size
        assert size < 1_500_000, p
        total += size + truth_path.stat().st_size
    assert total <= 8_000_000
