"""OpenCV clean-up of page images before OCR: each step a pure ndarray -> ndarray function.

:func:`prepare` runs the steps in order and records what each did, so the benchmark can switch
them off one at a time. Every step falls back to returning its input when it finds nothing to
do (no page outline, no text, a skew too small to matter).

What each step bought, switched off one at a time on the sample generator's pages (issue 4;
share of the clean letter's words read exactly, 44 photos / 60 scanned pages): page outline
and warp +23 points on photos; even lighting +7 on photos, +0.3 on scans; deskew +9.5 on
scans; scale +2.3 on photos (+3.9 on words with digits, for 0.15 s more OCR) and +0.2 on
scans (where shrinking saves 0.05 s); sharpening +4.5 on photos; the orientation checks
save OSD's 0.5 s on nearly every page and turn the rotated ones. Binarizing cost 6 points on
photos and 0.8 on scans, so it is off.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.uint8]
Quad = NDArray[np.float32]  # 4 x 2 corners: top-left, top-right, bottom-right, bottom-left
Step = Literal["page", "lighting", "orient", "scale", "deskew", "rules", "sharpen", "binarize"]

#: Every step in the order :func:`prepare` runs them.
ALL_STEPS: tuple[Step, ...] = (
    "page",
    "lighting",
    "orient",
    "scale",
    "deskew",
    "rules",
    "sharpen",
    "binarize",
)
#: What :func:`prepare` runs unless told otherwise (chosen by measurement; see module notes).
DEFAULT_STEPS: tuple[Step, ...] = tuple(s for s in ALL_STEPS if s != "binarize")

#: x-height in pixels that Tesseract reads best for the time it takes (measured).
TARGET_X_HEIGHT = 18.0
#: Never hand Tesseract more pixels than this on the long side.
MAX_SIDE = 3600
_LETTER_ASPECT = 8.5 / 11
# A page outline needs a brightness step along at least this share of each side.
_MIN_EDGE_SUPPORT = 0.6
#: |upright_score| below this is too close to call; the caller should ask Tesseract's OSD.
UPRIGHT_MARGIN = 0.2
#: lines_vertical between this and 1 minus this is too close to call (measured: upright pages
#: score at most 0.18 and quarter-turned ones at least 0.82).
VERTICAL_MARGIN = 0.35


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page image ready for OCR and a record of what each step did."""

    image: Image
    page_found: bool = False
    quad: tuple[tuple[float, float], ...] | None = None
    lighting: bool = False
    denoised: bool = False  # the lighting step found the page grainy and smoothed it
    scale: float = 1.0
    x_height: float | None = None  # measured before scaling, in input pixels
    skew: float = 0.0  # degrees the page was turned back (counter-clockwise positive)
    rotation: int = 0  # clockwise turn (0/90/180/270) applied by the orientation check
    vertical: float = 0.0  # lines_vertical before any turn; near 0.5 means "not sure"
    upright: float = 0.0  # upright_score after turning; near 0 means "not sure"
    binarized: bool = False
    steps: tuple[Step, ...] = ()
    ms: Mapping[str, float] = field(default_factory=dict)

    @property
    def orientation_sure(self) -> bool:
        """Whether both orientation checks were clear (False too when they did not run)."""
        clear_quarter = abs(self.vertical - 0.5) >= 0.5 - VERTICAL_MARGIN
        return clear_quarter and self.upright >= UPRIGHT_MARGIN


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
    """The outline of the page in a photo, or None when no clear page outline is found.

    A sheet of paper is the brightest large region of a photo on a table, so candidates come
    from brightness thresholds (Otsu's, then stricter ones for light tables and glare) and
    from edges. Each plausible quadrilateral is scored by the contrast across its four sides,
    and the best one wins if every side runs along a real edge.
    """
    small, f = _shrink(image, work_px)  # colour kept: the pale-paper mask needs it
    gray = to_gray(small)
    blur = np.asarray(cv2.GaussianBlur(gray, (5, 5), 0), dtype=np.uint8)
    best, best_support = None, _MIN_EDGE_SUPPORT
    for mask in _page_masks(small, blur):
        quad = _quad_from_mask(mask)
        if quad is None or not _plausible(quad, small.shape[:2]):
            continue
        support = _edge_support(blur, quad)
        if support > best_support:
            best, best_support = quad, support
            if support > 0.95:
                break
    return None if best is None else (best / f).astype(np.float32)


