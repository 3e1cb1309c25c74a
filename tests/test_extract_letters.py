"""Tests for scanner.extract.letters: telling the letters of one file apart."""

from __future__ import annotations

from scanner.catalog import load_catalog
from scanner.extract.letters import split_letters
from scanner.models import PageText
from scanner.patterns import load_labels
from tests.textpage import page


def first_page(code: str, notice_date: str, year: str, number: int, *, of: int = 2) -> PageText:
    return page(
        f"""Department of the Treasury  |  Notice  {code}
Internal Revenue Service  |  Tax year  {year}
Kansas City, MO 64999  |  Notice date  {notice_date}
Page 1 of {of}

You have unpaid taxes for {year}
Amount due  $1,200.00""",
        number=number,
    )


def continuation(code: str, notice_date: str, year: str, number: int, page_no: int = 2) -> PageText:
    return page(
        f"""Notice {code}  |  Tax year {year}  |  Notice date {notice_date}  |  Page {page_no} of 2
What you need to do
Pay the amount due by the date on page 1.""",
        number=number,
    )


def split(pages: list[PageText]) -> list[list[int]]:
    return [
        [p.page for p in group] for group in split_letters(pages, load_labels(), load_catalog())
    ]


def test_a_letter_with_its_continuation_page_stays_whole() -> None:
    pages = [
        first_page("CP501", "July 8, 2024", "2022", 1),
        continuation("CP501", "July 8, 2024", "2022", 2),
    ]
    assert split(pages) == [[1, 2]]


def test_two_notices_with_different_codes_are_two_letters() -> None:
    pages = [
        first_page("CP501", "July 8, 2024", "2022", 1),
        continuation("CP501", "July 8, 2024", "2022", 2),
        first_page("CP503", "August 12, 2024", "2021", 3),
        continuation("CP503", "August 12, 2024", "2021", 4),
    ]
    assert split(pages) == [[1, 2], [3, 4]]


def test_two_notices_of_one_code_and_day_for_different_years_are_two_letters() -> None:
    # The IRS mails a separate CP14 for each tax year, often on the same day.
    pages = [
        first_page("CP14", "May 6, 2024", "2021", 1, of=1),
        first_page("CP14", "May 6, 2024", "2022", 2, of=1),
    ]
    assert split(pages) == [[1], [2]]


def test_a_copy_of_the_same_letter_is_not_split() -> None:
    pages = [first_page("CP14", "May 6, 2024", "2022", n, of=1) for n in (1, 2)]
    assert split(pages) == [[1, 2]]


def test_a_continuation_page_is_never_a_new_letter_even_if_its_head_differs() -> None:
    # OCR misread the code in the running head of page 2 ("CP501" as "CP504").
    pages = [
        first_page("CP501", "July 8, 2024", "2022", 1),
        continuation("CP504", "July 8, 2024", "2022", 2),
    ]
    assert split(pages) == [[1, 2]]


def test_an_enclosure_without_a_code_stays_with_its_letter() -> None:
    enclosure = page(
        """Publication 594
The IRS Collection Process
This publication explains what happens when you owe tax.""",
        number=2,
    )
    pages = [first_page("CP14", "May 6, 2024", "2022", 1, of=1), enclosure]
    assert split(pages) == [[1, 2]]


def test_a_cover_page_before_the_letter_stays_with_the_first_letter() -> None:
    cover = page("FAX\nTo: Tax office\nPages: 3 including this cover", number=1)
    pages = [
        cover,
        first_page("CP501", "July 8, 2024", "2022", 2),
        continuation("CP501", "July 8, 2024", "2022", 3),
    ]
    assert split(pages) == [[1, 2, 3]]


def footer_coded(number: int, letter_no: str, notice_date: str, year: str) -> PageText:
    """A numbered letter's first page, its code printed only at the foot."""
    return page(
        f"""Department of the Treasury
Internal Revenue Service
Date:  {notice_date}
Tax period:  December 31, {year}

Notice of Federal Tax Lien Filing and Your Right to a Hearing
We filed a notice of lien for the tax you owe.
@y=0.95
Letter {letter_no} (Rev. 11-2022)""",
        number=number,
    )


def test_letters_coded_only_at_the_foot_are_told_apart() -> None:
    pages = [
        footer_coded(1, "3172", "February 12, 2024", "2019"),
        first_page("CP14", "May 6, 2024", "2022", 2, of=1),
        footer_coded(3, "1058", "May 6, 2024", "2020"),
    ]
    assert split(pages) == [[1], [2], [3]]
