"""A small bar chart of accuracy by field and rendering, drawn with Pillow (no plotting
library needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

COLORS = {"text": (46, 125, 50), "scanned": (21, 101, 192), "photo": (239, 108, 0)}


def accuracy_chart(report: dict[str, Any], path: Path) -> None:
    """Write a PNG: one group of bars per field, one bar per rendering (percent right)."""
    table = report["accuracy"]["table"]
    fields = list(table)
    width, height, left, bottom, top = 1000, 420, 60, 90, 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    plot_h = height - bottom - top
    group_w = (width - left - 20) / len(fields)
    bar_w = group_w / 4
    for pct_line in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - pct_line / 100)
        draw.line([(left, y), (width - 20, y)], fill=(225, 225, 225))
        draw.text((10, y - 6), f"{pct_line}%", fill="black", font=font)
    for i, name in enumerate(fields):
        x = left + i * group_w + bar_w / 2
        for j, rendering in enumerate(("text", "scanned", "photo")):
            right, total = table[name][rendering]
            share = right / total if total else 0
            x0 = x + j * bar_w
            draw.rectangle([x0, top + plot_h * (1 - share), x0 + bar_w - 2, top + plot_h],
                           fill=COLORS[rendering])
        label = "all right" if name == "all" else name.replace("_", " ")
        draw.text((x, height - bottom + 8), label[:14], fill="black", font=font)
    for j, rendering in enumerate(("text", "scanned", "photo")):
        draw.rectangle([left + j * 150, height - 40, left + j * 150 + 14, height - 26],
                       fill=COLORS[rendering])
        draw.text((left + j * 150 + 20, height - 40), rendering, fill="black", font=font)
    draw.text((left, 12), "Fields read right, by rendering (make bench)", fill="black", font=font)
    image.save(path)