def _page_masks(small: Image, blur: Image) -> Iterator[Image]:
    # Candidate page regions, cheapest and likeliest first; made lazily, since the search
    # stops at the first outline with a clear edge all round.
    k = max(3, min(blur.shape[:2]) // 40) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))

    def tidy(mask: Image) -> Image:
        # Close fills the text on the page; open cuts off thin bright bits touching it.
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
        return np.asarray(cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel), np.uint8)

    otsu, _ = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    for level in (otsu, otsu + (255 - otsu) * 0.3, otsu + (255 - otsu) * 0.55):
        yield tidy(np.where(blur > level, 255, 0).astype(np.uint8))
    if small.ndim == 3:
        # Paper is colourless; wood, fabric and most table tops are not. Under a lighting
        # gradient this separates the page where brightness alone cannot.
        sat = cv2.GaussianBlur(cv2.cvtColor(small[..., :3], cv2.COLOR_RGB2HSV)[..., 1], (5, 5), 0)
        _, pale = cv2.threshold(sat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
        yield tidy(np.asarray(pale, np.uint8))
    # Opening cuts off the thin lines (wood grain, a table edge) that an outline traced from
    # edges picks up where they touch the page: they would spoil its four-sided hull.
    yield np.asarray(cv2.morphologyEx(_edge_mask(blur), cv2.MORPH_OPEN, kernel), np.uint8)
    yield _faint_edge_mask(blur)


def _edge_support(blur: Image, quad: Quad, samples: int = 40) -> float:
    # The share of points along the weakest side where the brightness steps across the side:
    # a true page edge has a step almost everywhere, a side cut through the table does not.
    h, w = blur.shape[:2]
    offset = max(3.0, 0.008 * max(h, w))
    center = quad.mean(axis=0)
    worst = 1.0
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        t = np.linspace(0.1, 0.9, samples)[:, None]
        pts = a + t * (b - a)
        normal = np.array([a[1] - b[1], b[0] - a[0]], np.float32)
        normal /= float(np.hypot(*normal)) or 1.0
        if float((center - a) @ normal) < 0:
            normal = -normal  # point inwards
        inside, outside = pts + offset * normal, pts - offset * normal
        ok = [((p >= 0) & (p < (w, h))).all(axis=1) for p in (inside, outside)]
        keep = ok[0] & ok[1]
        if keep.sum() < samples // 2:
            return 0.0  # the side runs along or off the frame
        xi, yi = inside[keep].astype(int).T
        xo, yo = outside[keep].astype(int).T
        step = np.abs(blur[yi, xi].astype(np.int16) - blur[yo, xo].astype(np.int16))
        worst = min(worst, float((step >= 12).mean()))
    return worst


def _edge_mask(blur: Image) -> Image:
    edges = cv2.Canny(blur, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    mask = np.zeros_like(blur)
    if contours:
        biggest = max(contours, key=cv2.contourArea)
        cv2.drawContours(mask, [biggest], -1, 255, thickness=cv2.FILLED)
    return mask


def _faint_edge_mask(blur: Image) -> Image:
    # A pale page on a pale, colourless backdrop: neither brightness nor colour separates
    # them, and their edges are too faint for the edge mask above, but closed into an outline
    # they still find the page. Its sides must pass the edge-support check like any other.
    edges = cv2.Canny(cv2.GaussianBlur(blur, (5, 5), 0), 10, 30)
    k = max(3, min(blur.shape[:2]) // 100) | 1
    edges = cv2.morphologyEx(edges, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    mask = np.zeros_like(blur)
    if contours:
        hull = cv2.convexHull(max(contours, key=lambda c: cv2.contourArea(cv2.convexHull(c))))
        cv2.drawContours(mask, [hull], -1, 255, thickness=cv2.FILLED)
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


#: The least share of the photo a page outline may cover. A letter photographed from arm's
#: length on a desk covers about a sixth of the frame.
MIN_PAGE_SHARE = 0.1


def _plausible(quad: Quad, shape: tuple[int, ...]) -> bool:
    h, w = shape[:2]
    area = float(cv2.contourArea(quad))
    if area < MIN_PAGE_SHARE * w * h or not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
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


def fills_frame(gray: Image) -> bool:
    """True when paper runs to every edge of the picture: a scan, or a photo taken close,
    which has no page outline to find and needs none."""
    h, w = gray.shape[:2]
    band = max(2, round(0.03 * min(h, w)))
    paper = float(np.percentile(gray[::4, ::4], 90))
    edges = (gray[:band], gray[-band:], gray[:, :band], gray[:, -band:])
    return paper > 0 and all(float(np.median(edge)) >= 0.6 * paper for edge in edges)


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
    return np.asarray(
        cv2.warpPerspective(
            image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
    )


# --- lighting ------------------------------------------------------------------------------


def even_lighting(gray: Image, *, panels: bool = True) -> Image:
    """Divide out the paper's background brightness, removing shadows and gradients.

    The background is estimated at a quarter of the size by a max filter wider than any glyph
    stroke (text disappears, the lighting stays) and a blur, then scaled back up. With
    ``panels``, inside a shaded panel (:func:`panel_mask`) the background keeps the panel's
    sharp edges instead.
    """
    h, w = gray.shape[:2]
    small, _ = _shrink(gray, 800)
    k = max(5, max(small.shape[:2]) // 60) | 1
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    bg = cv2.dilate(small, disc)
    bg = cv2.GaussianBlur(bg, (0, 0), k / 2)
    # The max filter and the blur carry the paper's brightness a filter's width into a
    # shaded panel, so its edges came out as dark bands that Tesseract took for a picture
    # and skipped the amounts beside them. A closing (max, then min) keeps the step.
    if panels:
        closed: Image = np.asarray(cv2.morphologyEx(small, cv2.MORPH_CLOSE, disc))
        found = panel_mask(closed, k)
        if found.any():
            stepped = cv2.GaussianBlur(closed, (0, 0), 1.5)
            keep = found & (stepped >= PANEL_DARKEST * _paper_level(closed))
            bg = np.where(keep, stepped, bg)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.divide(gray, np.maximum(bg, 1), scale=255))


#: A panel is shaded at most this bright, as a share of the paper's brightness.
PANEL_SHADE = 0.85
#: Darker than this (a black title band with white type) is left to the plain estimate, which
#: keeps the band dark and its type light.
PANEL_DARKEST = 0.45


def _paper_level(closed: Image) -> float:
    return float(np.percentile(closed, 90))


def panel_mask(closed: Image, k: int) -> NDArray[np.bool_]:
    """Where a background with the text closed out (``closed``, filter width ``k``) shows a
    shaded panel, grown by ``k``: a region darker than the paper, nearly filling its
    bounding box (a box, not a shadow's soft blob), at least 3k wide and tall and a
    hundredth of the page, and clear of the page's edges (a shadow or a dim side reaches
    them)."""
    dark = (closed < PANEL_SHADE * _paper_level(closed)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    h, w = closed.shape[:2]
    mask = np.zeros((h, w), np.uint8)
    for x, y, bw, bh, area in stats[1:count]:
        inside = x > 2 and y > 2 and x + bw < w - 2 and y + bh < h - 2
        boxy = area >= 0.85 * bw * bh and min(bw, bh) >= 3 * k
        if inside and boxy and area >= 0.01 * h * w:
            mask[y : y + bh, x : x + bw] = 1
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * k + 1, 2 * k + 1)))
    return np.asarray(grown > 0)


#: Grain (see :func:`grain`) above which a page is smoothed before anything measures it.
#: Measured after :func:`even_lighting`: clean photos and scans scored at most 5.9, photos
#: taken in dim light (a phone's sensor noise, raised with the paper's brightness) 10 and up.
GRAIN_LIMIT = 7.0


def grain(gray: Image) -> float:
    """Pixel noise, in grey levels: the robust spread of what a slight blur removes.

    Paper is most of any page, so the median difference from a blur of two pixels is the
    noise of the paper, not the edges of the text. Grain is even across a page, so the
    middle (at most 1024 pixels square) is measured, at a seventh of the cost.
    """
    h, w = gray.shape[:2]
    top, left = max(0, (h - 1024) // 2), max(0, (w - 1024) // 2)
    f = gray[top : top + 1024, left : left + 1024].astype(np.float32)
    detail = cv2.absdiff(f, cv2.GaussianBlur(f, (0, 0), 2))
    return float(np.median(detail[::3, ::3])) * 1.48


def denoise(gray: Image) -> Image:
    """Smooth a grainy page with a 3x3 median, which keeps the edges of strokes.

    Grain scattered over the paper is read as specks that outnumber the letters, so the
    x-height is misjudged, and sharpening makes the strokes ragged. On grainy test photos a
    median read better than non-local means (which took 1 to 3 s a page) and blurring.
    """
    return np.asarray(cv2.medianBlur(gray, 3))


def remove_rules(gray: Image, x_height: float) -> Image:
    """Paint table rules, box borders, dot leaders and ink along the image edge paper white.

    Tesseract's layout analysis takes a ruled box for a picture and skips the text inside it
    (the "For your reference" block of many notices), and a row of leader dots after a label
    ("Tax you owed ........ $1.00") makes it misread the label itself. A rule is a thin run
    of ink at least six x-heights long (2.5 upright, taller than any glyph) with clear paper
    along its sides, so filled bars and melted bold letters stay. A leader dot is a speck
    with two other specks level with it within two x-heights (the comma and the point of
    "1,234.56" are further apart).
    """
    ink = _ink(gray)
    _, labels, found, where = cv2.connectedComponentsWithStats(ink, connectivity=8)
    stats, centres = np.asarray(found, np.int32), np.asarray(where, np.float64)
    drop = _leader_dots(stats, centres, x_height, ink.shape[1]) | _edge_ink(stats, ink.shape)
    mask = _rule_mask(ink, x_height) | drop[labels].astype(np.uint8)
    if not mask.any():
        return gray
    out = gray.copy()
    out[mask > 0] = 255
    return out


def _rule_mask(ink: Image, x_height: float) -> Image:
    thin = max(3.0, 0.4 * x_height)
    mask = np.zeros_like(ink)
    for size, across in (
        ((max(8, round(6 * x_height)), 1), 3),
        ((1, max(8, round(2.5 * x_height))), 2),
    ):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        if n > 1:
            keep = stats[:, across] <= thin  # height of a flat rule, width of an upright one
            keep[0] = False
            for k in np.flatnonzero(keep):
                keep[k] = _alone(ink, stats[k], flat=across == 3)
            mask |= keep[labels].astype(np.uint8)
    return np.asarray(cv2.dilate(mask, np.ones((3, 3), np.uint8)), np.uint8)


def _edge_ink(stats: NDArray[np.int32], shape: tuple[int, ...]) -> NDArray[np.bool_]:
    # Ink touching the image's edge is never the letter's text (letters have margins): it is
    # the page's shadowed edge after a warp, the table beyond it, or a scanner's dark border.
    h, w = shape[:2]
    x, y, bw, bh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    touching = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    touching[0] = False
    return np.asarray(touching, np.bool_)


def _alone(ink: Image, box: NDArray[np.int32], *, flat: bool) -> bool:
    # A rule has clear paper beside it along most of its length; a run through blurred bold
    # letters that have melted together has the rest of the letters right above and below.
    x, y, w, h = (int(v) for v in box[:4])
    if flat:
        sides = (ink[max(0, y - 3) : y, x : x + w], ink[y + h : y + h + 3, x : x + w])
    else:
        sides = (ink[y : y + h, max(0, x - 3) : x], ink[y : y + h, x + w : x + w + 3])
    cover = [float((side > 0).mean()) for side in sides if side.size]
    return not cover or min(cover) < 0.35


def _leader_dots(
    stats: NDArray[np.int32], centres: NDArray[np.float64], x_height: float, width: int
) -> NDArray[np.bool_]:
    dot = (np.maximum(stats[:, 2], stats[:, 3]) <= 0.45 * x_height) & (stats[:, 4] >= 2)
    dot[0] = False
    idx = np.flatnonzero(dot).astype(np.intp)
    found = np.zeros(len(stats), np.bool_)
    if len(idx) >= 3:
        cx, cy = centres[idx, 0], centres[idx, 1]
        reach, row = 2 * x_height, 0.5 * x_height
        stride = width + 4 * reach
        probes = np.arange(len(idx), dtype=np.intp)
        # Search within bands of rows only (twice, the second time offset by half a band, so
        # a level pair never straddles a boundary): a noisy page has 10^5 specks.
        for offset in (0.0, 0.5):
            key = (np.floor(cy / row + offset) * stride + cx).astype(np.float64)
            i, j = _window_pairs(key, key - reach, key + reach, probes)
            level = np.abs(cy[j] - cy[i]) <= 0.25 * x_height
            found[idx[np.bincount(i[level], minlength=len(idx)) >= 2]] = True
    return found


def sharpen(gray: Image, sigma: float, amount: float = 1.2) -> Image:
    """Unsharp mask: add ``amount`` times the detail finer than ``sigma`` pixels."""
    blur = cv2.GaussianBlur(gray, (0, 0), sigma)
    return np.asarray(cv2.addWeighted(gray, 1 + amount, blur, -amount, 0))


def binarize(gray: Image) -> Image:
    """Black text on white by Otsu's global threshold (run after :func:`even_lighting`)."""
    _, out = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.asarray(out)


# --- scale ---------------------------------------------------------------------------------


def _ink(gray: Image) -> Image:
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink)


def _glyphs(small: Image) -> tuple[NDArray[np.int32], NDArray[np.bool_]]:
    # Connected ink components and which of them are glyph-sized. The test is symmetric in
    # width and height so it holds for a page turned a quarter; it drops rules, boxes, scanner
    # borders and streaks, which would otherwise dominate skew and orientation estimates.
    _, _, stats, _ = cv2.connectedComponentsWithStats(_ink(small), connectivity=8)
    ws, hs, area = stats[:, 2], stats[:, 3], stats[:, 4]
    big, little = np.maximum(ws, hs), np.minimum(ws, hs)
    keep = (little >= 2) & (big >= 4) & (big <= max(60, max(small.shape[:2]) / 15))
    keep &= big <= 4 * little
    keep &= area >= 6
    keep[0] = False  # the background
    return np.asarray(stats, np.int32), keep


def estimate_x_height(gray: Image) -> float | None:
    """Typical lowercase letter height in pixels, from connected components; None if no text.

    Most glyphs in running text are x-height letters (a, c, e, m, n, o, r, s, u ...), so the
    most common component height is the x-height.
    """
    small, f = _shrink(gray, 2400)
    n, _, found, _ = cv2.connectedComponentsWithStats(_ink(small), connectivity=8)
    if n < 2:
        return None
    stats: NDArray[np.int32] = np.asarray(found[1:], np.int32)
    hs = stats[:, cv2.CC_STAT_HEIGHT]
    ws = stats[:, cv2.CC_STAT_WIDTH]
    limit = max(small.shape[:2]) / 15
    # Narrow enough for a letter: drops the dashes of a cut line. The dots of leaders are as
    # wide as tall, and on a short summary they outnumber the letters: they are dropped by
    # the rows they stand in.
    hs = hs[(hs >= 4) & (hs <= limit) & (ws <= 2 * hs) & (ws >= 2) & ~_dot_runs(stats)]
    if len(hs) < 20:
        return None
    counts = np.bincount(hs).astype(np.float64)
    smooth = np.convolve(counts, [1.0, 2.0, 1.0], mode="same")
    smooth[:4] = 0
    mode = int(np.argmax(smooth))
    near = hs[np.abs(hs - mode) <= max(1.0, 0.15 * mode)]
    return float(near.mean()) / f


def _dot_runs(stats: NDArray[np.int32], length: int = 6) -> NDArray[np.bool_]:
    """Which components stand in a run of leader dots: at least ``length`` solid specks of
    one size, level, evenly spaced, one after another (the letters of a word vary in width,
    height and spacing)."""
    x, y, w, h, area = (stats[:, k].astype(np.float64) for k in range(5))
    solid = (area >= 0.6 * w * h) & (w <= 1.6 * h) & (h <= 1.6 * w) & (h >= 2)
    found = np.zeros(len(stats), np.bool_)
    idx = np.flatnonzero(solid)
    if len(idx) < length:
        return found
    cy = y[idx] + h[idx] / 2
    order = idx[np.lexsort((x[idx], np.round(cy / 2)))]
    run = [order[0]]
    for k in order[1:]:
        last = run[-1]
        gap = x[k] - (x[last] + w[last])
        same = (
            abs((y[k] + h[k] / 2) - (y[last] + h[last] / 2)) <= 1.5
            and abs(h[k] - h[last]) <= 1.5
            and abs(w[k] - w[last]) <= 1.5
            and 0.3 * h[last] <= gap <= 6 * h[last]
        )
        if same and len(run) > 1:
            first_gap = x[run[1]] - (x[run[0]] + w[run[0]])
            same = abs(gap - first_gap) <= max(2.0, 0.35 * first_gap)
        if same:
            run.append(k)
            continue
        if len(run) >= length:
            found[run] = True
        run = [k]
    if len(run) >= length:
        found[run] = True
    return found


def scale_for_ocr(
    gray: Image, target_x_height_px: float = TARGET_X_HEIGHT, *, x_height: float | None = None
) -> tuple[Image, float]:
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
    stats, keep = _glyphs(small)
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
    return np.asarray(
        cv2.warpAffine(
            gray,
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=paper,
        )
    )


def deskew(gray: Image, max_angle: float = 5.0) -> tuple[Image, float]:
    """Straighten text lines skewed by up to ``max_angle``; returns the image and the skew."""
    angle = estimate_skew(gray, max_angle)
    if abs(angle) < 0.1:
        return gray, 0.0
    return rotate(gray, -angle), angle


def turn(gray: Image, clockwise: int) -> Image:
    """Turn by a multiple of 90 degrees clockwise."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    k = clockwise % 360
    return gray if k == 0 else np.asarray(cv2.rotate(gray, codes[k]))


def _window_pairs(
    keys: NDArray[np.floating[Any]],
    lo: NDArray[np.floating[Any]],
    hi: NDArray[np.floating[Any]],
    probes: NDArray[np.intp],
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    # Index pairs (i, j), i from probes, j != i, with lo[i] <= keys[j] <= hi[i]: a sorted
    # search, so the work grows with the neighbours found rather than with n squared.
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    start = np.searchsorted(ranked, lo[probes], side="left")
    counts = np.searchsorted(ranked, hi[probes], side="right") - start
    i = np.repeat(probes, counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    j = order[np.repeat(start, counts) + offsets]
    return i[i != j], j[i != j]


def _nearest(
    i: NDArray[np.intp], j: NDArray[np.intp], dist: NDArray[np.float32]
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float32]]:
    # For each distinct i, the pair with the smallest finite dist, and that dist.
    ok = np.isfinite(dist)
    i, j, dist = i[ok], j[ok], dist[ok]
    order = np.lexsort((dist, i))
    first = np.ones(len(order), bool)
    first[1:] = i[order][1:] != i[order][:-1]
    pick = order[first]
    return i[pick], j[pick], dist[pick]


def _probes(n: int, limit: int) -> NDArray[np.intp]:
    return np.arange(0, n, max(1, n // limit), dtype=np.intp)


def lines_vertical(gray: Image, sample: int = 600) -> float:
    """Share of glyphs whose nearest neighbour sits above or below them (>0.5: text runs
    vertically, the page is turned a quarter).

    Letters and words on a line are closer to each other than to the lines above and below,
    so in upright text nearly every glyph's nearest neighbour is beside it. Distances are
    gaps between boxes, not between centres: in a blurred photo letters merge into word-long
    blobs whose centres are further apart than the lines. Unlike a projection profile this
    works on a single line as well as on a full page.
    """
    small, _ = _shrink(gray, 1600)
    stats, keep = _glyphs(small)
    st = stats[keep].astype(np.float32)
    if len(st) < 8:
        return 0.0
    x0, y0, w, h = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
    x1, y1 = x0 + w, y0 + h
    reach = 3 * float(np.median(np.maximum(w, h)))
    probes = _probes(len(st), sample)
    nearest = []
    for axis in (0, 1):  # 0: neighbours beside the probe, 1: above or below it
        lo, hi = (x0, x1) if axis == 0 else (y0, y1)
        i, j = _window_pairs(lo, lo - reach - (hi - lo), hi + reach, probes)
        # Gaps along the axis; the boxes must overlap across it, or the pair is diagonal.
        along = np.maximum(lo[j] - hi[i], lo[i] - hi[j])
        olo, ohi = (y0, y1) if axis == 0 else (x0, x1)
        across = np.maximum(olo[j] - ohi[i], olo[i] - ohi[j])
        gap = np.where(across < 0, np.maximum(along, 0), np.inf).astype(np.float32)
        best = np.full(len(st), np.inf, np.float32)
        a, _, d = _nearest(i, j, gap)
        best[a] = d
        nearest.append(best[probes])
    side, stack = nearest
    voted = np.isfinite(side) | np.isfinite(stack)
    if not voted.any():
        return 0.0
    return float((stack[voted] < side[voted]).mean())


def upright_score(gray: Image, sample: int = 4000) -> float:
    """How clearly the text reads upright, -1..1 (negative: upside down, near 0: unsure).

    Each glyph is compared with its neighbour to the right on the same line. In upright Latin
    text a pair whose bottoms line up but whose tops differ (an ascender or capital beside an
    x-height letter: "he", "Ta") is far more common than a pair whose tops line up but whose
    bottoms differ (a descender beside an x-height letter: "py"); turned 180 degrees, the two
    swap. Pairs of capitals or digits line up both ways and abstain, so a line of capitals
    cannot outvote the text. The score is shrunk towards 0 when few pairs vote. Run it on a
    deskewed page.
    """
    small, _ = _shrink(gray, 2200)
    stats, keep = _glyphs(small)
    st = stats[keep].astype(np.float32)
    x0, top, h = st[:, 0], st[:, 1], st[:, 3]
    x1, bottom, mid = x0 + st[:, 2], top + h, top + h / 2
    i, j = _window_pairs(x0, x1 - h, x1 + 2 * h, _probes(len(st), sample))
    tall = np.maximum(h[i], h[j])
    gap = x0[j] - x1[i]
    beside = (np.abs(mid[j] - mid[i]) < 0.5 * tall) & (gap > -0.2 * tall) & (gap < tall)
    a, b, _ = _nearest(i, j, np.where(beside, gap, np.inf).astype(np.float32))
    size = np.maximum(h[a], h[b])
    d_top, d_bottom = np.abs(top[a] - top[b]), np.abs(bottom[a] - bottom[b])
    same = np.maximum(1.0, 0.1 * size)
    bottoms = int(((d_bottom <= same) & (d_top > 0.14 * size)).sum())
    tops = int(((d_top <= same) & (d_bottom > 0.14 * size)).sum())
    return (bottoms - tops) / (bottoms + tops + 8)


def is_blank(gray: Image) -> bool:
    """True when the page holds no text: no contrast, or too few glyph-sized marks."""
    small, _ = _shrink(gray, 1200)
    small = np.asarray(cv2.medianBlur(small, 3))
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    dark, light = small[ink > 0], small[ink == 0]
    if dark.size == 0 or light.size == 0:
        return True
    # Otsu's split alone misjudges a page on a textured table (its mid-grey grain pulls the
    # dark class up), so the spread between the paper and the darkest ink counts too.
    p1, p50 = np.percentile(small, (1, 50))
    if max(float(light.mean()) - float(dark.mean()), float(p50 - p1)) < 40:
        return True
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs, ws, area = stats[1:, 3], stats[1:, 2], stats[1:, 4]
    glyphs = (hs >= 3) & (hs <= max(small.shape) / 15) & (ws <= 3 * hs) & (area >= 6)
    return int(glyphs.sum()) < 10


# --- the pipeline --------------------------------------------------------------------------


@dataclass(slots=True)
class _Work:
    """The page as the steps pass it along, and what they found."""

    image: Image  # the input as given (colour helps find the page)
    gray: Image
    photo: bool
    target_x_height: float
    quad: tuple[tuple[float, float], ...] | None = None
    scale: float = 1.0
    x_height: float | None = None
    skew: float = 0.0
    rotation: int = 0
    vertical: float = 0.5
    upright: float = 0.0
    grain: float = 0.0


def _page(w: _Work) -> None:
    found = find_page(w.image)
    if found is not None:
        w.quad = tuple((float(x), float(y)) for x, y in found)
        w.gray = warp_page(w.gray, found)


def _lighting(w: _Work) -> None:
    # On photos the panel step lost two summary lines of folded redesigned notices (its
    # sharp background follows a fold's shading too); the shaded panels it mends were on scans.
    w.gray = even_lighting(w.gray, panels=not w.photo)
    # Dividing out a dim background raises the sensor's grain with the paper's brightness.
    w.grain = grain(w.gray)
    if w.grain > GRAIN_LIMIT:
        w.gray = denoise(w.gray)


def _quarter_turn(w: _Work) -> None:
    w.vertical = lines_vertical(w.gray)
    if w.vertical > 0.5:
        w.rotation = 90
        w.gray = turn(w.gray, 90)


def _scale(w: _Work) -> None:
    w.x_height = estimate_x_height(w.gray)
    w.gray, w.scale = scale_for_ocr(w.gray, w.target_x_height, x_height=w.x_height)


def _deskew(w: _Work) -> None:
    # A photo that could not be flattened keeps the camera's roll, larger than a scan's skew.
    w.gray, w.skew = deskew(w.gray, 10.0 if w.photo else 5.0)


def _upside_down(w: _Work) -> None:
    w.upright = upright_score(w.gray)
    if w.upright < -UPRIGHT_MARGIN:
        w.rotation = (w.rotation + 180) % 360
        w.gray = turn(w.gray, 180)
        w.upright = -w.upright


def _rules(w: _Work) -> None:
    if w.x_height is None:
        size = estimate_x_height(w.gray) or w.target_x_height
    else:
        size = w.x_height * w.scale
    w.gray = remove_rules(w.gray, size)


def _sharpen(w: _Work) -> None:
    # Camera blur plus the resampling of the warp: sharpening at a tenth of the x-height
    # raised word recall on photos by 4.5 points; on scans it did not help.
    w.gray = sharpen(w.gray, w.target_x_height / 10)


def _binarize(w: _Work) -> None:
    w.gray = binarize(w.gray)


def _always(w: _Work) -> bool:
    return True


# (step, action, whether it applies to this page), in the order they run. "orient" looks for a
# quarter turn before "scale" measures letter heights, and for upside-down text after "deskew"
# has levelled the lines it compares. A flattened photo is level already: deskewing it gained
# nothing on test photos.
_PIPELINE: tuple[tuple[Step, Callable[[_Work], None], Callable[[_Work], bool]], ...] = (
    ("page", _page, lambda w: w.photo),
    ("lighting", _lighting, _always),
    ("orient", _quarter_turn, _always),
    ("scale", _scale, _always),
    ("deskew", _deskew, lambda w: w.quad is None),
    ("orient", _upside_down, _always),
    ("rules", _rules, _always),
    ("sharpen", _sharpen, lambda w: w.photo),
    ("binarize", _binarize, _always),
)


def prepare(
    image: Image,
    *,
    photo: bool,
    steps: Collection[Step] = DEFAULT_STEPS,
    target_x_height: float = TARGET_X_HEIGHT,
) -> Prepared:
    """Run the enabled steps in order on a page image and record what each did.

    ``page`` and ``sharpen`` run only on photos, ``deskew`` only where no page outline was
    straightened.
    """
    w = _Work(image=image, gray=to_gray(image), photo=photo, target_x_height=target_x_height)
    ms: dict[str, float] = {}
    done: list[Step] = []
    for step, action, applies in _PIPELINE:
        if step in steps and applies(w):
            start = time.perf_counter()
            action(w)
            ms[step] = ms.get(step, 0.0) + (time.perf_counter() - start) * 1000
            if step not in done:
                done.append(step)
    return Prepared(
        image=w.gray,
        page_found=w.quad is not None,
        quad=w.quad,
        lighting="lighting" in done,
        denoised=w.grain > GRAIN_LIMIT,
        scale=w.scale,
        x_height=w.x_height,
        skew=w.skew,
        rotation=w.rotation,
        vertical=w.vertical,
        upright=w.upright,
        binarized="binarize" in done,
        steps=tuple(done),
        ms=ms,
    )
