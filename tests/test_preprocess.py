"""OpenCV preprocessing, each step on an image where its effect can be measured."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import imaging
import numpy as np
import pytest
from PIL import Image

from scanner import ocr
from scanner import preprocess as pp
from scanner.options import ScanOptions

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def letter() -> imaging.Letter:
    return imaging.render_letter(dpi=150)


def rgb(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


# --- page outline and warp -----------------------------------------------------------------


@pytest.mark.parametrize(("shadow", "noise"), [(0.0, 0.0), (0.5, 6.0)])
def test_find_page_corners(letter: imaging.Letter, shadow: float, noise: float) -> None:
    photo = imaging.photograph(letter.image, shadow=shadow, noise=noise)
    quad = pp.find_page(rgb(photo.image))
    assert quad is not None
    assert np.abs(quad - photo.corners).max() < 4.0


def test_find_page_in_a_large_photo(letter: imaging.Letter) -> None:
    photo = imaging.photograph(letter.image, size=(2400, 3200),
                               corners=((0.2, 0.15), (0.78, 0.12), (0.85, 0.9), (0.15, 0.86)))
    quad = pp.find_page(rgb(photo.image))
    assert quad is not None
    # Found at a third of the size, refined by line fits: within a few full-size pixels.
    assert np.abs(quad - photo.corners).max() < 6.0


def test_find_page_that_covers_a_sixth_of_the_photo(letter: imaging.Letter) -> None:
    # Taken from arm's length: a small page must still be found, not read with the table
    # around it (a bench W-2 photo so read took 15 s and was read both ways up).
    photo = imaging.photograph(letter.image, size=(1500, 2000),
                               corners=((0.33, 0.3), (0.68, 0.31), (0.69, 0.73), (0.32, 0.72)))
    quad = pp.find_page(rgb(photo.image))
    assert quad is not None
    assert np.abs(quad - photo.corners).max() < 5.0


def test_find_page_on_a_light_table_in_uneven_light(letter: imaging.Letter) -> None:
    # Under a strong shadow the far end of the page is darker than the near end of a light
    # wooden table, so brightness alone cannot separate them; the paper's lack of colour can.
    photo = imaging.photograph(letter.image, light_table=True, shadow=0.7, noise=4)
    quad = pp.find_page(rgb(photo.image))
    assert quad is not None
    assert np.abs(quad - photo.corners).max() < 4.0


def test_find_page_on_a_pale_backdrop_brighter_than_the_paper(letter: imaging.Letter) -> None:
    # Only faint edges mark the page's near sides; closed into an outline they find it.
    photo = imaging.photograph(letter.image, pale_wall=True, noise=3)
    quad = pp.find_page(rgb(photo.image))
    assert quad is not None
    assert np.abs(quad - photo.corners).max() < 5.0


def test_find_page_next_to_a_bright_patch_of_table(letter: imaging.Letter) -> None:
    # A lamp's glare as bright as the paper joins the page in Otsu's mask; a stricter
    # threshold separates them again.
    photo = imaging.photograph(letter.image, glare=0.95, noise=3)
    gray = cv2.cvtColor(photo.image, cv2.COLOR_BGR2GRAY)
    quad = pp.find_page(gray)
    assert quad is not None
    assert np.abs(quad - photo.corners).max() < 5.0


def test_warp_makes_the_page_rectangular(letter: imaging.Letter) -> None:
    page, marks = imaging.corner_marks(letter.image, size=24, inset=40)
    photo = imaging.photograph(page, corners=((0.16, 0.08), (0.86, 0.14),
                                              (0.90, 0.90), (0.08, 0.95)))
    quad = pp.find_page(rgb(photo.image))
    assert quad is not None
    flat = pp.warp_page(pp.to_gray(rgb(photo.image)), quad)
    h, w = flat.shape
    assert w / h == pytest.approx(8.5 / 11, rel=0.02)
    found = imaging.find_marks(flat, min_area=150)
    assert len(found) == 4
    ph, pw = page.shape
    expected = marks * [w / pw, h / ph]
    assert np.abs(found - expected).max() < 5.0
    # Rectangular: the marks' rows and columns line up.
    assert abs(found[0, 1] - found[1, 1]) < 3 and abs(found[3, 1] - found[2, 1]) < 3
    assert abs(found[0, 0] - found[3, 0]) < 3 and abs(found[1, 0] - found[2, 0]) < 3


def test_fills_frame_tells_a_scan_from_a_photo_on_a_table(letter: imaging.Letter) -> None:
    assert pp.fills_frame(letter.image)
    assert pp.fills_frame(imaging.gradient_shadow(letter.image, strength=0.3, seed=2))
    photo = imaging.photograph(letter.image)
    assert not pp.fills_frame(pp.to_gray(photo.image))


def test_no_page_found_returns_the_image_unchanged() -> None:
    table = rgb(imaging.textured_only((800, 600)))
    assert pp.find_page(table) is None
    prep = pp.prepare(table, photo=True, steps=("page",))
    assert not prep.page_found and prep.quad is None
    assert np.array_equal(prep.image, pp.to_gray(table))


def test_a_page_that_fills_the_frame_is_not_warped(letter: imaging.Letter) -> None:
    assert pp.find_page(letter.image) is None
    prep = pp.prepare(letter.image, photo=True, steps=("page",))
    assert np.array_equal(prep.image, letter.image)


def test_order_corners() -> None:
    pts = np.array([(90, 95), (10, 12), (88, 8), (12, 90)], np.float32)
    assert pp.order_corners(pts).tolist() == [[10, 12], [88, 8], [90, 95], [12, 90]]


# --- skew and orientation ------------------------------------------------------------------


@pytest.mark.parametrize("angle", [2.5, -2.5, 4.0, 0.7])
def test_deskew_recovers_a_known_angle(letter: imaging.Letter, angle: float) -> None:
    skewed = imaging.rotate_bound(letter.image, angle)
    straight, found = pp.deskew(skewed)
    assert found == pytest.approx(angle, abs=0.3)
    assert abs(pp.estimate_skew(straight)) < 0.3


def test_deskew_leaves_a_level_page_alone(letter: imaging.Letter) -> None:
    out, found = pp.deskew(letter.image)
    assert found == 0.0
    assert out is letter.image


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
def test_orientation_turns_the_page_upright(letter: imaging.Letter, turned: int) -> None:
    page = imaging.rotate_bound(imaging.turn(letter.image, turned), 1.5)
    prep = pp.prepare(page, photo=False, steps=("orient", "deskew"))
    assert (prep.rotation + turned) % 360 == 0
    assert prep.upright > pp.UPRIGHT_MARGIN
    assert prep.image.shape[0] > prep.image.shape[1]  # portrait again


def test_upright_score_flips_sign(letter: imaging.Letter) -> None:
    up = pp.upright_score(letter.image)
    down = pp.upright_score(imaging.turn(letter.image, 180))
    assert up > 0.2 and down < -0.2


def test_lines_vertical(letter: imaging.Letter) -> None:
    assert pp.lines_vertical(letter.image) < 0.3
    assert pp.lines_vertical(imaging.turn(letter.image, 90)) > 0.7
    line = imaging.render_line()
    assert pp.lines_vertical(line) < 0.3
    assert pp.lines_vertical(imaging.turn(line, 270)) > 0.7


def test_lines_vertical_when_blur_merges_letters(letter: imaging.Letter) -> None:
    # In a blurred photo letters melt into word-long blobs whose centres lie further apart
    # than the lines; the gaps between the blobs still tell the direction.
    blurred = cv2.GaussianBlur(letter.image, (0, 0), 2.0)
    assert pp.lines_vertical(blurred) < pp.VERTICAL_MARGIN
    assert pp.lines_vertical(imaging.turn(blurred, 90)) > 1 - pp.VERTICAL_MARGIN


@pytest.mark.parametrize(("text", "sure"), [
    ("Notice CP14", True),
    ("JORDAN A SAMPLE 1200 EXAMPLE ST", False),  # capitals and digits abstain
    ("Page 1 of 3", False),
])
def test_upright_score_on_short_text(text: str, sure: bool) -> None:
    line = imaging.render_line(text, px=30)
    up, down = pp.upright_score(line), pp.upright_score(imaging.turn(line, 180))
    assert up >= -pp.UPRIGHT_MARGIN and down <= pp.UPRIGHT_MARGIN  # never sure and wrong
    assert (up >= pp.UPRIGHT_MARGIN) == sure


# --- lighting and binarization -------------------------------------------------------------


def test_even_lighting_flattens_a_gradient(letter: imaging.Letter) -> None:
    shaded = imaging.gradient_shadow(letter.image, strength=0.6, seed=3)
    paper = letter.image == 255
    text = letter.image < 80
    before = float(shaded[paper].std())
    flat = pp.even_lighting(shaded)
    after = float(flat[paper].std())
    assert before > 25
    assert after < before / 8
    # The text stays dark against the paper.
    assert float(flat[paper].mean()) - float(flat[text].mean()) > 120


def test_even_lighting_whitens_a_shaded_panel_up_to_its_edges(letter: imaging.Letter) -> None:
    # A gray sidebar (a billing summary printed on a tint): the plain estimate carried the
    # paper's brightness into its edges, leaving dark bands Tesseract took for a picture.
    h, w = letter.image.shape
    top, bottom, left, right = h // 4, h // 2, w // 2, w - w // 8
    shaded = letter.image.copy()
    shaded[top:bottom, left:right] = (shaded[top:bottom, left:right] * 0.6).astype(np.uint8)
    flat = pp.even_lighting(shaded)
    panel = np.zeros_like(letter.image, dtype=bool)
    panel[top:bottom, left:right] = True
    paper = panel & (letter.image == 255)
    text = panel & (letter.image < 80)
    assert text.sum() > 500 and paper.sum() > 10_000
    edge = np.zeros_like(panel)
    edge[top : top + 12, left:right] = edge[top:bottom, right - 12 : right] = True
    assert float(flat[paper].mean()) > 235
    assert float(flat[edge & paper].mean()) > 225
    assert float(flat[paper].mean()) - float(flat[text].mean()) > 120
    # The page outside the panel is untouched.
    outside = ~panel & (letter.image == 255)
    assert float(flat[outside].mean()) > 245
    # Photos keep the plain estimate (the panel step followed a fold's shading there), which
    # leaves the panel's edges dark.
    plain = pp.even_lighting(shaded, panels=False)
    assert float(plain[edge & paper].mean()) < float(flat[edge & paper].mean()) - 10


def test_a_black_title_band_keeps_its_light_type(letter: imaging.Letter) -> None:
    # The panel's title printed white on a black band across its top: a closing would take
    # the band for background and wash it out with its type.
    h, w = letter.image.shape
    top, bottom, left, right = h // 4, h // 2, w // 2, w - w // 8
    page = letter.image.copy()
    page[top:bottom, left:right] = (page[top:bottom, left:right] * 0.6).astype(np.uint8)
    rows, cols = slice(top, top + 60), slice(left, right)
    page[rows, cols] = np.where(letter.image[rows, cols] < 128, 235, 20)
    flat = pp.even_lighting(page)
    assert float(flat[rows, cols].mean()) < 90  # still a dark band
    light_type = np.where(letter.image[rows, cols] < 128)
    assert light_type[0].size > 100
    assert float(flat[rows, cols][light_type].mean()) > 150


def _dim_and_grainy(page: np.ndarray, sigma: float) -> np.ndarray:
    """The page as a phone sees it in dim light: dark paper, and sensor grain over it."""
    dim = (page.astype(np.float32) * 0.35 + 20).astype(np.uint8)
    return imaging.add_noise(dim, sigma=sigma, seed=1)


def test_grain_tells_a_grainy_page_from_a_clean_one(letter: imaging.Letter) -> None:
    clean = pp.even_lighting(letter.image)
    shaded = pp.even_lighting(imaging.gradient_shadow(letter.image, strength=0.6, seed=3))
    grainy = pp.even_lighting(_dim_and_grainy(letter.image, 6.0))
    assert pp.grain(clean) < 1.0
    assert pp.grain(shaded) < pp.GRAIN_LIMIT  # a shadow is lighting, not grain
    assert pp.grain(grainy) > pp.GRAIN_LIMIT
    assert pp.grain(pp.denoise(grainy)) < pp.grain(grainy) / 2


def test_denoise_lets_the_x_height_be_measured_on_a_grainy_page(letter: imaging.Letter) -> None:
    true = imaging.x_height(round(10 / 72 * letter.dpi))
    grainy = pp.even_lighting(_dim_and_grainy(letter.image, 16.0))
    before = pp.estimate_x_height(grainy)
    after = pp.estimate_x_height(pp.denoise(grainy))
    assert before is None or before != pytest.approx(true, rel=0.15)  # specks outnumber letters
    assert after == pytest.approx(true, rel=0.15)


def test_prepare_smooths_only_a_grainy_page(letter: imaging.Letter) -> None:
    assert not pp.prepare(letter.image, photo=True).denoised
    grainy = pp.prepare(_dim_and_grainy(letter.image, 10.0), photo=True)
    assert grainy.denoised
    without = pp.prepare(_dim_and_grainy(letter.image, 10.0), photo=True, steps=("scale",))
    assert not without.denoised  # it belongs to the lighting step


@pytest.mark.ocr
def test_a_photo_in_dim_light_is_read_after_smoothing(
    monkeypatch: pytest.MonkeyPatch, letter: imaging.Letter
) -> None:
    grainy = _dim_and_grainy(letter.image, 10.0)
    text, _ = ocr.read_image(grainy, page=1, options=ScanOptions(), photo=True)
    assert "Internal Revenue Service" in text.text
    assert "Billing summary" in text.text
    # Unsmoothed, sharpening turns the grain into specks and Tesseract reads nothing useful.
    monkeypatch.setattr(pp, "GRAIN_LIMIT", float("inf"))
    raw, _ = ocr.read_image(grainy, page=1, options=ScanOptions(), photo=True)
    assert "Internal Revenue Service" not in raw.text


def test_remove_rules_clears_box_borders_but_not_text_or_bars(letter: imaging.Letter) -> None:
    page = letter.image.copy()
    xh = imaging.x_height(round(10 / 72 * 150))
    # A ruled box around the header's right column, a rule under it, and a filled black bar.
    cv2.rectangle(page, (720, 80), (1200, 330), 0, 2)
    cv2.line(page, (100, 360), (1150, 360), 0, 2)
    cv2.rectangle(page, (100, 1500), (700, 1540), 0, -1)
    page[:, :12] = 40  # a scanner's dark border along the edge
    out = pp.remove_rules(page, xh)
    assert (out[:, :12] == 255).all()
    assert (out[80:83, 730:1190] == 255).all() and (out[100:320, 719:723] == 255).all()
    assert (out[359:362, 110:1140] == 255).all()
    assert (out[1505:1535, 110:690] == 0).all()  # a bar is not a rule
    text = letter.image < 128
    kept = (out < 128) & text
    assert kept.sum() > 0.97 * text.sum()


def test_remove_rules_spares_blurred_bold_text() -> None:
    # Blurred bold letters melt into one blob with long flat runs of ink through its middle;
    # those runs are not rules, since the rest of the letters sit right above and below them.
    f = imaging.ImageFont.truetype(str(imaging.BOLD_FONT_PATH), 40)
    img = imaging.Image.new("L", (1100, 120), 255)
    imaging.ImageDraw.Draw(img).text((30, 30), "Department of the Treasury", font=f, fill=0)
    line = cv2.GaussianBlur(np.asarray(img), (0, 0), 4.0)
    out = pp.remove_rules(line, imaging.x_height(40))
    assert ((out < 128) & (line < 128)).sum() > 0.99 * (line < 128).sum()


def test_remove_rules_clears_dot_leaders_but_not_decimal_points() -> None:
    label, amount = "Tax you owed ", " $1,234.56 and 7,891,011.12"
    px = 40
    line = imaging.render_line(label + "." * 30 + amount, px=px)
    xh = imaging.x_height(px)
    f = imaging.font(px)
    start = 30 + round(f.getlength(label)) + 4
    end = 30 + round(f.getlength(label + "." * 30)) - 4
    out = pp.remove_rules(line, xh)
    assert (line[:, start:end] < 128).sum() > 100  # the dots were there
    assert (out[:, start:end] < 128).sum() == 0
    assert np.array_equal(out[:, :start - 8] < 128, line[:, :start - 8] < 128)  # the label
    assert np.array_equal(out[:, end + 8:] < 128, line[:, end + 8:] < 128)  # the amounts


def test_binarize_gives_black_and_white(letter: imaging.Letter) -> None:
    out = pp.binarize(pp.even_lighting(imaging.add_noise(letter.image, sigma=10)))
    assert set(np.unique(out).tolist()) <= {0, 255}
    assert (out == 0).mean() == pytest.approx((letter.image < 128).mean(), abs=0.01)


# --- scale ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [100, 150, 300])
def test_estimate_x_height_matches_the_font(dpi: int) -> None:
    page = imaging.render_letter(dpi=dpi)
    true = imaging.x_height(round(10 / 72 * dpi))
    found = pp.estimate_x_height(page.image)
    assert found == pytest.approx(true, rel=0.15)


@pytest.mark.parametrize("px", [30, 44])
def test_estimate_x_height_is_not_taken_from_leader_dots(px: int) -> None:
    # A short summary with dot leaders: the dots (as wide as tall, level, evenly spaced)
    # outnumber the letters, and had been measured as the x-height.
    rows = [
        imaging.render_line(label + " " + "." * 70 + " " + amount, px=px)
        for label, amount in (("Tax you owed", "$3,050.00"), ("Payments and credits", "-1,200.00"),
                              ("Failure-to-pay penalty", "46.25"), ("Interest charges", "40.07"))
    ]
    width = max(r.shape[1] for r in rows)
    page = np.concatenate([np.pad(r, ((0, 0), (0, width - r.shape[1])), constant_values=255)
                           for r in rows])
    found = pp.estimate_x_height(page)
    assert found == pytest.approx(imaging.x_height(px), rel=0.2)


@pytest.mark.parametrize(("dpi", "target"), [(100, 18.0), (300, 18.0), (150, 24.0)])
def test_scale_for_ocr_hits_the_target(dpi: int, target: float) -> None:
    page = imaging.render_letter(dpi=dpi)
    true = imaging.x_height(round(10 / 72 * dpi))
    out, factor = pp.scale_for_ocr(page.image, target)
    assert true * factor == pytest.approx(target, rel=0.2)
    assert out.shape[0] == pytest.approx(page.image.shape[0] * factor, abs=1)
    measured = pp.estimate_x_height(out)
    assert measured is not None and measured == pytest.approx(target, rel=0.2)


def test_scale_caps_the_work() -> None:
    huge = cv2.resize(imaging.render_letter(dpi=100).image, (3000, 3900))  # text ~3x too tall
    huge = np.concatenate([huge, np.full((600, 3000), 255, np.uint8)])  # 4500 px tall
    out, factor = pp.scale_for_ocr(huge, 200.0)  # a target that would make it bigger still
    assert max(out.shape) <= pp.MAX_SIDE
    assert factor < 1


def test_scale_without_text_only_caps() -> None:
    white = np.full((1000, 800), 255, np.uint8)
    out, factor = pp.scale_for_ocr(white, 18.0)
    assert factor == 1.0 and out is white


def sample_photo_in_grey() -> tuple[np.ndarray, np.ndarray]:
    """A bundled sample photo (a page on a grainy wooden table), in colour and in grey, as a
    scanner app or a grey-only camera mode would save it."""
    with Image.open(SAMPLES / "photo" / "cp14-01.jpg") as image:
        colour = np.asarray(image.convert("RGB"))
    return colour, cv2.cvtColor(colour, cv2.COLOR_RGB2GRAY)


def test_find_page_in_a_grey_photo_whose_table_grain_touches_the_page() -> None:
    # Without colour only brightness and edges are left, and the outline traced from edges
    # picks up grain lines where they touch the page: cut off, the page's four sides remain.
    colour, grey = sample_photo_in_grey()
    in_colour, in_grey = pp.find_page(colour), pp.find_page(grey)
    assert in_colour is not None and in_grey is not None
    assert np.abs(in_grey - in_colour).max() < 8.0


# --- blank pages and the pipeline ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["white", "noisy", "shaded", "grey"])
def test_blank_pages(kind: str) -> None:
    white = np.full((1650, 1275), 255, np.uint8)
    image = {
        "white": white,
        "noisy": imaging.add_noise(white, sigma=12),
        "shaded": imaging.gradient_shadow(white, strength=0.7),
        "grey": np.full((500, 400), 128, np.uint8),
    }[kind]
    assert pp.is_blank(image)


def test_text_is_not_blank(letter: imaging.Letter) -> None:
    assert not pp.is_blank(letter.image)
    assert not pp.is_blank(imaging.render_line())


def test_a_page_on_a_textured_table_is_not_blank() -> None:
    # Read as it is (no outline found), the table's grain pulls Otsu's dark class up to near
    # the paper's brightness; the ink is still far darker than the paper.
    _, grey = sample_photo_in_grey()
    steps = tuple(s for s in pp.DEFAULT_STEPS if s != "page")
    assert not pp.is_blank(pp.prepare(grey, photo=True, steps=steps).image)


def test_prepare_records_what_it_did(letter: imaging.Letter) -> None:
    photo = imaging.photograph(imaging.rotate_bound(letter.image, 0.0), shadow=0.5, noise=4)
    prep = pp.prepare(rgb(photo.image), photo=True)
    assert prep.page_found and prep.quad is not None
    # A flattened photo is level: no deskew.
    assert prep.steps == ("page", "lighting", "orient", "scale", "rules", "sharpen")
    assert prep.orientation_sure
    assert set(prep.ms) == set(prep.steps)
    assert prep.x_height is not None and prep.scale > 1
    assert prep.rotation == 0 and prep.image.ndim == 2


def test_prepare_runs_only_the_steps_asked(letter: imaging.Letter) -> None:
    prep = pp.prepare(letter.image, photo=False, steps=("lighting", "binarize"))
    assert prep.steps == ("lighting", "binarize")
    assert prep.scale == 1.0 and prep.image.shape == letter.image.shape
    assert set(np.unique(prep.image).tolist()) <= {0, 255}
    # "page" is for photos only.
    assert pp.prepare(letter.image, photo=False, steps=("page",)).steps == ()


def test_pure_noise_stays_fast() -> None:
    # Otsu splits a noisy blank page into tens of thousands of specks; the neighbour searches
    # must not compare every speck with every other (that took minutes on a full page).
    noise = imaging.add_noise(np.full((3300, 2550), 200, np.uint8), sigma=40, seed=1)
    start = time.perf_counter()
    prep = pp.prepare(noise, photo=False)
    assert time.perf_counter() - start < 5.0
    assert pp.is_blank(prep.image)


@pytest.mark.parametrize(
    "shape", [(1, 1), (3, 3), (20, 5000), (6000, 15), (5, 7, 3), (300, 200, 4)]
)
@pytest.mark.parametrize("photo", [False, True])
def test_odd_images_do_not_break_the_pipeline(shape: tuple[int, ...], photo: bool) -> None:
    image = np.random.default_rng(0).integers(0, 256, shape, dtype=np.uint8)
    prep = pp.prepare(image, photo=photo)
    assert prep.image.ndim == 2 and prep.image.dtype == np.uint8
    assert max(prep.image.shape) <= max(pp.MAX_SIDE, max(shape[:2]))
    assert prep.rotation in (0, 90, 180, 270)
