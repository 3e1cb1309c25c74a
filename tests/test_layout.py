"""Line building: words -> reading lines, the way IRS letters are laid out (an info block at the
top right beside the return address, billing summaries with right-aligned amounts and dot
leaders, tables with column gaps)."""

from __future__ import annotations

import random
from collections.abc import Callable

from scanner.layout import build_lines, page_text
from scanner.models import Word

H = 9.0  # word height in points


def row(y: float, *cells: tuple[float, str], page: int = 1, conf: float = 1.0) -> list[Word]:
    """Words for cells that start at given x positions on one baseline (single spaces inside)."""
    out = []
    for x, text in cells:
        for token in text.split(" "):
            w = len(token) * 5.0
            out.append(Word(token, x, y, x + w, y + H, conf, page))
            x += w + 5.0
    return out


def texts(words: list[Word]) -> list[str]:
    return [line.text for line in build_lines(words, 1)]


def test_two_columns_on_one_baseline_become_one_line_with_a_tab() -> None:
    words = row(40, (40, "Department of the Treasury"), (380, "Notice"), (490, "CP14"))
    words += row(52, (40, "Internal Revenue Service"), (380, "Tax year"), (490, "2017"))
    assert texts(words) == [
        "Department of the Treasury\tNotice\tCP14",
        "Internal Revenue Service\tTax year\t2017",
    ]


def test_single_spaces_stay_spaces() -> None:
    words = row(40, (40, "You have a balance due for 2017"))
    assert texts(words) == ["You have a balance due for 2017"]


def test_wide_gap_is_a_tab_and_narrow_gap_a_space() -> None:
    # 10pt is about one em for 9pt type (a wide word space); 40pt is a column gap.
    words = [
        Word("Tax", 40, 100, 55, 109),
        Word("you", 65, 100, 80, 109),
        Word("owed", 88, 100, 108, 109),
        Word("$3,183.00", 290, 100, 335, 109),
    ]
    assert texts(words) == ["Tax you owed\t$3,183.00"]


def test_baseline_jitter_keeps_one_line() -> None:
    # OCR boxes on one printed line wobble by a point or two.
    words = [
        Word("Notice", 380, 64.0, 410, 73.0),
        Word("date", 415, 65.5, 435, 74.5),
        Word("January", 490, 63.0, 525, 72.0),
        Word("30,", 530, 64.5, 545, 73.5),
        Word("2018", 550, 65.0, 570, 74.0),
    ]
    lines = build_lines(words, 1)
    assert len(lines) == 1
    assert lines[0].text == "Notice date\tJanuary 30, 2018"


def test_slightly_skewed_line_of_a_photo_stays_one_line() -> None:
    # A phone photo turned by half a degree: the line drifts down 0.6pt per word.
    tokens = ["Amount", "due", "by", "February", "20,", "2018"]
    words = []
    x = 40.0
    for i, token in enumerate(tokens):
        w = len(token) * 5.0
        words.append(Word(token, x, 300 + 0.6 * i, x + w, 309 + 0.6 * i))
        x += w + 5.0
    assert texts(words) == ["Amount due by February 20, 2018"]


def test_close_lines_do_not_merge() -> None:
    words = row(100, (40, "Failure-to-pay penalty"), (290, "633.30"))
    words += row(112, (40, "Interest charges"), (290, "145.00"))
    assert texts(words) == ["Failure-to-pay penalty\t633.30", "Interest charges\t145.00"]


def test_lines_are_ordered_top_to_bottom_and_left_to_right() -> None:
    words = row(40, (40, "Department of the Treasury"), (380, "Notice"), (490, "CP14"))
    words += row(52, (40, "Internal Revenue Service"), (380, "Tax year"), (490, "2017"))
    words += row(200, (40, "Billing Summary"))
    words += row(212, (40, "Tax you owed"), (290, "$3,183.00"))
    expected = texts(words)
    shuffled = list(words)
    random.Random(7).shuffle(shuffled)
    assert texts(shuffled) == expected
    lines = build_lines(shuffled, 1)
    assert [ln.top for ln in lines] == sorted(ln.top for ln in lines)
    for line in lines:
        assert [w.x0 for w in line.words] == sorted(w.x0 for w in line.words)


def test_dot_leader_words_are_dropped() -> None:
    words = row(100, (40, "Tax you owed"), (110, "...................."), (290, "$3,183.00"))
    words += row(112, (40, "Interest charges"), (130, "________________"), (290, "145.00"))
    words += row(124, (40, "Amount due"), (100, "…………"), (290, "$1,075.21"))
    assert texts(words) == [
        "Tax you owed\t$3,183.00",
        "Interest charges\t145.00",
        "Amount due\t$1,075.21",
    ]


def test_spaced_dot_leader_is_dropped() -> None:
    # Leaders printed as ". . . . ." come out as one-character words.
    words = row(100, (40, "Tax you owed"))
    x = 110.0
    while x < 280:
        words.append(Word(".", x, 100, x + 2, 109))
        x += 6.0
    words += row(100, (290, "$3,183.00"))
    assert texts(words) == ["Tax you owed\t$3,183.00"]


def test_leader_glued_to_label_is_dropped() -> None:
    # A text layer often has the label and its leader as one word: "owed.........".
    words = row(100, (40, "Tax you owed................"), (290, "$3,183.00"))
    assert texts(words) == ["Tax you owed\t$3,183.00"]


def test_a_single_dot_or_dash_is_text() -> None:
    words = row(100, (40, "Payments and credits"), (290, "-3,328.00"))
    words += row(112, (40, "P.O. Box 9019"))
    assert texts(words) == ["Payments and credits\t-3,328.00", "P.O. Box 9019"]


