"""OpenCV clean-up of page images before OCR: each step a pure ndarray -> ndarray function.

:func:`prepare` runs the steps in order and records what each did, so the benchmark can switch
them off one at a time. Every step falls back to returning its input when it finds nothing to
do (no page outline, no text, a skew too small to matter).
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.uint8]
Quad = NDArray[np.float32]  # 4 x 2 corners: top-left, top-right, bottom-right, bottom-left
Step = Literal["page", "lighting", "scale", "deskew", "orient", "binarize"]

#: Every step in the order :func:`prepare` runs them.
ALL_STEPS: tuple[Step, ...] = ("page", "lighting", "orient", "scale", "deskew", "binarize")
#: What :func:`prepare` runs unless told otherwise (chosen by measurement; see module notes).
DEFAULT_STEPS: tuple[Step, ...] = ("page", "lighting", "orient", "scale", "deskew")

#: x-height in pixels that Tesseract reads best for the time it takes (measured).
TARGET_X_HEIGHT = 18.0
#: Never hand Tesseract more pixels than this on the long side.
MAX_SIDE = 3600
_LETTER_ASPECT = 8.5 / 11
# A text line votes upright or upside down when its ascender and descender ink differ by this
# share of the line's ink.
_LEAN = 0.01


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page image ready for OCR and a record of what each step did."""

    image: Image
    page_found: bool = False
    quad: tuple[tuple[float, float], ...] | None = None
    lighting: bool = False
    scale: float = 1.0
    x_height: float | None = None  # measured before scaling, in input pixels
    skew: float = 0.0  # degrees the page was turned back (counter-clockwise positive)
    rotation: int = 0  # clockwise turn (0/90/180/270) applied by the orientation check
    upright: float = 0.0  # upright_score after turning; near 0 means "not sure"
    binarized: bool = False
    steps: tuple[Step, ...] = ()
    ms: Mapping[str, float] = field(default_factory=dict)


def to_gray(image: Image) -> Image:
    """Grayscale copy of a gray, RGB or RGBA image."""
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY))
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY))


