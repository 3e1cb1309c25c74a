"""Deadlines from the letter's printed dates and the catalog's windows."""

from __future__ import annotations

from datetime import date

from scanner.catalog import load_catalog
from scanner.deadlines import compute_deadlines

CATALOG = load_catalog()
TODAY = date(2024, 4, 20)


def test_printed_due_date_comes_first_with_days_left() -> None:
    found = compute_deadlines(CATALOG.notices["CP14"], notice_date=date(2024, 4, 15),
                              due_date=date(2024, 5, 6), due_kind="pay", hearing_date=None,
                              today=TODAY)
    assert found[0].date == date(2024, 5, 6) and found[0].kind == "printed"
    assert found[0].what == "Pay by" and found[0].days_left == 16
    # The 21-day window falls on the printed date: it is not listed twice.
    assert [d.date for d in found].count(date(2024, 5, 6)) == 1
    estimated = [d for d in found if d.kind == "estimated"]
    assert estimated and estimated[0].date == date(2024, 5, 20) and "CP501" in estimated[0].what


def test_cdp_window_is_counted_from_the_notice_date() -> None:
    found = compute_deadlines(CATALOG.notices["LT11"], notice_date=date(2024, 4, 15),
                              due_date=None, due_kind=None, hearing_date=None, today=TODAY)
    hearing = [d for d in found if d.kind == "statutory" and "12153" in d.what + " ".join(
        w.protects for w in CATALOG.notices["LT11"].windows)]
    assert any(d.date == date(2024, 5, 15) and d.days_left == 25 for d in hearing)


def test_ninety_day_letter() -> None:
    found = compute_deadlines(CATALOG.notices["CP3219A"], notice_date=date(2024, 1, 2),
                              due_date=None, due_kind=None, hearing_date=None, today=TODAY)
    assert any(d.date == date(2024, 4, 1) and d.kind == "statutory" and d.days_left == -19
               for d in found)


def test_respond_kind_and_sorting() -> None:
    found = compute_deadlines(CATALOG.notices["CP2000"], notice_date=date(2024, 4, 1),
                              due_date=date(2024, 5, 1), due_kind="respond",
                              hearing_date=None, today=TODAY)
    assert found[0].what == "Respond by"
    assert [d.date for d in found] == sorted(d.date for d in found)


def test_unknown_notice_still_gets_its_printed_dates() -> None:
    found = compute_deadlines(None, notice_date=date(2024, 4, 1), due_date=date(2024, 4, 22),
                              due_kind="pay", hearing_date=date(2024, 5, 1), today=TODAY)
    assert [(d.what, d.kind) for d in found] == [("Pay by", "printed"),
                                                  ("Request a hearing by", "printed")]



def test_a_printed_hearing_date_replaces_the_window_counted_for_it() -> None:
    # A lien letter's hearing window is only an estimate; the letter prints the real date,
    # which must not stand beside a guess four days earlier.
    found = compute_deadlines(CATALOG.notices["LTR3172"], notice_date=date(2024, 2, 26),
                              due_date=None, due_kind=None, hearing_date=date(2024, 4, 1),
                              today=TODAY)
    assert [(d.date, d.kind) for d in found] == [(date(2024, 4, 1), "printed")]
    # Without a printed date the estimate is all there is.
    guessed = compute_deadlines(CATALOG.notices["LTR3172"], notice_date=date(2024, 2, 26),
                                due_date=None, due_kind=None, hearing_date=None, today=TODAY)
    assert [(d.date, d.kind) for d in guessed] == [(date(2024, 3, 27), "estimated")]
    # A later (equivalent) hearing keeps its own window.
    lt11 = compute_deadlines(CATALOG.notices["LT11"], notice_date=date(2024, 4, 9),
                             due_date=None, due_kind=None, hearing_date=date(2024, 5, 9),
                             today=TODAY)
    assert [d.kind for d in lt11] == ["printed", "statutory"]


def test_a_printed_reply_date_replaces_the_estimated_window_for_it() -> None:
    found = compute_deadlines(CATALOG.notices["LTR5071C"], notice_date=date(2024, 5, 22),
                              due_date=date(2024, 7, 8), due_kind="respond", hearing_date=None,
                              today=TODAY)
    assert [(d.date, d.kind) for d in found] == [(date(2024, 7, 8), "printed")]
