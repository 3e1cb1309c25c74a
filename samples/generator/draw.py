"""A thin drawing layer over a reportlab canvas that remembers what each page shows.

Every call that prints a ground-truth fact names it with a key (``code``, ``date``, ``due``,
``tax``, ``payments_credits``, ``penalties``, ``interest``, ``amount_due``, ``period:N``,
``form:N``); :mod:`samples.generator.truth` turns the keys of the rendered pages into the
expected result.
"""

from __future__ import annotations

import io
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab import rl_config
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = LETTER
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
_REGISTERED = False
# JPEG pages pass straight into image-only PDFs; ASCII85 would add a quarter to their size.
rl_config.useA85 = 0

#: Font families: (regular, bold). Base-14 fonts and the Vera TTFs that ship with reportlab.
FAMILIES: dict[str, tuple[str, str]] = {
    "helvetica": ("Helvetica", "Helvetica-Bold"),
    "times": ("Times-Roman", "Times-Bold"),
    "vera": ("Vera", "VeraBd"),
    "courier": ("Courier", "Courier-Bold"),
}


def register_fonts() -> None:
    """Register the Vera TTFs once per process."""
    global _REGISTERED
    if _REGISTERED:
        return
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf"), ("VeraIt", "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / file)))
    _REGISTERED = True


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points."""
    return float(pdfmetrics.stringWidth(text, font, size))


@dataclass(frozen=True, slots=True)
class Fonts:
    """The fonts and sizes one letter uses."""

    family: str
    regular: str
    bold: str
    mono: str
    size: float
    head_size: float


class Doc:
    """A PDF being drawn, page by page, with the ground-truth keys each page shows."""

    def __init__(self, fonts: Fonts) -> None:
        register_fonts()
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=LETTER, invariant=1, pageCompression=1)
        self.c.setAuthor("samples.generator (synthetic)")
        self.c.setTitle("Synthetic document")
        self.fonts = fonts
        self.page = 1
        self.shown: dict[int, set[str]] = defaultdict(set)

    def show(self, keys: Iterable[str]) -> None:
        """Record that the current page shows these truth keys."""
        self.shown[self.page].update(keys)

    def text(self, x: float, y: float, s: str, *, bold: bool = False, size: float | None = None,
             font: str | None = None, keys: Iterable[str] = (), align: str = "left",
             gray: float = 0.0) -> float:
        """Draw one line of text (baseline at ``y``); return its width."""
        f = font or (self.fonts.bold if bold else self.fonts.regular)
        sz = size or self.fonts.size
        self.c.setFont(f, sz)
        self.c.setFillGray(gray)
        w = text_width(s, f, sz)
        if align == "right":
            self.c.drawRightString(x, y, s)
        elif align == "center":
            self.c.drawCentredString(x, y, s)
        else:
            self.c.drawString(x, y, s)
        self.c.setFillGray(0)
        self.show(keys)
        return w

    def text_width(self, s: str, size: float | None = None, *, bold: bool = True) -> float:
        """Width of ``s`` in this doc's (bold) font."""
        return text_width(s, self.fonts.bold if bold else self.fonts.regular,
                          size or self.fonts.size)

    def wrap(self, s: str, width: float, *, bold: bool = False,
             size: float | None = None) -> list[str]:
        """Split ``s`` into lines that fit ``width``."""
        f = self.fonts.bold if bold else self.fonts.regular
        return list(simpleSplit(s, f, size or self.fonts.size, width))

    def paragraph(self, x: float, y: float, s: str, width: float, *, bold: bool = False,
                  size: float | None = None, leading: float | None = None,
                  keys: Iterable[str] = ()) -> float:
        """Draw a wrapped paragraph from baseline ``y`` down; return the next free baseline."""
        sz = size or self.fonts.size
        lead = leading or sz * 1.25
        for line in self.wrap(s, width, bold=bold, size=sz):
            self.text(x, y, line, bold=bold, size=sz)
            y -= lead
        self.show(keys)
        return y

    def rule(self, x0: float, y: float, x1: float, *, width: float = 0.6, gray: float = 0.0,
             dash: Sequence[float] | None = None) -> None:
        """A horizontal line."""
        self.c.setLineWidth(width)
        self.c.setStrokeGray(gray)
        if dash:
            self.c.setDash(list(dash))
        self.c.line(x0, y, x1, y)
        self.c.setDash([])
        self.c.setStrokeGray(0)

    def box(self, x: float, y: float, w: float, h: float, *, width: float = 0.7,
            fill: float | None = None) -> None:
        """A rectangle with its lower-left corner at (x, y), optionally filled gray."""
        self.c.setLineWidth(width)
        if fill is not None:
            self.c.setFillGray(fill)
            self.c.rect(x, y, w, h, stroke=1, fill=1)
            self.c.setFillGray(0)
        else:
            self.c.rect(x, y, w, h, stroke=1, fill=0)

    def qr(self, x: float, y: float, size: float, rng: random.Random) -> None:
        """A QR-code-like square of random modules with three finder patterns."""
        n = 25
        m = size / n
        grid = [[rng.random() < 0.5 for _ in range(n)] for _ in range(n)]
        for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
            for i in range(7):
                for j in range(7):
                    ring = max(abs(i - 3), abs(j - 3))
                    grid[fy + i][fx + j] = ring != 2
            for k in range(8):
                for a, b in ((fy + 7, fx + k), (fy + k, fx + 7)):
                    if 0 <= a < n and 0 <= b < n:
                        grid[a][b] = False
        self.c.setFillGray(0)
        for i in range(n):
            for j in range(n):
                if grid[i][j]:
                    self.c.rect(x + j * m, y + size - (i + 1) * m, m, m, stroke=0, fill=1)

    def barcode(self, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
        """Vertical stripes of random widths (a 1-D barcode look-alike)."""
        cx = x
        self.c.setFillGray(0)
        while cx < x + w:
            bar = rng.choice((0.8, 0.8, 1.6, 2.4))
            gap = rng.choice((0.8, 1.6, 0.8))
            if cx + bar > x + w:
                break
            self.c.rect(cx, y, bar, h, stroke=0, fill=1)
            cx += bar + gap

    def imb(self, x: float, y: float, rng: random.Random, *, bars: int = 65) -> None:
        """A USPS Intelligent-Mail-like 4-state bar code above an address."""
        pitch = 2.1
        self.c.setFillGray(0)
        for i in range(bars):
            state = rng.randint(0, 3)
            lo = 0.0 if state in (1, 3) else 3.0
            hi = 10.0 if state in (2, 3) else 7.0
            self.c.rect(x + i * pitch, y + lo, 1.0, hi - lo, stroke=0, fill=1)

    def next_page(self) -> None:
        """Finish this page and start the next."""
        self.c.showPage()
        self.page += 1

    def finish(self) -> bytes:
        """Close the PDF and return its bytes."""
        self.c.save()
        return self.buf.getvalue()
