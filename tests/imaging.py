"""Synthetic test images: letter-like pages rendered with Vera, photographed, skewed, shaded.

Everything here is made up at test time. Text is drawn with the Bitstream Vera font that ships
inside reportlab (never a system font), so renders are the same on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import reportlab
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

FONT_PATH = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
BOLD_FONT_PATH = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"

Gray = NDArray[np.uint8]

AMOUNT_LINE = "Amount due by April 15, 2024 $1,234.56"


def font(px: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Vera at a pixel size."""
    return ImageFont.truetype(str(BOLD_FONT_PATH if bold else FONT_PATH), px)


def x_height(px: int) -> float:
    """Height in pixels of a lowercase 'x' in Vera at ``px``."""
    _, top, _, bottom = font(px).getbbox("x")
    return float(bottom - top)


def render_line(text: str = AMOUNT_LINE, *, px: int = 40, margin: int = 30) -> Gray:
    """One line of black text on white, sized to fit."""
    f = font(px)
    _, _, right, bottom = f.getbbox(text)
    img = Image.new("L", (right + 2 * margin, bottom + 2 * margin), 255)
    ImageDraw.Draw(img).text((margin, margin), text, font=f, fill=0)
    return np.asarray(img).copy()


@dataclass(frozen=True)
class Letter:
    """A rendered page and the words written on it."""

    image: Gray
    words: tuple[str, ...]
    dpi: int


_BODY = (
    "Our records show that you still owe money on your return for the year shown above.",
    "If you already paid the full amount, you can ignore this letter, but please keep it.",
    "Interest keeps growing on the unpaid balance every day until it is paid in full.",
    "You can pay online, by phone, or by mailing a check with the payment slip below.",
    "If you cannot pay everything now, you may be able to set up a monthly payment plan.",
    "Call us at the number shown above if you think the amount is wrong or already paid.",
    "Write your taxpayer number and the tax year on your check or money order, please.",
)


def letter_lines(seed: int = 0) -> list[tuple[str, str]]:
    """The text of a made-up balance-due letter as (left, right) column pairs, top to bottom."""
    rng = random.Random(seed)
    owed = rng.randint(900, 9000) + rng.randint(0, 99) / 100
    penalty = round(owed * 0.025, 2)
    interest = round(owed * 0.013, 2)
    due = owed + penalty + interest
    year = rng.choice([2021, 2022, 2023])
    month = rng.choice(["March", "April", "May", "June", "July", "August"])
    day = rng.randint(2, 27)
    code = rng.choice(["CP14", "CP501", "CP503", "CP2000", "CP504"])
    body = list(_BODY)
    rng.shuffle(body)
    return [
        ("Department of the Treasury", f"Notice {code}"),
        ("Internal Revenue Service", f"Tax year {year}"),
        ("Kansas City, MO 64999-0023", f"Notice date {month} {day}, {year + 1}"),
        ("", "Taxpayer ID XXX-XX-4821"),
        ("JORDAN A SAMPLE", "To contact us 800-555-0142"),
        ("1200 EXAMPLE STREET", "Page 1 of 3"),
        ("SPRINGFIELD, IL 62701-0000", ""),
        ("", ""),
        (f"You have unpaid taxes for {year}", ""),
        (f"Amount due: ${due:,.2f}", ""),
        ("", ""),
        *[(line, "") for line in body[:4]],
        ("", ""),
        ("Billing summary", ""),
        ("Amount you owed", f"${owed:,.2f}"),
        ("Failure-to-pay penalty", f"{penalty:,.2f}"),
        ("Interest charges", f"{interest:,.2f}"),
        (f"Amount due by {month} {day + 1}, {year + 1}", f"${due:,.2f}"),
        ("", ""),
        *[(line, "") for line in body[4:]],
    ]


