"""Tax periods: labelled years and period ends, lists of years, quarters with their form, the
voucher's YYYYMM code, body phrases, and the per-period tables of LT11 / Letter 1058."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textpage import IRS_ADDRESS, grid, letter, run

from scanner.extract.common import view_pages
from scanner.extract.labels import period_from_token
from scanner.extract.periods import normalize_form, tax_periods
from scanner.extract.table import find_tables
from scanner.models import PageText, TaxPeriod
from scanner.patterns import load_labels


def periods(*pages: PageText) -> tuple[TaxPeriod, ...] | None:
    found = run(*pages).fields.get("tax_periods")
    return None if found is None else found.value


def year(y: int, form: str | None = None) -> TaxPeriod:
    return TaxPeriod(form, date(y, 12, 31), y)


def info_block(lines: str, body: str = "", code: str = "CP14") -> PageText:
    return letter(IRS_ADDRESS, f"@x=380\nNotice  {code}\n{lines}", f"@y=0.35\n{body}")


# --- labelled periods -----------------------------------------------------------------------


def test_tax_year_in_the_stacked_info_block() -> None:
    page = info_block(
        "Tax year  2023\nNotice date  April 15, 2024\n", "You have a balance due for 2023\n"
    )
    found = run(page).fields["tax_periods"]
    assert [(p.period_end, p.year) for p in found.value] == [(date(2023, 12, 31), 2023)]
    assert "2023" in found.evidence
    assert found.confidence >= 0.9


def test_a_short_letter_whose_info_block_runs_into_the_amount_due() -> None:
    # With nothing between them, "Tax year 2023" and the "Amount due by <date>" line below
    # look like a table's head and total row; the date in that line is no period.
    page = letter(
        IRS_ADDRESS + "Notice CP14\nTax year 2023\nNotice date May 20, 2024\n"
        "Social security number XXX-XX-4417\nYou have a balance due for 2023\n"
        "Amount due by June 10, 2024: $812.40\nTax you owed $800.00\nInterest charges 12.40\n",
    )
    e = run(page)
    assert e.fields["tax_periods"].value == (year(2023),)
    assert e.fields["amount_due"].value == Decimal("812.40")


def test_form_from_the_voucher_instruction() -> None:
    page = info_block(
        "Tax year  2023\nNotice date  April 15, 2024\n",
        "If you can't pay in full, file Form 9465 to ask for a payment plan.\n"
        "@y=0.8\nMake your check or money order payable to the United States Treasury.\n"
        "Write your social security number, 2023, and Form 1040 on your payment.\n",
    )
    # Form 9465 is a request, not the return the period belongs to.
    assert periods(page) == (year(2023, "1040"),)


def test_no_form_when_none_is_printed() -> None:
    page = info_block("Tax year  2023\nNotice date  April 15, 2024\n")
    assert periods(page) == (year(2023),)


def test_kind_of_tax_label_and_value_on_either_side_of_the_page_middle() -> None:
    # Letter 5071C's info block: the label starts in the left half of the page, its value
    # sits in the right half, so neither half holds the whole phrase.
    page = letter(
        IRS_ADDRESS,
        "@x=250\nDate:  December 28, 2022\nKind of tax:  1040-SR\nTax year:  2021\n"
        "@y=0.95\nLetter 5071C (Rev. 3-2020)\n",
        "@y=0.35\nWe need to verify your identity\n",
    )
    assert page.lines[2].words[0].x0 < page.width / 2 < page.lines[2].words[-1].x0
    assert periods(page) == (year(2021, "1040-SR"),)


@pytest.mark.parametrize(
    ("printed", "ocr", "expected"),
    [
        ("219", True, 2019),  # the faint 0 of 2019 lost: only 2019 fits with a digit put back
        ("023", True, 2023),
        ("201", True, None),  # 2001 or 2010..2019: too many fits to choose
        ("219", False, None),  # a text layer is taken as printed
    ],
)
def test_a_labelled_year_short_a_digit(printed: str, ocr: bool, expected: int | None) -> None:
    page = letter(
        IRS_ADDRESS,
        f"@x=250\nDate:  April 8, 2020\nKind of tax:  1040\nTax year:  {printed}\n"
        "@y=0.95\nLetter 5071C (Rev. 5-2017)\n",
        "@y=0.35\nVerify your identity to process your return\n",
        ocr=ocr,
    )
    assert periods(page) == ((year(expected, "1040"),) if expected else None)


def test_a_date_after_a_labelled_year_is_not_another_period() -> None:
    # A running header that prints the notice date after the year with no label between.
    bar = "CP2000 Tax year 2022 March 4, 2024 Page 1 of 4\n"
    page = info_block("Notice date  March 4, 2024\n", bar)
    assert periods(page) == (year(2022),)


def test_one_line_header_tax_year() -> None:
    page = letter(
        "Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 2 of 5\n"
        "@y=0.2\nWe haven't received your payment for 2020.\n",
        number=2,
    )
    assert periods(page) == (year(2020),)


def test_redesigned_tax_year_heading() -> None:
    page = letter(
        "Notice CP01A  Tax Year 2025  Page 1 of 1  Internal use only: 29H\n"
        "Department of the Treasury\nInternal Revenue Service\n"
    )
    assert periods(page) == (year(2025),)


def test_tax_period_ending_with_form_941() -> None:
    page = info_block(
        "Tax period ending  March 31, 2024\nForm  941\nNotice date  May 13, 2024\n"
        "Employer ID number  XX-XXX1234\n",
        "You have unpaid taxes for the quarter.\n",
        code="CP161",
    )
    assert periods(page) == (TaxPeriod("941", date(2024, 3, 31), 2024),)


@pytest.mark.parametrize(
    ("line", "end"),
    [
        ("Tax period:  12/31/2023", date(2023, 12, 31)),
        ("Tax period:  Mar. 31, 2024", date(2024, 3, 31)),
        ("Tax period ended:  June 30, 2024", date(2024, 6, 30)),
        ("Quarter ending  09/30/2024", date(2024, 9, 30)),
        ("Tax period:  Q1 2024", date(2024, 3, 31)),
        ("Tax period  202403", date(2024, 3, 31)),
        ("Tax Period  12/2023", date(2023, 12, 31)),  # month and year only
        ("Tax period:  2023-Q4", date(2023, 12, 31)),
        ("Period:  2023-Q4", date(2023, 12, 31)),  # the label without "Tax"
        ("Period ending  3/2024", date(2024, 3, 31)),
        # The older computer letters print in capitals.
        ("TAX PERIOD:  DEC. 31, 2022", date(2022, 12, 31)),
        ("TAX PERIOD:  DECEMBER 31, 2022", date(2022, 12, 31)),
        ("TAX PERIOD:  DEC 31, 2022", date(2022, 12, 31)),
    ],
)
def test_business_period_spellings(line: str, end: date) -> None:
    page = info_block(
        f"{line}\nNotice date  May 13, 2024\nEmployer ID number  XX-XXX1234\n", code="CP161"
    )
    found = periods(page)
    assert found is not None
    assert [(p.period_end, p.year) for p in found] == [(end, end.year)]


def test_quarter_wording_in_the_body() -> None:
    page = info_block(
        "Notice date  May 13, 2024\nEmployer ID number  XX-XXX1234\n",
        "You have unpaid taxes on Form 941 for the quarter ending March 31, 2024.\n"
        "Amount due immediately: $5,000.00\n",
        code="CP504B",
    )
    assert periods(page) == (TaxPeriod("941", date(2024, 3, 31), 2024),)


def test_list_of_years() -> None:
    page = info_block("Tax periods  2019, 2020 and 2021\nNotice date  May 13, 2024\n", code="CP504")
    assert periods(page) == (year(2019), year(2020), year(2021))


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (("90", "940", "9400"), ["940", "940", "940"]),
        # Two forms in the table: which one the slip hides is anyone's guess.
        (("90", "940", "1040"), [None, "940", "1040"]),
    ],
)
def test_a_table_form_cell_one_slip_from_the_others_takes_their_form(
    forms: tuple[str, ...], expected: list[str | None]
) -> None:
    head = [["Tax period", "Form", "Amount you owed", "Amount due"]]
    rows = [
        [f"12/31/{2018 + i}", form, f"${100 * (i + 1)}.00", f"${100 * (i + 1)}.00"]
        for i, form in enumerate(forms)
    ]
    table = grid(head + rows, top=330.0, xs=(40.0, 110.0, 150.0, 250.0),
                 widths=(60.0, 30.0, 80.0, 80.0), right=(False, False, True, True))
    page = letter(IRS_ADDRESS, "@x=380\nNotice  CP504B\nNotice date  May 13, 2024\n",
                  extra=table, ocr=True)
    found = periods(page)
    assert found is not None
    assert [p.form for p in found] == expected


def test_a_list_that_wraps_onto_the_next_line() -> None:
    # "Tax periods" runs 55 points from x=380; its value cell starts 60 points further on.
    page = info_block(
        "Tax periods  12/31/2011, 12/31/2013,\n@x=495\n12/31/2014, 12/31/2017\n@x=380\n"
        "Notice date  May 13, 2024\n",
        code="LT11",
    )
    assert periods(page) == (year(2011), year(2013), year(2014), year(2017))


def test_a_date_under_the_list_but_not_in_line_with_it_is_not_a_period() -> None:
    # The next line starts under the label, not under the list: a different field.
    page = info_block(
        "Tax periods  12/31/2011, 12/31/2013\n12/31/2014  due\nNotice date  May 13, 2024\n",
        code="LT11",
    )
    assert periods(page) == (year(2011), year(2013))


def test_a_form_label_read_with_a_semicolon() -> None:
    # OCR often reads a colon as a semicolon: "Form; 1040".
    page = info_block("Form;  1040\nTax period;  12/31/2023\nNotice date  May 13, 2024\n")
    assert periods(page) == (year(2023, "1040"),)


def test_two_years_joined_by_and() -> None:
    page = info_block("Tax years  2019 and 2020\nNotice date  May 13, 2024\n", code="CP504")
    assert periods(page) == (year(2019), year(2020))


def test_yyyymm_stub_agrees_with_the_header() -> None:
    # Old business stubs print the period as YYYYMM beside a date-like code (030919).
    page = info_block(
        "Tax period  September 30, 2004\nNotice date  October 20, 2004\n"
        "Employer ID number  XX-XXX1234\n",
        "We changed your Form 941 because we found a miscalculation.\n"
        "@y=0.8\nRETURN THIS PART TO US WITH YOUR CHECK OR INQUIRY\n"
        "XX-XXX1234  ABCD  941  200409  030919  0126\nAmount you are paying  $\n",
        code="CP220",
    )
    e = run(page)
    assert e.fields["tax_periods"].value == (TaxPeriod("941", date(2004, 9, 30), 2004),)
    assert not [w for w in e.warnings if "tax period" in w]


def test_yyyymm_on_an_unlabelled_stub_after_the_form_number() -> None:
    page = info_block(
        "Notice date  October 20, 2004\nEmployer ID number  XX-XXX1234\n",
        "We changed your return because we found a miscalculation.\n"
        "@y=0.8\nRETURN THIS PART TO US WITH YOUR CHECK OR INQUIRY\n"
        "XX-XXX1234  ABCD  941  200409  030919  0126\nAmount you are paying  $\n",
        code="CP220",
    )
    assert periods(page) == (TaxPeriod("941", date(2004, 9, 30), 2004),)


def test_running_headers_on_later_pages_agree() -> None:
    page1 = info_block("Tax year  2020\nNotice date  December 9, 2024\n", code="CP503")
    page2 = letter(
        "Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 2 of 5\n",
        number=2,
    )
    e = run(page1, page2)
    assert e.fields["tax_periods"].value == (year(2020),)
    assert e.warnings == ()


def test_ocr_slip_in_the_year() -> None:
    page = letter(
        IRS_ADDRESS,
        "@x=380\nNotice  CP14\nTax yeer  2O23\nNotice date  April 15, 2024\n",
        ocr=True,
        conf=0.8,
    )
    assert periods(page) == (year(2023),)


# --- unlabelled and conflicting witnesses ---------------------------------------------------


def test_body_phrase_when_nothing_is_labelled() -> None:
    page = info_block("Notice date  January 30, 2018\n", "You have a balance due for 2017\n")
    found = run(page).fields["tax_periods"]
    assert found.value == (year(2017),)
    assert found.confidence < 0.9  # a body phrase is a weak witness


def test_tax_year_ending_in_cp504_body() -> None:
    page = info_block(
        "Notice date  May 13, 2024\n",
        "You have unpaid taxes for the tax year ending 2021.\n",
        code="CP504",
    )
    assert periods(page) == (year(2021),)


def test_other_years_in_the_body_do_not_join_the_period() -> None:
    page = info_block(
        "Tax year  2023\nNotice date  April 15, 2024\n",
        "We sent you a notice in 2022 about your 2021 return.\n"
        "Since 2020 the failure-to-pay penalty has been 0.5% a month.\n",
    )
    assert periods(page) == (year(2023),)


def test_voucher_misread_loses_to_header_and_warns() -> None:
    page = info_block(
        "Tax year  2023\nNotice date  April 15, 2024\n",
        "@y=0.8\nPayment voucher\nTax year 2022\nAmount you are paying  $\n",
    )
    e = run(page)
    assert e.fields["tax_periods"].value == (year(2023),)
    assert any("tax period" in w for w in e.warnings)


# --- period tables (LT11, Letter 1058) ------------------------------------------------------

XS = (40.0, 110.0, 150.0, 250.0, 350.0, 450.0)
WIDTHS = (60.0, 30.0, 80.0, 80.0, 80.0, 80.0)
RIGHT = (False, False, True, True, True, True)

LT11_TOP = """Department of the Treasury
Internal Revenue Service
P.O. Box 8208
Philadelphia, PA 19101-8208
@x=380
LT11
Date:  March 4, 2024
Taxpayer ID number:  XXX-XX-1234
Case reference number:  1234567890
"""

TWO_LINE_HEAD = [
    ["Tax period", "Form", "Amount you", "Additional", "Additional", "Amount you"],
    ["", "", "owed", "penalty", "interest", "owe"],
]
ROWS = [
    ["12/31/2019", "1040", "$5,000.00", "$250.00", "$120.55", "$5,370.55"],
    ["12/31/2020", "1040", "$3,000.00", "", "$80.10", "$3,080.10"],
    ["Total", "", "$8,000.00", "$250.00", "$200.65", "$8,450.65"],
]


def lt11(head: list[list[str]], rows: list[list[str]]) -> PageText:
    table = grid(head + rows, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    return letter(
        LT11_TOP, "@y=0.3\nIntent to seize your property or rights to property\n", extra=table
    )


def test_lt11_table_two_line_header() -> None:
    found = run(lt11(TWO_LINE_HEAD, ROWS)).fields["tax_periods"]
    assert found.value == (year(2019, "1040"), year(2020, "1040"))


def test_lt11_table_one_line_header() -> None:
    head = [["Tax period", "Form", "Amount you owed", "Penalty", "Interest", "Amount you owe"]]
    assert periods(lt11(head, ROWS)) == (year(2019, "1040"), year(2020, "1040"))


def test_table_header_with_tax_and_period_on_separate_lines() -> None:
    head = [
        ["Tax", "Form", "Amount you", "Additional", "Additional", "Amount you"],
        ["period", "", "owed", "penalty", "interest", "owe"],
    ]
    rows = [r[:] for r in ROWS[:2]]
    rows[0][0], rows[1][0] = "2019", "2020"
    assert periods(lt11(head, rows)) == (year(2019, "1040"), year(2020, "1040"))


def test_letter_1058_table_with_form_first_and_quarters() -> None:
    head = [
        ["Form", "Tax period", "Unpaid amount", "Additional", "Additional", "Amount you"],
        ["", "", "from prior notices", "penalty charges", "interest charges", "owe"],
    ]
    rows = [
        ["941", "03/31/2023", "$2,000.00", "$100.00", "$40.00", "$2,140.00"],
        ["941", "06/30/2023", "$1,500.00", "$75.00", "$20.00", "$1,595.00"],
    ]
    xs = (40.0, 80.0, 150.0, 250.0, 350.0, 450.0)
    widths = (30.0, 60.0, 90.0, 80.0, 80.0, 80.0)
    table = grid(head + rows, top=330.0, xs=xs, widths=widths, right=RIGHT)
    page = letter(
        IRS_ADDRESS,
        "@x=380\nDate:  June 10, 2024\nEmployer ID number:  XX-XXX1234\n"
        "@y=0.95\nLetter 1058 (Rev. 7-2022)\n",
        extra=table,
    )
    assert periods(page) == (
        TaxPeriod("941", date(2023, 3, 31), 2023),
        TaxPeriod("941", date(2023, 6, 30), 2023),
    )


def test_a_garbled_form_cell_takes_the_form_of_every_other_row() -> None:
    rows = [r[:] for r in ROWS]
    rows.insert(1, ["12/31/2019", "1040", "$1.00", "", "", "$1.00"])
    rows[0][0] = "12/31/2018"
    rows[1][1] = "10400"  # OCR doubled a digit
    assert periods(lt11(TWO_LINE_HEAD, rows)) == (
        year(2018, "1040"),
        year(2019, "1040"),
        year(2020, "1040"),
    )


def test_a_table_of_mixed_forms_is_left_as_read() -> None:
    rows = [r[:] for r in ROWS]
    rows.insert(1, ["12/31/2018", "941", "$1.00", "", "", "$1.00"])
    rows[0][1] = "10400"
    found = periods(lt11(TWO_LINE_HEAD, rows))
    assert found is not None
    assert [p.form for p in found] == [None, "941", "1040"]


def test_an_ocr_table_header_with_slips_and_a_stretched_form_box() -> None:
    # OCR read "period" as "perlod", lost the space in "you owed", and stretched the box of
    # "Form" over the first amount column: the header still names the period and tax columns.
    head = [["Tax perlod", "", "Form Amount youowed", "Penalty", "Interest", "Amount due"]]
    table = grid(head + ROWS, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    page = letter(
        LT11_TOP,
        "@y=0.3\nIntent to seize your property or rights to property\n",
        extra=table,
        ocr=True,
        conf=0.8,
    )
    e = run(page)
    assert e.fields["tax_periods"].value == (year(2019, "1040"), year(2020, "1040"))
    assert str(e.fields["tax"].value) == "8000.00"
    assert str(e.fields["amount_due"].value) == "8450.65"

def test_an_ocr_table_with_no_space_after_the_comma_of_a_period() -> None:
    rows = [
        ["March 31,2021", "941", "$1,058.19", "$89.70", "$55.41", "$1,203.30"],
        ["June 30,2021", "941", "$642.14", "$57.07", "$21.54", "$720.75"],
    ]
    head = [["Tax period", "Form", "Amount you owed", "Penalties", "Interest", "Amount due"]]
    table = grid(head + rows, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    page = letter(LT11_TOP, "@y=0.3\nIntent to seize your property\n", extra=table, ocr=True)
    e = run(page)
    assert e.fields["tax_periods"].value == (
        TaxPeriod("941", date(2021, 3, 31), 2021),
        TaxPeriod("941", date(2021, 6, 30), 2021),
    )
    assert str(e.fields["tax"].value) == "1700.33"


@pytest.mark.parametrize("sentence_end", ["periods below.", "to levy under section 6331."])
def test_the_sentence_leading_into_a_table_does_not_name_its_columns(sentence_end: str) -> None:
    # "payments" in the sentence just above the header must not turn the tax column into
    # payments and credits.
    rows = [
        ["We intend to levy federal payments due to your business for the", "", "", "", "", ""],
        [sentence_end, "", "", "", "", ""],
        ["Tax period", "Form", "Tax", "Penalty", "Interest", "Amount owed"],
        ["03/31/2023", "941", "4,210.00", "631.50", "318.22", "5,159.72"],
        ["06/30/2023", "941", "3,875.00", "581.25", "260.19", "4,716.44"],
        ["Total", "", "$8,085.00", "$1,212.75", "$578.41", "$9,876.16"],
    ]
    table = grid(rows, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    e = run(letter(LT11_TOP, extra=table))
    assert str(e.fields["tax"].value) == "8085.00"
    assert "payments_credits" not in e.fields


def test_a_tax_column_beside_a_wider_tax_year_column() -> None:
    # "Tax year" is wider than the years under it; its "year" must not join the "Tax"
    # column's name and hide it.
    rows = [
        ["Tax year", "Tax", "Payments", "Penalty", "Interest", "Balance"],
        ["2020", "2,100.00", "500.00", "400.00", "310.12", "2,310.12"],
        ["2021", "1,950.00", "0.00", "390.00", "205.66", "2,545.66"],
        ["Total", "4,050.00", "500.00", "790.00", "515.78", "4,855.78"],
    ]
    xs = (40.0, 90.0, 170.0, 250.0, 330.0, 410.0)
    table = grid(rows, top=330.0, xs=xs, widths=(40.0, 60.0, 60.0, 60.0, 60.0, 60.0), right=RIGHT)
    e = run(letter(LT11_TOP, extra=table))
    assert e.fields["tax"].value == Decimal("4050.00")
    assert e.fields["payments_credits"].value == Decimal("500.00")
    assert e.fields["amount_due"].value == Decimal("4855.78")


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        # OCR ran a whole header into one stretch: many words, but column names.
        ("Unpaid amount Additional penalty Additional interest Amount you owe", False),
        ("Tax period  Form  Amount you owed  Penalty  Interest  Amount due", False),
        ("Unpaid amount from prior notices", False),
        ("We intend to levy federal payments due to your business because", True),
        ("Unpaid amount Additional penalty Additional interest.", False),  # a stray point
        ("consideration under section 6330.", True),
    ],
)
def test_running_text_is_told_from_column_names(text: str, prose: bool) -> None:
    from scanner.extract.table import _is_prose

    assert _is_prose(letter(text + "\n").lines[0]) is prose


def test_a_total_line_below_the_total_row_is_not_part_of_the_table() -> None:
    head = [
        ["Tax period", "Form", "Unpaid amount from", "Additional", "Additional", "Amount you"],
        ["", "", "prior notices", "penalty", "interest", "owe"],
    ]
    table = grid(head + ROWS, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    below = "@y=0.56\nTotal amount you owe $8,450.65\n"
    e = run(letter(LT11_TOP, "@y=0.3\nIntent to seize your property\n", below, extra=table))
    assert str(e.fields["tax"].value) == "8000.00"
    assert str(e.fields["amount_due"].value) == "8450.65"


def test_find_tables_skips_the_total_row_and_keeps_a_missing_cell_empty() -> None:
    labels = load_labels()
    views = view_pages([lt11(TWO_LINE_HEAD, ROWS)], labels)
    tables = find_tables(views, labels)
    assert len(tables) == 1
    data = [r for r in tables[0].rows if not r.total]
    assert [r.period for r in data] == [year(2019, "1040"), year(2020, "1040")]
    # The 2020 row has no penalty cell: its interest must not slide into the penalty column.
    assert "penalties" not in data[1].cells
    assert str(data[1].cells["interest"]) == "80.10"
    warnings: list[str] = []
    found = tax_periods(views, labels, tables, warnings)
    assert found is not None and len(found.value) == 2


# --- token parsing and forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("2023", year(2023)),
        ("2O23", year(2023)),
        ("12/31/2023", TaxPeriod(None, date(2023, 12, 31), 2023)),
        ("March 31, 2024", TaxPeriod(None, date(2024, 3, 31), 2024)),
        ("202403", TaxPeriod(None, date(2024, 3, 31), 2024)),
        ("200409", TaxPeriod(None, date(2004, 9, 30), 2004)),
        ("Q2 2024", TaxPeriod(None, date(2024, 6, 30), 2024)),
    ],
)
def test_period_from_token(token: str, expected: TaxPeriod) -> None:
    assert period_from_token(token) == expected


@pytest.mark.parametrize("token", ["030919", "202413", "1040", "941", "123456", "Q5 2024"])
def test_period_from_token_rejects(token: str) -> None:
    assert period_from_token(token) is None


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1040", "1040"),
        ("1120s", "1120-S"),
        ("1120-S", "1120-S"),
        ("1040SR", "1040-SR"),
        ("1040A", "1040A"),
        ("1040EZ", "1040EZ"),
        ("941", "941"),
    ],
)
def test_normalize_form(printed: str, expected: str) -> None:
    assert normalize_form(printed) == expected


def test_other_years_named_in_sentences_do_not_outvote_the_info_block() -> None:
    # The body names the year a refund or a credit came from, twice; the info block's one
    # "Tax year 2023" is what the letter is about.
    page = letter(
        IRS_ADDRESS,
        "@x=380\nNotice  CP14\nTax year  2023\nNotice date  June 3, 2024\n",
        "@y=0.3\nBilling Summary\nTax you owed  $2,000.00\n"
        "Credit transferred from tax year 2022  -$400.00\nAmount due by June 24, 2024  $1,600.00\n"
        "Your tax year 2022 return showed an overpayment. We moved $400.00 of it to this "
        "balance, so your tax year 2022 refund is smaller.\n",
    )
    found = periods(page)
    assert found is not None
    assert [p.period_end for p in found] == [date(2023, 12, 31)]


@pytest.mark.parametrize(
    "lines",
    [
        "Form 941 for the quarter ending March 31, 2023\n"
        "Form 941 for the quarter ending June 30, 2023\n"
        "Form 941 for the quarter ending September 30, 2023\n",
        "Form 941 Period ending 03/31/2023\nForm 941 Period ending 06/30/2023\n"
        "Form 941 Period ending 09/30/2023\n",
    ],
)
def test_periods_listed_one_per_line_are_all_kept(lines: str) -> None:
    # A notice about unfiled returns lists each quarter on a line of its own.
    body = "We have no record of your business tax returns\n" + lines + "Respond by May 1, 2024.\n"
    page = info_block("Notice date  April 1, 2024\n", body, code="CP259")
    assert [(p.form, p.period_end) for p in periods(page) or ()] == [
        ("941", date(2023, 3, 31)),
        ("941", date(2023, 6, 30)),
        ("941", date(2023, 9, 30)),
    ]


def test_periods_on_lines_apart_are_not_one_list() -> None:
    # The info block's year and a year named further down are two witnesses, not a list.
    page = info_block("Tax year  2023\nNotice date  April 15, 2024\n", "\nTax year  2021  credit\n")
    assert periods(page) == (year(2023),)


def _misread_year(body: str, read: str = "2039") -> PageText:
    return letter(
        IRS_ADDRESS,
        f"@x=380\nNotice  CP90\nNotice date  January 31, 2020\nTax year  {read}\n",
        "@y=0.35\nIntent to seize your property\n" + body,
        ocr=True,
    )


def test_a_year_misread_past_the_notice_date_is_mended_from_another_mention() -> None:
    # OCR read "2019" as "2039"; the voucher's instruction prints "(2019)" too.
    e = run(_misread_year("Write the tax year (2019) and the form number on your payment.\n"))
    found = e.fields["tax_periods"]
    assert [p.year for p in found.value] == [2019]
    assert found.confidence < 0.9
    assert any("2039 was read" in w for w in e.warnings)


@pytest.mark.parametrize(
    ("body", "year"),
    [
        ("Write your social security number on your payment.\n", 2039),  # no other mention
        # 2029 is a digit away too, but after the notice date: 2019 is the one candidate.
        ("Write the tax year (2019) on your payment. Our records since 2029 show it.\n", 2019),
        ("We wrote to you in 2009 and in 2019 about this balance.\n", 2039),  # two candidates
    ],
)
def test_a_late_year_is_mended_only_from_one_clear_candidate(body: str, year: int) -> None:
    e = run(_misread_year(body))
    assert [p.year for p in e.fields["tax_periods"].value] == [year]


def test_a_dates_year_is_no_candidate_for_a_misread_period() -> None:
    # "2029" is a digit from the notice date's 2020, but a date's year says nothing of the
    # period: only the warning that the period ends after the notice date remains.
    e = run(_misread_year("Pay the amount due by February 21, 2020.\n", read="2029"))
    assert [p.year for p in e.fields["tax_periods"].value] == [2029]