def _shrink(gray: Image, long_side: int) -> tuple[Image, float]:
    h, w = gray.shape[:2]
    f = long_side / max(h, w)
    if f >= 1:
        return gray, 1.0
    small = cv2.resize(gray, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    return np.asarray(small), f


# --- page outline -------------------------------------------------------------------------


def find_page(image: Image, *, work_px: int = 1024) -> Quad | None:
    """The outline of the largest plausible page in a photo, or None.

    A sheet of paper is the brightest large region of a photo on a table: segment by Otsu's
    threshold first, and only when that gives no plausible quadrilateral try edges.
    """
    small, f = _shrink(to_gray(image), work_px)
    blur = np.asarray(cv2.GaussianBlur(small, (5, 5), 0), dtype=np.uint8)
    for mask in (_bright_mask(blur), _edge_mask(blur)):
        quad = _quad_from_mask(mask)
        if quad is not None and _plausible(quad, small.shape[:2]):
            return (quad / f).astype(np.float32)
    return None


def _bright_mask(blur: Image) -> Image:
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    k = max(3, min(blur.shape[:2]) // 40) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    # Close fills the text on the page; open cuts off thin bright bits touching it.
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    return np.asarray(cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel))


def _edge_mask(blur: Image) -> Image:
    edges = cv2.Canny(blur, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    mask = np.zeros_like(blur)
    if contours:
        biggest = max(contours, key=cv2.contourArea)
        cv2.drawContours(mask, [biggest], -1, 255, thickness=cv2.FILLED)
    return mask


def _quad_from_mask(mask: Image) -> Quad | None:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            quad = order_corners(approx.reshape(4, 2).astype(np.float32))
            if cv2.contourArea(contour) < 0.85 * cv2.contourArea(quad):
                return None  # the region is not quadrilateral
            return _refine(quad, contour.reshape(-1, 2).astype(np.float32))
    return None


def _refine(quad: Quad, points: NDArray[np.float32]) -> Quad:
    # Fit a line to the outline points along each side and intersect neighbours: the corners
    # of approxPolyDP sit on single outline pixels, and paper corners are often rounded.
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        rel = points - a
        t = (rel @ d) / (length * length)
        dist = np.abs(d[0] * rel[:, 1] - d[1] * rel[:, 0]) / length
        near = points[(t > 0.1) & (t < 0.9) & (dist < max(3.0, 0.01 * length))]
        if len(near) < 10:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(near, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((float(x0), float(y0), float(vx), float(vy)))
    out = []
    for i in range(4):
        x1, y1, dx1, dy1 = lines[i - 1]
        x2, y2, dx2, dy2 = lines[i]
        det = dx1 * dy2 - dy1 * dx2
        if abs(det) < 1e-6:
            return quad
        s = ((x2 - x1) * dy2 - (y2 - y1) * dx2) / det
        out.append((x1 + s * dx1, y1 + s * dy1))
    return np.array(out, np.float32)


def order_corners(points: NDArray[np.float32]) -> Quad:
    """Four points ordered top-left, top-right, bottom-right, bottom-left."""
    center = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - center[1], points[:, 0] - center[0])
    ordered = points[np.argsort(angles)]  # clockwise on screen, starting near the left
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0).astype(np.float32)


def _plausible(quad: Quad, shape: tuple[int, ...]) -> bool:
    h, w = shape[:2]
    area = float(cv2.contourArea(quad))
    if area < 0.2 * w * h or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
        return False
    frame = np.array([(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)], np.float32)
    if float(np.abs(quad - frame).max()) < 0.02 * max(w, h):
        return False  # the page fills the frame already: nothing to undo
    sides = [float(np.hypot(*(quad[(i + 1) % 4] - quad[i]))) for i in range(4)]
    if min(sides[0], sides[2]) < 0.5 * max(sides[0], sides[2]):
        return False
    if min(sides[1], sides[3]) < 0.5 * max(sides[1], sides[3]):
        return False
    aspect = (sides[0] + sides[2]) / (sides[1] + sides[3])
    if not 0.4 <= aspect <= 2.5:
        return False
    for i in range(4):
        u, v = quad[i - 1] - quad[i], quad[(i + 1) % 4] - quad[i]
        cos = float(u @ v) / (float(np.hypot(*u)) * float(np.hypot(*v)))
        if not 45 <= math.degrees(math.acos(max(-1.0, min(1.0, cos)))) <= 135:
            return False
    return True


def warp_page(image: Image, quad: Quad) -> Image:
    """Undo the perspective: map ``quad`` onto an upright rectangle at the page's resolution.

    Foreshortening makes the measured aspect ratio unreliable; when it is within 10% of US
    letter (every IRS letter), the letter ratio is used.
    """
    q = order_corners(np.asarray(quad, np.float32))
    tl, tr, br, bl = q
    width = max(float(np.hypot(*(tr - tl))), float(np.hypot(*(br - bl))))
    height = max(float(np.hypot(*(bl - tl))), float(np.hypot(*(br - tr))))
    for aspect in (_LETTER_ASPECT, 1 / _LETTER_ASPECT):
        if abs(width / height / aspect - 1) < 0.10:
            area = width * height
            height = math.sqrt(area / aspect)
            width = area / height
    w, h = max(1, round(width)), max(1, round(height))
    dst = np.array([(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)], np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    return np.asarray(cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_LINEAR,
                                          borderMode=cv2.BORDER_REPLICATE))


# --- lighting ------------------------------------------------------------------------------


def even_lighting(gray: Image) -> Image:
    """Divide out the paper's background brightness, removing shadows and gradients.

    The background is estimated at a quarter of the size by a max filter wider than any glyph
    stroke (text disappears, the lighting stays) and a blur, then scaled back up.
    """
    h, w = gray.shape[:2]
    small, _ = _shrink(gray, 800)
    k = max(5, max(small.shape[:2]) // 60) | 1
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 2)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.divide(gray, np.maximum(bg, 1), scale=255))