def render_letter(*, dpi: int = 150, seed: int = 0, point: float = 10.0,
                  fill: bool = False) -> Letter:
    """A US-letter page with a two-column header, body text and a billing summary.

    With ``fill`` the body text repeats down to the bottom margin, as on a dense page.
    """
    width, height = int(8.5 * dpi), int(11 * dpi)
    px = round(point / 72 * dpi)
    f = font(px)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    margin = int(0.75 * dpi)
    right_col = int(5.0 * dpi)
    amount_col = int(6.6 * dpi)
    y = int(0.7 * dpi)
    words: list[str] = []
    lines = letter_lines(seed)
    if fill:
        rows_left = (height - int(0.8 * dpi) - y) // int(px * 1.55) - len(lines)
        lines += [(_BODY[(i + seed) % len(_BODY)], "") for i in range(max(0, rows_left))]
    in_summary = False
    for left, right in lines:
        if left == "Billing summary":
            in_summary = True
        if left:
            draw.text((margin, y), left, font=f, fill=0)
            words += left.split()
        if right:
            if in_summary:
                # Right-align amounts on a column edge, as a billing table does.
                w = draw.textlength(right, font=f)
                draw.text((amount_col + int(1.2 * dpi) - w, y), right, font=f, fill=0)
            else:
                draw.text((right_col, y), right, font=f, fill=0)
            words += right.split()
        y += int(px * 1.55)
    return Letter(np.asarray(img).copy(), tuple(words), dpi)


def rotate_bound(gray: Gray, degrees: float, *, fill: int = 255) -> Gray:
    """Rotate counter-clockwise by ``degrees`` about the centre, growing the canvas to fit."""
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    border = (fill,) * (3 if gray.ndim == 3 else 1)
    out = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    return np.asarray(out, dtype=np.uint8)


def turn(gray: Gray, clockwise: int) -> Gray:
    """Turn by a multiple of 90 degrees clockwise."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    k = clockwise % 360
    return gray.copy() if k == 0 else np.asarray(cv2.rotate(gray, codes[k]))


def gradient_shadow(gray: Gray, *, strength: float = 0.6, seed: int = 0) -> Gray:
    """Darken one side of the image smoothly, like a hand's shadow or a lamp off to one side."""
    rng = np.random.default_rng(seed)
    h, w = gray.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (xx / w - 0.5) * np.cos(angle) + (yy / h - 0.5) * np.sin(angle)
    ramp = (ramp - ramp.min()) / (np.ptp(ramp) + 1e-6)
    factor = 1.0 - strength * ramp
    if gray.ndim == 3:
        factor = factor[..., None]
    return np.clip(gray.astype(np.float32) * factor, 0, 255).astype(np.uint8)


