"""One job = one output file and its truth: build the letter, render it, degrade it, save it."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from samples.generator import photo, scan
from samples.generator.common import derive_seed, rng_for
from samples.generator.content import build_letter
from samples.generator.layout import render_letter
from samples.generator.nonletters import render_nonletter
from samples.generator.truth import empty_truth, letter_truth, visible_keys

SMALL_LIMIT = 1_400_000  # bytes; committed files must stay under 1.5 MB
FOLDERS = {"text": "text", "scanned": "scanned", "photo": "photo", "nonletter": "not-a-letter"}


@dataclass(frozen=True, slots=True)
class Job:
    """What to make: rendering, notice code (or non-letter kind), format and forced variants."""

    rendering: str  # text | scanned | photo
    subject: str  # notice code, or a non-letter kind
    stem: str  # relative path without extension, e.g. "text/cp14-stacked-01"
    seed: int
    fmt: str = "pdf"  # pdf | tiff | jpg | png | heic
    small: bool = False  # committed set: keep files small
    nonletter: bool = False
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Made:
    """A finished job: the relative file path and its truth."""

    path: str
    truth: dict[str, Any]


def _source(job: Job, rng: random.Random) -> tuple[bytes, dict[int, set[str]] | None,
                                                      dict[str, Any], Any]:
    """The clean PDF, truth keys per page (None for non-letters), variant spec, the letter."""
    if job.nonletter:
        pdf = render_nonletter(job.subject, rng)
        return pdf, None, {"document": job.subject}, None
    letter = build_letter(job.subject, rng, multi=job.options.get("multi"),
                          business=job.options.get("business"))
    rendered = render_letter(letter, rng, job.options.get("header"))
    return rendered.pdf, rendered.shown, rendered.spec, letter


def _page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def _scanned(job: Job, rng: random.Random, pdf: bytes) -> tuple[bytes, dict[str, Any]]:
    dpi = float(rng.choice((150, 150, 150, 200)) if job.small else rng.choice((150, 200, 240, 300)))
    n = _page_count(pdf)
    rotate_p = job.options.get("rotate_p", 0.12)
    params = [scan.pick_params(rng, rotate_p) for _ in range(n)]
    if job.options.get("rotate_one") and n > 1:
        k = rng.randrange(n)
        old = params[k]
        params[k] = scan.ScanParams(old.skew, rng.choice((90, 180, 270)), old.blur, old.noise,
                                    old.paper, old.ink, old.dark_border, old.streak)
    if job.fmt == "tiff" and (job.options.get("tiff_mode") or "") == "g4":
        dpi = max(dpi, 200.0)  # bilevel at 150 dpi is barely legible; fax "fine" is ~200
    pages = scan.rasterize(pdf, dpi)
    color = rng.random() < 0.25 and job.fmt == "pdf"
    quality = rng.randint(35, 48) if job.small else rng.randint(50, 85)
    out_pages = []
    for i, (page, p) in enumerate(zip(pages, params, strict=True)):
        img = scan.degrade(page, p, dpi, derive_seed(job.seed, "page", i))
        out_pages.append(scan.tint(img, rng) if color else img)
    spec: dict[str, Any] = {"dpi": dpi, "pages": [p.to_spec() for p in params],
                            "color": color}
    if job.fmt == "tiff":
        mode = job.options.get("tiff_mode") or rng.choice(("g4", "g4", "jpeg"))
        spec |= {"tiff_compression": mode, "quality": quality if mode == "jpeg" else None}
        return scan.tiff_bytes(out_pages, dpi, mode, quality), spec
    jpegs = [(scan.jpeg_bytes(a, quality, dpi), a.shape[1], a.shape[0]) for a in out_pages]
    spec["quality"] = quality
    return scan.image_pdf(jpegs, dpi), spec


def _photo(job: Job, rng: random.Random, pdf: bytes) -> tuple[bytes, dict[str, Any]]:
    params = photo.pick_params(rng, small=job.small,
                               max_side={"png": 2600, "heic": 3000}.get(job.fmt, 4000))
    if job.small:
        # committed files stay small: portrait, modest sizes; PNG of a smooth desk
        lo, hi = {"jpg": (2000, 2600), "heic": (1800, 2300), "png": (1600, 1800)}[job.fmt]
        params = replace(params, long_side=rng.randint(lo, hi), portrait=True)
        if job.fmt == "png":
            params = replace(params, surface="laminate", noise=1.0)
    if "long_side" in job.options:  # tests use small photos to stay fast
        params = replace(params, long_side=int(job.options["long_side"]))
    dpi = min(330.0, max(140.0, params.long_side * params.fill * 1.15 / 11.0))
    page = scan.rasterize(pdf, dpi, [1])[0]
    img = photo.compose(page, params, derive_seed(job.seed, "photo"))
    if job.fmt == "png":
        quality = 100
    elif job.small:
        quality = rng.randint(35, 45) if job.fmt == "heic" else rng.randint(55, 68)
    else:
        quality = rng.randint(50, 90)
    orientation = 1
    if job.fmt != "png" and rng.random() < job.options.get("exif_p", 0.3):
        orientation = rng.choice((6, 6, 8, 3))
    if job.fmt == "png" and job.small:
        img = cv2.bilateralFilter(img, 7, 30, 7)
    data = photo.encode(img, job.fmt, quality, orientation)
    palette = False
    if job.fmt == "png" and job.small and len(data) > SMALL_LIMIT // 2:
        # an app's "reduce size" export: a palette, no dithering
        data = photo.encode_palette(img)
        palette = True
    # libheif turns an EXIF orientation into a HEIF rotation property that decoders apply,
    # so a HEIC file decodes upright; JPEG keeps the tag and the turned pixels
    heic = job.fmt == "heic"
    spec = {**params.to_spec(), "render_dpi": round(dpi), "quality": quality,
            "exif_orientation": 1 if heic else orientation,
            "heif_rotation": orientation if heic else 1,
            "stored_size": _stored_size(img, 1 if heic else orientation), "palette": palette}
    return data, spec


def _stored_size(img: np.ndarray, orientation: int) -> list[int]:
    h, w = img.shape[:2]
    return [h, w] if orientation in (6, 8) else [w, h]


def make(job: Job, out_dir: Path) -> Made:
    """Make one file (and its ``.expected.json``) under ``out_dir``."""
    rng = rng_for(job.seed, job.subject, job.rendering)
    pdf, shown, spec, letter = _source(job, rng)
    spec = {"seed": job.seed, "rendering": job.rendering, "format": job.fmt, **spec}
    if job.rendering == "text":
        data, kind, pages = pdf, "pdf-text", None
    elif job.rendering == "scanned":
        data, extra = _scanned(job, rng, pdf)
        spec["scan"] = extra
        kind, pages = ("image" if job.fmt == "tiff" else "pdf-scanned"), None
    else:
        data, extra = _photo(job, rng, pdf)
        spec["photo"] = extra
        kind, pages = "image", [1]
    if shown is None:
        truth = empty_truth(kind, spec)
    else:
        page_list = pages or sorted(shown)
        truth = letter_truth(letter, visible_keys(shown, page_list), kind, spec)
    ext = {"tiff": "tif"}.get(job.fmt, job.fmt)
    path = out_dir / f"{job.stem}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    (out_dir / f"{job.stem}.expected.json").write_text(
        json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Made(f"{job.stem}.{ext}", truth)