def test_starts_map_each_word_into_the_text() -> None:
    words = row(40, (40, "Social security number"), (490, "XXX-XX-1234"))
    (line,) = build_lines(words, 1)
    for word, start in zip(line.words, line.starts, strict=True):
        assert line.text[start : start + len(word.text)] == word.text
    pos = line.text.index("XXX")
    assert [w.text for w in line.words_in(pos, pos + 3)] == ["XXX-XX-1234"]


def test_empty_and_blank_words() -> None:
    assert build_lines([], 1) == ()
    assert build_lines([Word("  ", 40, 40, 50, 49)], 1) == ()


def test_page_text_keeps_source_and_joins_lines() -> None:
    words = row(40, (40, "Notice"), (150, "CP14"), conf=0.8)
    words += row(52, (40, "Tax year"), (150, "2017"), conf=0.8)
    page = page_text(words, page=2, width=612, height=792, source="ocr", rotation=90)
    assert page.page == 2
    assert page.source == "ocr"
    assert page.rotation == 90
    assert page.text == "Notice  CP14\nTax year  2017"
    assert all(line.page == 2 for line in page.lines)


def _sloped_page(slope_of: Callable[[float], float]) -> list[Word]:
    """A page of 30 lines, each a label at the left and an amount 450pt to its right, drawn
    with the given text slope (rise per point of run) at each height."""
    words: list[Word] = []
    for i in range(30):
        y = 100.0 + 20.0 * i
        slope = slope_of(y)
        x = 40.0
        for token in ("Amount", "owed", "before", "the", "last", "notice", "was", "sent"):
            w = len(token) * 5.0
            top = y + slope * x
            words.append(Word(token, x, top, x + w, top + H))
            x += w + 5.0
        top = y + slope * 500.0
        words.append(Word(f"{i},000.00", 500.0, top, 545.0, top + H))
    return words


def test_a_sloped_photo_pairs_each_label_with_the_amount_on_its_own_line() -> None:
    # A 1.5 degree roll left after the page was flattened: over 450pt the amount sits 12pt
    # (more than a line) higher than its label's start.
    words = _sloped_page(lambda y: -0.026)
    level = [line.text for line in build_lines(words, 1)]
    assert level[:2] == ["0,000.00", "Amount owed before the last notice was sent"]
    followed = [line.text for line in build_lines(words, 1, follow_slope=True)]
    assert len(followed) == 30
    assert all(
        t == f"Amount owed before the last notice was sent\t{i},000.00"
        for i, t in enumerate(followed)
    )


def test_a_slope_that_changes_down_the_page_is_followed() -> None:
    # A curled sheet: level at the top, sloping more and more towards the bottom.
    words = _sloped_page(lambda y: 0.0 if y < 300 else -0.03 * (y - 300) / 400)
    followed = [line.text for line in build_lines(words, 1, follow_slope=True)]
    assert all(
        t.endswith(f"\t{i},000.00") and t.startswith("Amount") for i, t in enumerate(followed)
    )


def test_level_lines_are_grouped_the_same_with_or_without_following_the_slope() -> None:
    words = _sloped_page(lambda y: 0.0)
    assert build_lines(words, 1, follow_slope=True) == build_lines(words, 1)


def test_ocr_pages_follow_the_slope_and_text_layers_do_not() -> None:
    words = _sloped_page(lambda y: -0.026)
    assert len(page_text(words, page=1, width=612, height=792, source="ocr").lines) == 30
    assert len(page_text(words, page=1, width=612, height=792, source="text-layer").lines) > 30


def _summary_split_by_a_fold(offset: float) -> list[Word]:
    """A billing summary whose amounts, 400pt right of their labels, a fold in the paper
    has moved ``offset`` points down (negative: up) from their labels' line."""
    words = row(100, (40, "You have a balance due on your account for 2022"))
    labels = ["Amount you owed", "Payments and credits", "Penalties", "Interest", "Amount you owe"]
    amounts = ["$8,040.00", "-2,750.00", "402.00", "611.27", "$6,303.27"]
    for i, (label, amount) in enumerate(zip(labels, amounts, strict=True)):
        y = 130.0 + 20.0 * i
        words += row(y, (40, label))
        words += row(y + offset, (460, amount))
    return words


def test_amounts_a_fold_moved_off_their_labels_line_are_joined_back() -> None:
    words = _summary_split_by_a_fold(-6.5)
    assert texts(words)[1:3] == ["$8,040.00", "Amount you owed"]  # split when read as level
    joined = [line.text for line in build_lines(words, 1, follow_slope=True)]
    assert joined[1:] == [
        "Amount you owed\t$8,040.00",
        "Payments and credits\t-2,750.00",
        "Penalties\t402.00",
        "Interest\t611.27",
        "Amount you owe\t$6,303.27",
    ]


def test_a_lone_value_between_two_labels_is_left_alone() -> None:
    # Half a line off, a value is as near to the label above as to the one below: no guess.
    words = _summary_split_by_a_fold(10.0)
    joined = [line.text for line in build_lines(words, 1, follow_slope=True)]
    assert "Amount you owed\t$8,040.00" not in joined
    assert "$8,040.00" in joined


def test_values_offset_in_different_directions_are_not_joined() -> None:
    # Two columns at their own line spacing, not one bend: offsets disagree.
    words = row(100, (40, "Penalties"))
    words += row(106, (460, "402.00"))
    words += row(130, (40, "Interest"))
    words += row(124, (460, "611.27"))
    joined = [line.text for line in build_lines(words, 1, follow_slope=True)]
    assert "Penalties\t402.00" not in joined
    assert "Interest\t611.27" not in joined