def add_noise(img: NDArray[np.uint8], *, sigma: float = 6.0, seed: int = 0) -> NDArray[np.uint8]:
    """Gaussian sensor noise."""
    rng = np.random.default_rng(seed)
    noisy = img.astype(np.float32) + rng.normal(0, sigma, img.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def textured_background(h: int, w: int, *, seed: int = 0, light: bool = False) -> NDArray[np.uint8]:
    """A wood-like colour texture (BGR) for a table top: dark, or light and saturated."""
    rng = np.random.default_rng(seed)
    base = np.array([110, 170, 215] if light else [40, 60, 90], np.float32)
    base *= rng.uniform(0.9, 1.1) if light else rng.uniform(0.7, 1.3)
    small = rng.normal(0, 1, (max(h // 16, 2), max(w // 64, 2))).astype(np.float32)
    grain = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    fine = rng.normal(0, 6, (h, w)).astype(np.float32)
    shade = grain * 14 + fine
    out = base[None, None, :] + shade[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


@dataclass(frozen=True)
class Photo:
    """A page photographed on a table, and where its corners landed (tl, tr, br, bl)."""

    image: NDArray[np.uint8]  # BGR
    corners: NDArray[np.float32]


def photograph(
    page: Gray,
    *,
    size: tuple[int, int] = (1200, 1600),
    corners: tuple[tuple[float, float], ...] | None = None,
    shadow: float = 0.0,
    noise: float = 0.0,
    seed: int = 0,
    light_table: bool = False,
    glare: float = 0.0,
    pale_wall: bool = False,
) -> Photo:
    """Warp ``page`` into a ``size`` (w, h) photo on a textured table.

    ``corners`` are fractions of the photo size for the page's tl, tr, br, bl corners; by
    default a mild perspective (the phone held a little low and to one side).
    """
    w, h = size
    rel = corners or ((0.14, 0.10), (0.84, 0.13), (0.88, 0.92), (0.10, 0.88))
    dst = np.array([(x * w, y * h) for x, y in rel], np.float32)
    ph, pw = page.shape[:2]
    src = np.array([(0, 0), (pw - 1, 0), (pw - 1, ph - 1), (0, ph - 1)], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    bg = textured_background(h, w, seed=seed, light=light_table)
    if pale_wall:
        # A white, colourless backdrop a little brighter than the (greyish) paper, lit from
        # the top left: neither brightness nor colour picks out the page, and its edges are
        # faint.
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        tone = 250 - 10 * (xx / w + yy / h) / 2
        bg = np.repeat(tone[..., None], 3, axis=2).astype(np.uint8)
    if glare:
        # A lamp's bright patch on the table, in the top-right corner, as bright as paper.
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        spot = np.exp(-(((xx - w) / (0.45 * w)) ** 2 + (yy / (0.45 * h)) ** 2))
        lit = bg.astype(np.float32) + glare * spot[..., None] * (250 - bg.astype(np.float32))
        bg = np.clip(lit, 0, 255).astype(np.uint8)
    page_bgr = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    # Paper is never pure white in a photo.
    page_bgr = (page_bgr.astype(np.float32) * np.array([0.93, 0.95, 0.96], np.float32))
    if pale_wall:
        page_bgr *= 0.9
    warped = cv2.warpPerspective(page_bgr.astype(np.uint8), m, (w, h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (w, h),
                               flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    out = (warped.astype(np.float32) * alpha + bg.astype(np.float32) * (1 - alpha))
    img = np.clip(out, 0, 255).astype(np.uint8)
    if shadow:
        img = gradient_shadow(img, strength=shadow, seed=seed)
    if noise:
        img = add_noise(img, sigma=noise, seed=seed)
    return Photo(img, dst)


def textured_only(size: tuple[int, int] = (800, 600), seed: int = 0) -> NDArray[np.uint8]:
    """A photo of an empty table: no page to find."""
    w, h = size
    return textured_background(h, w, seed=seed)


def corner_marks(page: Gray, *, size: int = 24,
                 inset: int = 40) -> tuple[Gray, NDArray[np.float64]]:
    """Draw four black squares inset from the corners; returns the page and their centres.

    Centres are ordered top-left, top-right, bottom-right, bottom-left.
    """
    out = page.copy()
    h, w = out.shape[:2]
    tops = ((inset, inset), (w - inset - size, inset), (w - inset - size, h - inset - size),
            (inset, h - inset - size))
    for x, y in tops:
        out[y:y + size, x:x + size] = 0
    centres = np.array([(x + (size - 1) / 2, y + (size - 1) / 2) for x, y in tops])
    return out, centres


def find_marks(gray: Gray, min_area: int) -> NDArray[np.float64]:
    """Centres of solid dark squares of at least ``min_area`` pixels, ordered tl, tr, br, bl."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, cents = cv2.connectedComponentsWithStats(ink)
    found = []
    for i in range(1, n):
        _, _, w, h, area = stats[i]
        if area >= min_area and 0.7 < w / h < 1.4 and area > 0.8 * w * h:
            found.append(cents[i])
    pts = np.array(found, np.float64)
    if len(pts) != 4:
        return pts
    s, d = pts.sum(axis=1), pts[:, 0] - pts[:, 1]
    return np.array([pts[np.argmin(s)], pts[np.argmax(d)], pts[np.argmax(s)], pts[np.argmin(d)]])