def binarize(gray: Image) -> Image:
    """Black text on white by Otsu's global threshold (run after :func:`even_lighting`)."""
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.asarray(out)


# --- scale ---------------------------------------------------------------------------------


def _ink(gray: Image) -> Image:
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink)


def _glyphs(small: Image) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.bool_]]:
    # Connected ink components and which of them are glyph-sized. The test is symmetric in
    # width and height so it holds for a page turned a quarter; it drops rules, boxes, scanner
    # borders and streaks, which would otherwise dominate skew and orientation estimates.
    _, labels, stats, _ = cv2.connectedComponentsWithStats(_ink(small), connectivity=8)
    ws, hs, area = stats[:, 2], stats[:, 3], stats[:, 4]
    big, little = np.maximum(ws, hs), np.minimum(ws, hs)
    keep = (little >= 2) & (big >= 4) & (big <= max(small.shape[:2]) / 15) & (big <= 4 * little)
    keep &= area >= 6
    keep[0] = False  # the background
    return np.asarray(labels, np.int32), np.asarray(stats, np.int32), keep


def estimate_x_height(gray: Image) -> float | None:
    """Typical lowercase letter height in pixels, from connected components; None if no text.

    Most glyphs in running text are x-height letters (a, c, e, m, n, o, r, s, u ...), so the
    most common component height is the x-height.
    """
    small, f = _shrink(gray, 2400)
    n, _, stats, _ = cv2.connectedComponentsWithStats(_ink(small), connectivity=8)
    if n < 2:
        return None
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    limit = max(small.shape[:2]) / 15
    hs = hs[(hs >= 3) & (hs <= limit) & (ws <= 3 * hs) & (ws >= 2)]
    if len(hs) < 20:
        return None
    counts = np.bincount(hs).astype(np.float64)
    smooth = np.convolve(counts, [1.0, 2.0, 1.0], mode="same")
    smooth[:4] = 0
    mode = int(np.argmax(smooth))
    near = hs[np.abs(hs - mode) <= max(1.0, 0.15 * mode)]
    return float(near.mean()) / f


def scale_for_ocr(gray: Image, target_x_height_px: float = TARGET_X_HEIGHT,
                  *, x_height: float | None = None) -> tuple[Image, float]:
    """Resize so lowercase text is ``target_x_height_px`` tall, capped at :data:`MAX_SIDE`.

    Returns the image and the factor applied. Without measurable text only the cap applies.
    """
    xh = x_height if x_height is not None else estimate_x_height(gray)
    h, w = gray.shape[:2]
    f = 1.0 if xh is None else min(3.0, max(0.2, target_x_height_px / xh))
    f = min(f, MAX_SIDE / max(h, w))
    if abs(f - 1) < 0.08:
        return gray, 1.0
    size = (max(1, round(w * f)), max(1, round(h * f)))
    interp = cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC
    return np.asarray(cv2.resize(gray, size, interpolation=interp)), f


# --- skew and orientation ------------------------------------------------------------------


def _baseline_points(gray: Image, long_side: int = 1200) -> NDArray[np.float64]:
    # The bottom centre of every glyph: most of them sit on a baseline.
    small, _ = _shrink(gray, long_side)
    _, stats, keep = _glyphs(small)
    st = stats[keep].astype(np.float64)
    return np.stack([st[:, 0] + st[:, 2] / 2, st[:, 1] + st[:, 3]], axis=1)


def _sharpness(coord: NDArray[np.float64]) -> float:
    # Sum of squared bin counts relative to a uniform spread: how strongly the ink bunches
    # into rows (text lines) when projected onto this axis.
    if len(coord) == 0:
        return 0.0
    b = np.floor(coord - coord.min()).astype(np.int64)
    counts = np.bincount(b).astype(np.float64)
    return float((counts * counts).sum() * len(counts) / (len(coord) ** 2))


