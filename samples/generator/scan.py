"""Rasterize a PDF and make it look scanned: paper tone, noise, blur, skew, rotated pages."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.generator.draw import register_fonts

U8 = np.uint8


def rasterize(pdf: bytes, dpi: float, pages: list[int] | None = None) -> list[np.ndarray]:
    """Render pages (1-based numbers, all by default) to grayscale uint8 arrays."""
    doc = pdfium.PdfDocument(pdf)
    try:
        wanted = pages or list(range(1, len(doc) + 1))
        out = []
        for n in wanted:
            page = doc[n - 1]
            bitmap = page.render(scale=dpi / 72.0, grayscale=True)
            img = bitmap.to_pil().convert("L")
            out.append(np.asarray(img, dtype=U8).copy())
            bitmap.close()
            page.close()
        return out
    finally:
        doc.close()


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> np.ndarray:
    """Low-frequency noise in -1..1: random values on a coarse grid, scaled up smoothly."""
    h, w = shape
    small = rng.standard_normal((max(2, h // cell), max(2, w // cell))).astype(np.float32)
    big = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.asarray(np.clip(big / 2.5, -1, 1), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class ScanParams:
    """How one page was degraded (recorded in ``_spec``)."""

    skew: float
    rotation: int
    blur: float
    noise: float
    paper: int
    ink: int
    dark_border: bool
    streak: bool

    def to_spec(self) -> dict[str, Any]:
        """JSON form."""
        return {"skew": round(self.skew, 2), "rotation": self.rotation, "blur": round(self.blur, 2),
                "noise": round(self.noise, 1), "paper": self.paper, "ink": self.ink,
                "dark_border": self.dark_border, "streak": self.streak}


def pick_params(rng: random.Random, rotate_p: float) -> ScanParams:
    """Random scan settings for one page."""
    rotation = 0
    if rng.random() < rotate_p:
        rotation = rng.choice((90, 180, 270, 180))
    return ScanParams(
        skew=rng.uniform(-3, 3) if rng.random() < 0.85 else 0.0,
        rotation=rotation,
        blur=rng.uniform(0.3, 1.1),
        noise=rng.uniform(2.5, 9.0),
        paper=rng.randint(212, 246),
        ink=rng.randint(12, 70),
        dark_border=rng.random() < 0.35,
        streak=rng.random() < 0.2,
    )


def degrade(page: np.ndarray, p: ScanParams, dpi: float, seed: int) -> np.ndarray:
    """Turn a clean render into a scanned-looking grayscale page."""
    rng = np.random.default_rng(seed)
    h, w = page.shape
    ink_mask = 1.0 - page.astype(np.float32) / 255.0
    # uneven ink: toner a little lighter in places
    ink_mask *= 0.85 + 0.15 * smooth_noise(rng, (h, w), max(8, int(dpi / 4)))
    paper = p.paper + 5.0 * smooth_noise(rng, (h, w), max(16, int(dpi)))
    img = paper - (paper - p.ink) * np.clip(ink_mask, 0, 1)
    sigma = p.blur * dpi / 200.0
    img = cv2.GaussianBlur(img, (0, 0), sigmaX=sigma)
    img += rng.normal(0, p.noise, (h, w)).astype(np.float32)
    specks = rng.integers(30, 260)
    ys, xs = rng.integers(0, h, specks), rng.integers(0, w, specks)
    img[ys, xs] = rng.uniform(40, 150, specks)
    if p.streak:
        x = int(rng.integers(w // 10, w - w // 10))
        img[:, x:x + max(1, int(dpi / 150))] -= 35
    # skew about the centre; outside the page is either paper or the dark scanner lid
    border = float(rng.uniform(35, 80)) if p.dark_border else float(p.paper)
    if p.skew:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), p.skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    if p.dark_border:
        edge = int(dpi * 0.06)
        side = int(rng.integers(0, 2))
        if side:
            img[:, :edge] = np.minimum(img[:, :edge], border)
        else:
            img[:edge, :] = np.minimum(img[:edge, :], border)
    out = np.clip(img, 0, 255).astype(U8)
    if p.rotation:
        out = np.ascontiguousarray(np.rot90(out, k=p.rotation // 90))
    return np.asarray(out, dtype=U8)


def tint(gray: np.ndarray, rng: random.Random) -> np.ndarray:
    """A yellowish or bluish cast on a grayscale page (for colour scans)."""
    f = gray.astype(np.float32) / 255.0
    r, g, b = (1.0, rng.uniform(0.95, 0.985), rng.uniform(0.84, 0.93))
    rgb = np.stack([f * r * 255, f * g * 255, f * b * 255], axis=-1)
    return np.clip(rgb, 0, 255).astype(U8)


def jpeg_bytes(img: np.ndarray, quality: int, dpi: float) -> bytes:
    """Encode an array as JPEG."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=quality, dpi=(dpi, dpi), optimize=True)
    return buf.getvalue()


def image_pdf(jpegs: list[tuple[bytes, int, int]], dpi: float) -> bytes:
    """An image-only PDF: one JPEG per page, page size from pixels and dpi, no text layer."""
    register_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1)
    c.setAuthor("samples.generator (synthetic)")
    c.setTitle("Scanned document")
    for data, w, h in jpegs:
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        c.setPageSize((pw, ph))
        c.drawImage(ImageReader(io.BytesIO(data)), 0, 0, pw, ph)
        c.showPage()
    c.save()
    return buf.getvalue()


def tiff_bytes(pages: list[np.ndarray], dpi: float, mode: str, quality: int) -> bytes:
    """A multi-page TIFF: bilevel CCITT G4 or grayscale JPEG-compressed."""
    imgs: list[Image.Image] = []
    for arr in pages:
        if mode == "g4":
            # a scanner's black-and-white mode: cut well towards the paper tone so that thin,
            # blurred strokes survive
            paper = float(np.median(arr))
            ink = float(np.percentile(arr, 0.5))
            thr = int(ink + 0.72 * (paper - ink))
            imgs.append(Image.fromarray(arr).point(lambda v, t=thr: 255 if v > t else 0, "1"))
        else:
            imgs.append(Image.fromarray(arr))
    buf = io.BytesIO()
    kwargs: dict[str, Any] = {"compression": "group4" if mode == "g4" else "jpeg",
                              "dpi": (dpi, dpi)}
    if mode != "g4":
        kwargs["quality"] = quality
    imgs[0].save(buf, "TIFF", save_all=True, append_images=imgs[1:], **kwargs)
    return buf.getvalue()
