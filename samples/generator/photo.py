"""A phone photo of a page: a textured surface, camera tilt, uneven light, shadow, blur, noise."""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PIL import Image

from samples.generator.scan import smooth_noise

F32 = np.float32


@dataclass(frozen=True, slots=True)
class PhotoParams:
    """The camera and scene settings of one photo (recorded in ``_spec``)."""

    long_side: int
    portrait: bool
    surface: str
    fill: float
    tilt: float
    tilt_dir: float
    roll: float
    light: float
    shadow: bool
    blur: float
    noise: float
    warmth: float
    curl: float

    def to_spec(self) -> dict[str, Any]:
        """JSON form."""
        return {"long_side": self.long_side, "portrait": self.portrait, "surface": self.surface,
                "page_fill": round(self.fill, 2), "tilt_deg": round(self.tilt, 1),
                "tilt_dir_deg": round(self.tilt_dir), "roll_deg": round(self.roll, 1),
                "light": round(self.light, 2), "shadow": self.shadow,
                "blur": round(self.blur, 2), "noise": round(self.noise, 1),
                "warmth": round(self.warmth, 2), "curl": round(self.curl, 3)}


def pick_params(rng: random.Random, *, small: bool, max_side: int = 4000) -> PhotoParams:
    """Random scene and camera settings."""
    long_side = rng.randint(1600, 2300) if small else rng.choice(
        (rng.randint(1600, 2600), rng.randint(2600, 4000)))
    long_side = min(long_side, max_side)
    roll = rng.uniform(-9, 9)
    if rng.random() < 0.08:
        roll += rng.choice((90.0, -90.0, 180.0))
    return PhotoParams(
        long_side=long_side,
        portrait=rng.random() < 0.8,
        surface=rng.choice(("wood", "wood", "laminate", "fabric", "stone", "carpet")),
        fill=rng.uniform(0.62, 0.86),
        tilt=rng.uniform(5, 30),
        tilt_dir=rng.uniform(0, 360),
        roll=roll,
        light=rng.uniform(0.55, 0.95),
        shadow=rng.random() < 0.65,
        blur=rng.uniform(0.4, 1.6),
        noise=rng.uniform(2.0, 7.0),
        warmth=rng.uniform(-0.06, 0.1),
        curl=rng.uniform(0.0, 0.02) if rng.random() < 0.6 else 0.0,
    )


# ----------------------------------------------------------------------------- surfaces