def _best_angle(pts: NDArray[np.float64], max_angle: float) -> tuple[float, float]:
    x, y = pts[:, 0], pts[:, 1]

    def score(a: float) -> float:
        return _sharpness(y + x * math.tan(math.radians(a)))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=score)
    return float(best), score(float(best))


def estimate_skew(gray: Image, max_angle: float = 5.0) -> float:
    """Counter-clockwise skew of the text lines in degrees (0.0 when there is no text)."""
    pts = _baseline_points(gray)
    if len(pts) < 20:
        return 0.0
    angle, _ = _best_angle(pts, max_angle)
    return angle


def rotate(gray: Image, degrees: float) -> Image:
    """Rotate counter-clockwise by a small angle, same size, corners filled with paper white."""
    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    paper = int(np.percentile(gray[:: max(1, h // 200), :: max(1, w // 200)], 95))
    return np.asarray(cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_CONSTANT, borderValue=paper))


def deskew(gray: Image, max_angle: float = 5.0) -> tuple[Image, float]:
    """Straighten text lines skewed by up to ``max_angle``; returns the image and the skew."""
    angle = estimate_skew(gray, max_angle)
    if abs(angle) < 0.1:
        return gray, 0.0
    return rotate(gray, -angle), angle


def turn(gray: Image, clockwise: int) -> Image:
    """Turn by a multiple of 90 degrees clockwise."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    k = clockwise % 360
    return gray if k == 0 else np.asarray(cv2.rotate(gray, codes[k]))


def lines_vertical(gray: Image, sample: int = 300) -> float:
    """Share of glyphs whose nearest neighbour sits above or below them (>0.5: text runs
    vertically, the page is turned a quarter).

    Letters in a word sit closer to each other than to the lines above and below, so in
    upright text nearly every glyph's nearest neighbour is beside it. Unlike a projection
    profile this works on a single line as well as on a full page.
    """
    small, _ = _shrink(gray, 1600)
    _, stats, keep = _glyphs(small)
    st = stats[keep].astype(np.float32)
    if len(st) < 8:
        return 0.0
    pts = np.stack([st[:, 0] + st[:, 2] / 2, st[:, 1] + st[:, 3] / 2], axis=1)
    probe = pts[:: max(1, len(pts) // sample)]
    d = probe[:, None, :] - pts[None, :, :]
    dist = (d * d).sum(axis=2)
    dist[dist == 0] = np.inf  # a point is not its own neighbour
    near = d[np.arange(len(probe)), np.argmin(dist, axis=1)]
    return float((np.abs(near[:, 1]) > np.abs(near[:, 0])).mean())


def upright_score(gray: Image, slabs: int = 4) -> float:
    """How clearly the text lines vote "upright", -1..1 (negative: upside down, ~0: unsure).

    In Latin text far more letters rise above the x-height (b d f h k l t and capitals) than
    drop below the baseline (g j p q y), so in each line the ink above the dense x-height band
    outweighs the ink below it; a page turned 180 degrees shows the opposite. Each line with a
    clear difference casts a vote; the score is shrunk towards 0 when few lines vote. The page
    is cut into vertical slabs so that the two columns of a letterhead, whose baselines need
    not line up, are profiled apart. Run it on a deskewed page.
    """
    small, _ = _shrink(gray, 2200)
    labels, _, keep = _glyphs(small)
    ink = keep[labels].astype(np.float64)
    w = ink.shape[1]
    up = down = 0
    for i in range(slabs):
        prof = ink[:, i * w // slabs : (i + 1) * w // slabs].sum(axis=1)
        if prof.max() <= 0:
            continue
        on = np.concatenate(([0], (prof > 0.02 * prof.max()).astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(on))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            band = prof[start:end]
            if end - start < 5:
                continue
            core = np.flatnonzero(band >= 0.45 * band.max())
            lean = float(band[: core[0]].sum() - band[core[-1] + 1 :].sum()) / float(band.sum())
            # Lines of capitals and digits have no ascenders and abstain.
            if lean > _LEAN:
                up += 1
            elif lean < -_LEAN:
                down += 1
    return (up - down) / (up + down + 2)


def is_blank(gray: Image) -> bool:
    """True when the page holds no text: no contrast, or too few glyph-sized marks."""
    small, _ = _shrink(gray, 1200)
    small = np.asarray(cv2.medianBlur(small, 3))
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    dark, light = small[ink > 0], small[ink == 0]
    if dark.size == 0 or light.size == 0 or float(light.mean()) - float(dark.mean()) < 40:
        return True
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs, ws, area = stats[1:, 3], stats[1:, 2], stats[1:, 4]
    glyphs = (hs >= 3) & (hs <= max(small.shape) / 15) & (ws <= 3 * hs) & (area >= 6)
    return int(glyphs.sum()) < 10


# --- the pipeline --------------------------------------------------------------------------

#: |upright_score| below this is too close to call; the caller should ask Tesseract's OSD.
UPRIGHT_MARGIN = 0.15


@dataclass(slots=True)
class _Run:
    steps: Collection[Step]
    done: list[Step] = field(default_factory=list)
    ms: dict[str, float] = field(default_factory=dict)

    def on(self, step: Step) -> bool:
        return step in self.steps

    def took(self, step: Step, since: float) -> None:
        self.ms[step] = self.ms.get(step, 0.0) + (time.perf_counter() - since) * 1000
        if step not in self.done:
            self.done.append(step)


def prepare(image: Image, *, photo: bool, steps: Collection[Step] = DEFAULT_STEPS,
            target_x_height: float = TARGET_X_HEIGHT) -> Prepared:
    """Run the enabled steps in order on a page image and record what each did.

    ``page`` runs only on photos. ``orient`` checks for a quarter turn before ``scale`` (which
    measures letter heights) and for upside-down text after ``deskew`` (it needs level lines).
    """
    run = _Run(steps)
    gray = to_gray(image)
    quad = None
    if photo and run.on("page"):
        t = time.perf_counter()
        found = find_page(gray)
        if found is not None:
            quad = tuple((float(x), float(y)) for x, y in found)
            gray = warp_page(gray, found)
        run.took("page", t)
    if run.on("lighting"):
        t = time.perf_counter()
        gray = even_lighting(gray)
        run.took("lighting", t)
    rotation = 0
    if run.on("orient"):
        t = time.perf_counter()
        if lines_vertical(gray) > 0.5:
            rotation = 90
            gray = turn(gray, 90)
        run.took("orient", t)
    scale, xh = 1.0, None
    if run.on("scale"):
        t = time.perf_counter()
        xh = estimate_x_height(gray)
        gray, scale = scale_for_ocr(gray, target_x_height, x_height=xh)
        run.took("scale", t)
    skew = 0.0
    if run.on("deskew"):
        t = time.perf_counter()
        gray, skew = deskew(gray)
        run.took("deskew", t)
    upright = 0.0
    if run.on("orient"):
        t = time.perf_counter()
        upright = upright_score(gray)
        if upright < -UPRIGHT_MARGIN:
            rotation = (rotation + 180) % 360
            gray = turn(gray, 180)
            upright = -upright
        run.took("orient", t)
    if run.on("binarize"):
        t = time.perf_counter()
        gray = binarize(gray)
        run.took("binarize", t)
    return Prepared(
        image=gray, page_found=quad is not None, quad=quad, lighting=run.on("lighting"),
        scale=scale, x_height=xh, skew=skew, rotation=rotation, upright=upright,
        binarized=run.on("binarize"), steps=tuple(run.done), ms=run.ms,
    )
