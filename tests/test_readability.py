"""The Flesch-Kincaid estimate, and the reading level of every catalog text."""

from __future__ import annotations

import pytest

from scanner.catalog import Notice, load_catalog
from scanner.readability import count_syllables, flesch_kincaid_grade, text_stats

MAX_GRADE = 9.0

EASY = (
    "The dog ran to the park. He saw a red ball. He ran to get it. "
    "Then he went home to eat. It was a good day."
)
# Dense, long-worded prose of the kind found in statutes and journal articles.
HARD = (
    "Notwithstanding any other provision of this title, the determination of a deficiency "
    "attributable to an erroneous computation necessitates a comprehensive administrative "
    "reconsideration, unless the taxpayer affirmatively demonstrates, by documentary "
    "substantiation, that the contested adjustment was procedurally invalid."
)
# Ordinary adult prose: newspaper-like, a middle-school to high-school level.
MIDDLE = (
    "The city council voted on Tuesday to expand the bus service to the new neighborhoods "
    "on the east side. Officials said the change would cost about two million dollars a year. "
    "Some residents worried that fares would rise, but the mayor promised to keep them steady."
)


@pytest.mark.parametrize(("word", "syllables"), [
    ("cat", 1), ("the", 1), ("comes", 1), ("asked", 1), ("seize", 1),
    ("table", 2), ("wanted", 2), ("agreed", 2), ("notice", 2), ("statement", 2), ("being", 2),
    ("notices", 3), ("penalty", 3), ("period", 3), ("reminder", 3), ("completely", 3),
    ("earlier", 3), ("identity", 4), ("immediately", 5),
    ("IRS", 3), ("CP504", 5), ("12153", 5),
])
def test_syllable_heuristic_on_known_words(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_formula_on_counts_worked_by_hand() -> None:
    # 6 words, 6 syllables, 1 sentence: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45.
    stats = text_stats("The cat sat on the mat.")
    assert (stats.sentences, stats.words, stats.syllables) == (1, 6, 6)
    assert flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45)


def test_sentences_and_words_are_counted_sensibly() -> None:
    assert text_stats("Pay now. Call us! Why? ").sentences == 3
    assert text_stats("No full stop at the end").sentences == 1
    stats = text_stats("Pay $1,075.21 by irs.gov today.")
    assert stats.sentences == 1
    assert stats.words == 6  # Pay, 1,075.21, by, irs, gov, today
    assert text_stats("A late-payment penalty.").words == 3
    assert flesch_kincaid_grade("") == 0.0
    assert flesch_kincaid_grade("   ") == 0.0


def test_simple_text_scores_low_and_hard_text_scores_high() -> None:
    easy, middle, hard = (flesch_kincaid_grade(t) for t in (EASY, MIDDLE, HARD))
    assert easy < 3.0
    assert 7.0 <= middle <= 13.0
    assert hard > 16.0
    assert easy < middle < hard


def test_longer_sentences_raise_the_grade() -> None:
    short = "You owe tax. Pay it now. Call us if you can not pay."
    long_ = "You owe tax and you should pay it now or call us if you can not pay."
    assert flesch_kincaid_grade(long_) > flesch_kincaid_grade(short)


def _texts(notice: Notice) -> list[str]:
    out = [notice.summary, notice.what_irs_wants, notice.what_comes_next,
           *notice.misunderstandings]
    for window in notice.windows:
        out += [window.what.capitalize() + ".", window.protects]
    return out


def test_catalog_text_is_at_or_below_a_ninth_grade_level() -> None:
    notices = list(load_catalog())
    assert notices
    grades = sorted(((flesch_kincaid_grade(" ".join(_texts(n))), n.code) for n in notices),
                    reverse=True)
    overall = flesch_kincaid_grade(" ".join(t for n in notices for t in _texts(n)))
    worst = ", ".join(f"{code} {grade:.1f}" for grade, code in grades[:5])
    assert overall <= MAX_GRADE, f"catalog grade {overall:.1f} > {MAX_GRADE}; worst: {worst}"
    too_hard = [f"{code} {grade:.1f}" for grade, code in grades if grade > MAX_GRADE]
    assert not too_hard, f"entries above grade {MAX_GRADE}: {', '.join(too_hard)}"