def surface(kind: str, h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """A table/desk/fabric texture, float32 RGB 0..255, made from numpy noise."""
    sh, sw = max(64, h // 2), max(64, w // 2)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(F32)
    if kind == "wood":
        base = np.array(rng.choice([[120, 80, 48], [160, 115, 72], [92, 60, 38],
                                    [178, 140, 98]]), dtype=F32)
        # planks run along the texture's y axis; the grain runs along the planks
        plank = max(40, int(sw / rng.uniform(2.5, 6)))
        idx = (xx // plank).astype(np.int32)
        plank_tone = 1 + rng.uniform(-0.12, 0.12, int(idx.max()) + 1).astype(F32)
        # grain: noise stretched along the planks (streaks), at a few scales, gently bent
        grain = np.zeros((sh, sw), F32)
        for cols, rows, amp in ((sw // 3, max(2, sh // 60), 0.09), (sw // 8, max(2, sh // 25),
                                                                    0.06),
                                (sw // 1, max(2, sh // 120), 0.05)):
            small = rng.standard_normal((rows, max(2, cols))).astype(F32)
            grain += amp * cv2.resize(small, (sw, sh), interpolation=cv2.INTER_CUBIC)
        bend = (smooth_noise(rng, (sh, sw), 120) * 10).astype(F32)
        grain = np.asarray(cv2.remap(grain, xx + bend, yy, cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REFLECT), dtype=F32)
        tone = plank_tone[idx] * (0.9 + grain + 0.04 * smooth_noise(rng, (sh, sw), 50))
        seams = ((xx.astype(np.int32) % plank) < 2).astype(F32)
        tone -= 0.3 * seams
        img = base[None, None, :] * tone[..., None]
    elif kind == "fabric":
        base = np.array(rng.choice([[58, 72, 110], [120, 120, 125], [130, 52, 50],
                                    [70, 95, 70]]), dtype=F32)
        f = float(rng.uniform(0.9, 1.6))
        weave = 0.5 + 0.25 * np.sin(xx * f) + 0.25 * np.sin(yy * f)
        tone = 0.75 + 0.2 * weave + 0.08 * smooth_noise(rng, (sh, sw), 80)
        tone += rng.normal(0, 0.05, (sh, sw)).astype(F32)
        img = base[None, None, :] * tone[..., None]
    elif kind == "stone":
        base = np.array(rng.choice([[150, 148, 140], [70, 70, 74], [200, 196, 188]]), dtype=F32)
        tone = (0.85 + 0.1 * smooth_noise(rng, (sh, sw), 50) + 0.08 * smooth_noise(rng, (sh, sw), 6)
                + rng.normal(0, 0.07, (sh, sw)).astype(F32))
        img = base[None, None, :] * tone[..., None]
    elif kind == "carpet":
        base = np.array(rng.choice([[110, 98, 86], [80, 84, 96], [140, 130, 110]]), dtype=F32)
        tone = 0.8 + 0.12 * smooth_noise(rng, (sh, sw), 30) + rng.normal(0, 0.12, (sh, sw))
        img = base[None, None, :] * tone.astype(F32)[..., None]
        img = cv2.GaussianBlur(img, (0, 0), 0.8)
    else:  # laminate desk
        base = np.array(rng.choice([[215, 212, 205], [60, 62, 66], [190, 180, 160],
                                    [235, 235, 232]]), dtype=F32)
        tone = 0.92 + 0.06 * smooth_noise(rng, (sh, sw), 120) + rng.normal(0, 0.015, (sh, sw))
        img = base[None, None, :] * tone.astype(F32)[..., None]
    out = cv2.resize(np.clip(img, 0, 255).astype(F32), (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(out, dtype=F32)


# ----------------------------------------------------------------------------- geometry


def _camera_quad(p: PhotoParams, pw: float, ph: float) -> np.ndarray:
    """Where the page corners land for a camera tilted by ``p.tilt`` (pinhole model)."""
    t = math.radians(p.tilt)
    d = math.radians(p.tilt_dir)
    ax = np.array([math.cos(d), math.sin(d), 0.0])  # tilt axis in the page plane
    k = np.array([[0, -ax[2], ax[1]], [ax[2], 0, -ax[0]], [-ax[1], ax[0], 0]])
    rot = np.eye(3) + math.sin(t) * k + (1 - math.cos(t)) * (k @ k)
    r = math.radians(p.roll)
    roll = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    focal = 1.25 * max(pw, ph)
    dist = 1.6 * max(pw, ph)
    pts = []
    for x, y in ((0, 0), (pw, 0), (pw, ph), (0, ph)):
        v = roll @ np.array([x - pw / 2, y - ph / 2, 0.0])
        c = rot @ v + np.array([0, 0, dist])
        pts.append((focal * c[0] / c[2], focal * c[1] / c[2]))
    return np.array(pts, dtype=F32)


def _curl(page: np.ndarray, amount: float) -> np.ndarray:
    """A gentle page curl: rows pulled in a little towards one side."""
    if amount <= 0:
        return page
    h, w = page.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(F32)
    bend = amount * w * np.sin(np.pi * yy / h)
    map_x = xx + bend * (xx / w - 0.5) * 2 * 0.3
    return cv2.remap(page, map_x, yy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def compose(page_gray: np.ndarray, p: PhotoParams, seed: int) -> np.ndarray:
    """The photo as a uint8 RGB array, upright (EXIF rotation is applied when saving)."""
    rng = np.random.default_rng(seed)
    out_w, out_h = (p.long_side * 3 // 4, p.long_side) if p.portrait else (
        p.long_side, p.long_side * 3 // 4)
    ph, pw = page_gray.shape
    # paper: warm white with faint texture; ink slightly lighter than black
    ink = 1.0 - page_gray.astype(F32) / 255.0
    paper_tone = 238 + 6 * smooth_noise(rng, (ph, pw), 80)
    page = paper_tone[..., None] * np.array([1.0, 0.995, 0.975], F32) - ink[..., None] * (
        paper_tone[..., None] - np.array([32, 32, 40], F32))
    page = _curl(page, p.curl)
    # where the page goes in the frame
    quad = _camera_quad(p, float(pw), float(ph))
    span = quad.max(axis=0) - quad.min(axis=0)
    scale = min(out_w * p.fill / span[0], out_h * p.fill / span[1])
    quad = (quad - quad.min(axis=0)) * scale
    free = np.array([out_w, out_h], F32) - (quad.max(axis=0))
    quad += free * np.array([rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)], F32)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], F32)
    h_page = cv2.getPerspectiveTransform(src, quad.astype(F32))
    warped = cv2.warpPerspective(page, h_page, (out_w, out_h), flags=cv2.INTER_AREA,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((ph, pw), F32), h_page, (out_w, out_h),
                               flags=cv2.INTER_LINEAR)
    # the surface lies in the page's plane, so it is seen through the same perspective
    bg = _surface_in_frame(p.surface, h_page, out_w, out_h, rng)
    # soft drop shadow of the sheet on the surface
    off = np.array([[1, 0, out_w * 0.006], [0, 1, out_h * 0.008]], dtype=F32)
    drop = cv2.warpAffine(mask, off, (out_w, out_h))
    small = cv2.resize(drop, (out_w // 4, out_h // 4), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), out_w * 0.002)
    drop = cv2.resize(small, (out_w, out_h), interpolation=cv2.INTER_LINEAR)
    bg *= (1 - 0.35 * drop)[..., None]
    img = warped * mask[..., None] + bg * (1 - mask[..., None])
    img = _lighting(img, p, rng)
    return _camera_finish(img, p, rng)


def _surface_in_frame(kind: str, h_page: np.ndarray, out_w: int, out_h: int,
                      rng: np.random.Generator) -> np.ndarray:
    """Texture the page plane around the sheet and project it with the page's homography."""
    corners = np.array([[[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]]], F32)
    plane = cv2.perspectiveTransform(corners, np.linalg.inv(h_page))[0]
    lo = plane.min(axis=0)
    span = np.maximum(plane.max(axis=0) - lo, 1.0)
    s = float(min(1.0, out_w * 1.3 / span[0], out_h * 1.3 / span[1]))
    tw, th = int(span[0] * s) + 2, int(span[1] * s) + 2
    tex = surface(kind, th, tw, rng)
    to_plane = np.array([[1 / s, 0, lo[0]], [0, 1 / s, lo[1]], [0, 0, 1]], dtype=np.float64)
    return cv2.warpPerspective(tex, h_page @ to_plane, (out_w, out_h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REFLECT)


def _lighting(img: np.ndarray, p: PhotoParams, rng: np.random.Generator) -> np.ndarray:
    """Light falloff, vignette and a soft shadow, figured at 1/8 size (they are smooth)."""
    h, w = img.shape[:2]
    sw, sh = max(8, w // 8), max(8, h // 8)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(F32)
    ang = float(rng.uniform(0, 2 * math.pi))
    grad = ((xx / sw - 0.5) * math.cos(ang) + (yy / sh - 0.5) * math.sin(ang))
    light = p.light + (1 - p.light) * (0.5 + grad)
    r2 = ((xx / sw - 0.5) ** 2 + (yy / sh - 0.5) ** 2)
    light *= (1 - 0.35 * r2) * 1.05
    if p.shadow:
        # a soft blob from one side (a hand, a phone, a lamp arm)
        poly = _shadow_polygon(sw, sh, rng)
        blob = np.zeros((sh, sw), F32)
        cv2.fillPoly(blob, [poly], 1.0)
        blob = cv2.GaussianBlur(blob, (0, 0), max(sw, sh) * float(rng.uniform(0.02, 0.06)))
        light *= 1 - float(rng.uniform(0.25, 0.45)) * blob
    full = cv2.resize(light.astype(F32), (w, h), interpolation=cv2.INTER_LINEAR)
    tint = np.array([1 + p.warmth, 1.0, 1 - p.warmth * 1.3], F32)
    img *= full[..., None]
    img *= tint
    return np.asarray(img, dtype=F32)


def _shadow_polygon(w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    side = int(rng.integers(0, 4))
    depth = float(rng.uniform(0.15, 0.45))
    a, b = sorted(rng.uniform(0, 1, 2))
    if side == 0:
        pts = [(a * w, 0), (b * w, 0), (b * w * 0.9, depth * h), (a * w * 1.1, depth * h * 0.8)]
    elif side == 1:
        pts = [(w, a * h), (w, b * h), (w * (1 - depth), b * h), (w * (1 - depth * 0.7), a * h)]
    elif side == 2:
        pts = [(a * w, h), (b * w, h), (b * w, h * (1 - depth)), (a * w, h * (1 - depth * 0.6))]
    else:
        pts = [(0, a * h), (0, b * h), (w * depth, b * h * 0.95), (w * depth * 0.8, a * h)]
    return np.array(pts, dtype=np.int32)


def _camera_finish(img: np.ndarray, p: PhotoParams, rng: np.random.Generator) -> np.ndarray:
    h, w = img.shape[:2]
    scale = p.long_side / 2400.0
    img = cv2.GaussianBlur(img, (0, 0), p.blur * scale)
    if rng.random() < 0.2:
        k = int(rng.integers(3, 7))
        kernel = np.zeros((k, k), F32)
        kernel[k // 2, :] = 1.0 / k
        rot = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), float(rng.uniform(0, 180)), 1)
        kernel = np.asarray(cv2.warpAffine(kernel, rot, (k, k)), dtype=F32)
        kernel /= max(float(kernel.sum()), 1e-6)
        img = cv2.filter2D(img, -1, kernel)
    # phone sharpening, then sensor noise (stronger in the dark)
    soft = cv2.GaussianBlur(img, (0, 0), 2.0 * scale + 0.5)
    img = img + 0.35 * (img - soft)
    noise = rng.standard_normal((h, w, 3), dtype=F32)
    noise *= p.noise * 0.5
    noise += rng.standard_normal((h, w, 1), dtype=F32) * p.noise
    dark = 1.4 - np.clip(img.mean(axis=2, dtype=F32) / 255.0, 0, 1)
    noise *= dark[..., None]
    img += noise
    return np.asarray(np.clip(img, 0, 255), dtype=np.uint8)


# ----------------------------------------------------------------------------- encoding

#: EXIF orientation -> the PIL transpose that turns an upright image into the stored pixels.
_STORE = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90,
          8: Image.Transpose.ROTATE_270}


def encode(img: np.ndarray, fmt: str, quality: int, orientation: int) -> bytes:
    """Encode as jpg / png / heic. With ``orientation`` (3, 6, 8) the pixels are stored rotated
    and the EXIF tag says how to turn them upright."""
    pil = Image.fromarray(img)
    exif = Image.Exif()
    if orientation in _STORE:
        pil = pil.transpose(_STORE[orientation])
        exif[0x0112] = orientation
    exif[0x010F] = "SyntheticCam"  # Make
    exif[0x0110] = "Generator Phone"  # Model
    buf = io.BytesIO()
    if fmt == "jpg":
        pil.save(buf, "JPEG", quality=quality, exif=exif.tobytes(), optimize=True)
    elif fmt == "png":
        pil.save(buf, "PNG", compress_level=6, exif=exif.tobytes())
    else:
        import pillow_heif

        pillow_heif.register_heif_opener()
        # x265's default preset takes 10 s or more per photo; ultrafast is ~4x quicker and,
        # like the default, gives the same bytes for the same input
        pil.save(buf, "HEIF", quality=quality, exif=exif.tobytes(),
                 enc_params={"preset": "ultrafast"})
    return buf.getvalue()


def encode_palette(img: np.ndarray) -> bytes:
    """A 160-colour PNG without dithering (much smaller than a true-colour photo)."""
    pil = Image.fromarray(img).quantize(160, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    pil.save(buf, "PNG", compress_level=9)
    return buf.getvalue()
