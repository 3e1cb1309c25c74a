"""The money breakdown: the billing-summary variants of real notices (CP14 2018, CP503 2024 table,
CP2000 proposed changes, LT11 / Letter 1058 period tables), the amount due as headline /
summary / voucher witnesses, and lines that look like money but are not part of the bill."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from textpage import RETURN_ADDRESS, grid, letter, notice_page, run

from scanner.extract import Extraction
from scanner.extract.amounts import amounts, money_lines
from scanner.extract.common import view_pages
from scanner.extract.labels import classify_amount_label
from scanner.extract.table import find_tables
from scanner.models import PageText, Word
from scanner.patterns import load_labels

D = Decimal
MONEY = ("tax", "payments_credits", "penalties", "interest", "amount_due")


def money(e: Extraction) -> dict[str, Decimal]:
    return {name: e.fields[name].value for name in MONEY if name in e.fields}


def info(code: str, extra: str = "") -> str:
    return (
        f"@x=380\nNotice  {code}\nTax year  2017\nNotice date  January 30, 2018\n"
        f"Social security number  XXX-XX-1234\n{extra}"
    )


CP14_SUMMARY = """Billing Summary
Tax you owed  $3,183.00
Payments and credits  -3,328.00
Failure-to-file penalty  318.30
Failure-to-pay penalty  633.30
Interest charges  145.00
Failure-to-pay estimated tax penalty  123.61
Amount due by February 20, 2018  $1,075.21
"""

CP14_EXPECTED = {
    "tax": D("3183.00"),
    "payments_credits": D("3328.00"),
    "penalties": D("1075.21"),  # 318.30 + 633.30 + 123.61
    "interest": D("145.00"),
    "amount_due": D("1075.21"),
}


def cp14(
    summary: str = CP14_SUMMARY,
    headline: str = "Amount due: $1,075.21",
    voucher_due: str = "Amount due by February 20, 2018  $1,075.21",
    *,
    ocr: bool = False,
    after: str = "",
) -> PageText:
    return letter(
        RETURN_ADDRESS,
        info("CP14"),
        f"@y=0.25\nYou have a balance due for 2017\n{headline}\n{summary}{after}"
        "Continued on back...\n"
        "@y=0.78\nNotice  CP14\nNotice date  January 30, 2018\n"
        "Make your check or money order payable to the United States Treasury.\n"
        f"{voucher_due}\nAmount you are paying  $\n"
        "0000 0000000 0000000000 0000000 0000\n",
        ocr=ocr,
        conf=0.8 if ocr else 1.0,
    )


# --- billing summary variants ---------------------------------------------------------------


def test_cp14_2018_billing_summary() -> None:
    e = run(cp14())
    assert money(e) == CP14_EXPECTED
    assert e.penalty_lines == 3
    assert e.warnings == ()
    assert e.fields["amount_due"].confidence >= 0.9
    assert "3,183.00" in e.fields["tax"].evidence


def test_payments_in_parentheses() -> None:
    summary = CP14_SUMMARY.replace("-3,328.00", "(3,328.00)")
    assert money(run(cp14(summary))) == CP14_EXPECTED


def test_payments_printed_without_a_sign() -> None:
    summary = CP14_SUMMARY.replace("-3,328.00", "$3,328.00")
    assert money(run(cp14(summary)))["payments_credits"] == D("3328.00")


def test_total_penalties_with_itemized_lines_is_not_double_counted() -> None:
    summary = """Billing Summary
Tax you owed  $3,183.00
Payments and credits  -3,328.00
Failure-to-file penalty  318.30
Failure-to-pay penalty  633.30
Failure-to-pay estimated tax penalty  123.61
Total penalties  1,075.21
Interest charges  145.00
Amount due by February 20, 2018  $1,075.21
"""
    e = run(cp14(summary))
    assert money(e) == CP14_EXPECTED
    assert e.warnings == ()


def test_total_penalties_that_disagree_with_the_items_warn() -> None:
    summary = """Billing Summary
Tax you owed  $3,183.00
Payments and credits  -3,328.00
Failure-to-file penalty  318.30
Failure-to-pay penalty  633.30
Failure-to-pay estimated tax penalty  123.61
Total penalties  1,075.12
Interest charges  145.00
Amount due by February 20, 2018  $1,075.21
"""
    e = run(cp14(summary))
    assert e.fields["penalties"].value == D("1075.12")  # the printed total, not a silent fix
    assert any("penalt" in w for w in e.warnings)


def test_cp503_description_amount_table() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP503\nTax year  2020\nNotice date  December 9, 2024\nTIN  XXX-XX-6052\n",
        "@y=0.3\nSecond reminder: You have unpaid taxes for 2020\n"
        "Amount due: $64,761.66\nDescription  Amount\nAmount you owed  $63,973.87\n"
        "Interest (Internal Revenue Code Section 6601)  $787.79\n"
        "Amount due by December 30, 2024  $64,761.66\n",
    )
    e = run(page)
    assert money(e) == {"tax": D("63973.87"), "interest": D("787.79"), "amount_due": D("64761.66")}
    assert e.warnings == ()


def test_cp2000_summary_2004_design() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 7704\n"
        "San Francisco, CA 94120-7704\n",
        "@x=380\nNotice  CP2000\nTax year  2022\nNotice date  May 1, 2024\n",
        "@y=0.3\nYou Must Return the Response Form by May 31, 2024\n"
        "Summary of Proposed Changes\n2022 Tax Increase  $4,500.00\n"
        "Penalties - may not include all applicable penalties  $900.00\n"
        "Interest - if paid by May 31, 2024  $312.45\nProposed Balance Due  $5,712.45\n",
    )
    assert money(run(page)) == {
        "tax": D("4500.00"),
        "penalties": D("900.00"),
        "interest": D("312.45"),
        "amount_due": D("5712.45"),
    }


def test_cp2000_summary_current_wording() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 7704\n"
        "San Francisco, CA 94120-7704\n",
        "@x=380\nNotice  CP2000\nTax year  2022\nNotice date  May 1, 2024\n",
        "@y=0.3\nProposed changes to your 2022 Form 1040\nRespond by: May 31, 2024\n"
        "Summary of proposed changes\nTax increase  $4,500.00\n"
        "Accuracy-related penalty (IRC Section 6662)  $900.00\n"
        "Interest  $312.45\nProposed amount due  $5,712.45\n",
    )
    assert money(run(page)) == {
        "tax": D("4500.00"),
        "penalties": D("900.00"),
        "interest": D("312.45"),
        "amount_due": D("5712.45"),
    }


def cp161_reporting(summary: str) -> PageText:
    return letter(
        "Department of the Treasury\nInternal Revenue Service\nOgden, UT 84201-0039\n",
        "@x=380\nNotice  CP161\nTax period  December 31, 2023\nNotice date  March 25, 2024\n"
        "Employer ID number  XX-XXX4408\n",
        "@y=0.3\nAmount due: $1,966.61\nAccount summary\n" + summary,
    )


@pytest.mark.parametrize("label", ["Tax you reported", "Tax reported on your return"])
def test_a_business_summary_starting_from_the_tax_reported_takes_it_as_the_tax(
    label: str,
) -> None:
    page = cp161_reporting(
        f"{label}  $18,640.22\nDeposits and credits  -16,900.00\n"
        "Failure-to-deposit penalty  174.02\nInterest  52.37\n"
        "Amount due by April 15, 2024  $1,966.61\n"
    )
    assert money(run(page)) == {
        "tax": D("18640.22"),
        "payments_credits": D("16900.00"),
        "penalties": D("174.02"),
        "interest": D("52.37"),
        "amount_due": D("1966.61"),
    }


def test_a_tax_reported_that_the_sum_does_not_call_for_is_no_tax() -> None:
    # A proposal sets the tax reported beside the corrected tax; only the increase is billed.
    page = cp161_reporting(
        "Tax you reported  $5,118.00\nDeposits and credits  -3,200.00\n"
        "Interest  52.37\nAmount due by April 15, 2024  $1,966.61\n"
    )
    assert "tax" not in money(run(page))


@pytest.mark.parametrize(
    ("balance", "ocr"),
    [("Balance (credit)  -$312.00", False), ("Balance  1,045.18 CR", False),
     ("Balance  ($312.00)", True), ("Balance (credit)  -$312.00", True),
     ("Balance (credit)  $312.00", True)],
)
def test_a_balance_printed_as_a_credit_is_no_amount_due(balance: str, ocr: bool) -> None:
    page = notice_page(
        "CP21B",
        f"We changed your account\nYou don't owe anything.\n{balance}\n",
        ocr=ocr,
    )
    assert "amount_due" not in run(page).fields


def test_a_balance_with_a_stray_dash_on_an_ocr_page_is_still_owed() -> None:
    # OCR may read a leader's dash as a minus: without "credit", "CR" or parentheses the
    # balance stays an amount due.
    page = notice_page(
        "CP40",
        "Your account was assigned to a collection agency\nBalance  -$1,312.00\n",
        ocr=True,
    )
    assert run(page).fields["amount_due"].value == D("1312.00")


def test_a_decrease_in_tax_read_without_its_minus_is_no_tax() -> None:
    # A refund letter's "Decrease in tax -$312.00", the minus lost by OCR.
    page = notice_page(
        "CP12",
        "Changes to your return\nDecrease in tax  $312.00\nPayments  $0.00\n"
        "Balance (credit)  $312.00\n",
        ocr=True,
    )
    assert "tax" not in run(page).fields


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Pay $4,020.00 if paid by June 20, 2024, or $4,061.77 if paid after June 20, 2024.",
         D("4020.00")),
        ("Please pay $812.50 by June 20, 2024 to avoid more interest.", D("812.50")),
        ("You can pay $50.00 a month with a payment plan.", None),
    ],
)
def test_an_amount_told_as_pay_x_by_a_date(sentence: str, due: Decimal | None) -> None:
    page = notice_page(
        "CP503",
        f"Second reminder: you have unpaid taxes for 2021\n{sentence}\n",
        tax_year="2021",
        notice_date="May 30, 2024",
    )
    assert money(run(page)).get("amount_due") == due


def test_labels_that_name_a_year_after_them() -> None:
    page = notice_page(
        "CP2000",
        "Summary of proposed changes\nIncrease in tax for 2022  $1,800.00\n"
        "Interest  $95.00\nAmount you still owe for 2022  $1,895.00\n",
    )
    assert money(run(page)) == {
        "tax": D("1800.00"),
        "interest": D("95.00"),
        "amount_due": D("1895.00"),
    }


def test_business_cp161_summary() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nOgden, UT 84201-0039\n",
        "@x=380\nNotice  CP161\nTax period  March 31, 2024\nNotice date  May 13, 2024\n"
        "Employer ID number  XX-XXX1234\n",
        "@y=0.3\nBilling Summary\nTax you owed  $4,000.00\nPayments and credits  -1,000.00\n"
        "Failure-to-deposit penalty  300.00\nInterest charges  50.00\n"
        "Amount due by June 3, 2024  $3,350.00\n",
    )
    assert money(run(page)) == {
        "tax": D("4000.00"),
        "payments_credits": D("1000.00"),
        "penalties": D("300.00"),
        "interest": D("50.00"),
        "amount_due": D("3350.00"),
    }


def test_dot_leaders_as_separate_words() -> None:
    dots = "." * 30
    summary = (
        "\n".join(
            f"{label}  {dots}  {amount}"
            for label, amount in [
                ("Tax you owed", "$3,183.00"),
                ("Payments and credits", "-3,328.00"),
                ("Failure-to-file penalty", "318.30"),
                ("Failure-to-pay penalty", "633.30"),
                ("Interest charges", "145.00"),
                ("Failure-to-pay estimated tax penalty", "123.61"),
                ("Amount due by February 20, 2018", "$1,075.21"),
            ]
        )
        + "\n"
    )
    assert money(run(cp14("Billing Summary\n" + summary))) == CP14_EXPECTED


def test_dot_leaders_glued_to_the_label() -> None:
    summary = """Billing Summary
Tax you owed..................  $3,183.00
Payments and credits..........  -3,328.00
Failure-to-file penalty.......  318.30
Failure-to-pay penalty........  633.30
Interest charges..............  145.00
Failure-to-pay estimated tax penalty....  123.61
Amount due by February 20, 2018.....  $1,075.21
"""
    assert money(run(cp14(summary))) == CP14_EXPECTED


def test_due_line_with_label_date_and_amount_in_three_cells() -> None:
    # Wide spacing (justified text, OCR) can split "Amount due by <date>" from its date.
    summary = CP14_SUMMARY.replace(
        "Amount due by February 20, 2018  $1,075.21",
        "Amount due by  |  February 20, 2018  |  $1,075.21",
    )
    page = letter(RETURN_ADDRESS, info("CP14"), f"@y=0.25\n{summary}")
    assert money(run(page)) == CP14_EXPECTED


def test_a_penalty_rate_sentence_below_the_summary_is_not_a_penalty() -> None:
    after = "While you have a payment plan, the failure-to-pay penalty is 0.25% a month.\n"
    assert money(run(cp14(after=after))) == CP14_EXPECTED


# --- amount due witnesses -------------------------------------------------------------------


def test_headline_summary_and_voucher_agree() -> None:
    e = run(cp14())
    found = e.fields["amount_due"]
    assert found.value == D("1075.21")
    assert found.confidence >= 0.9
    assert not [w for w in e.warnings if "amount due" in w]


def test_voucher_misread_loses_and_warns() -> None:
    e = run(cp14(voucher_due="Amount due by February 20, 2018  $1,975.21"))
    assert e.fields["amount_due"].value == D("1075.21")
    assert any("1,975.21" in w for w in e.warnings)
    clean = run(cp14()).fields["amount_due"].confidence
    assert e.fields["amount_due"].confidence < clean


def test_summary_misread_loses_to_headline_and_voucher() -> None:
    summary = CP14_SUMMARY.replace("$1,075.21", "$1,015.21")
    e = run(cp14(summary))
    assert e.fields["amount_due"].value == D("1075.21")
    assert any("1,015.21" in w for w in e.warnings)


def test_amount_due_only_in_a_sentence() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP503\nTax year  2016\nNotice date  January 30, 2017\n",
        "@y=0.3\nWe haven't received your payment.\n"
        "Pay the amount due of $9,533.53 by February 20, 2017 to avoid more penalties.\n",
    )
    assert run(page).fields["amount_due"].value == D("9533.53")


def test_amount_due_immediately_cp504() -> None:
    page = letter(
        RETURN_ADDRESS,
        info("CP504"),
        "@y=0.3\nIntent to seize your property or rights to property\n"
        "Amount due immediately: $4,521.90\nBilling Summary\nAmount you owed  $4,400.00\n"
        "Failure-to-pay penalty  66.00\nInterest charges  55.90\n"
        "Amount due immediately  $4,521.90\n",
    )
    e = run(page)
    assert money(e) == {
        "tax": D("4400.00"),
        "penalties": D("66.00"),
        "interest": D("55.90"),
        "amount_due": D("4521.90"),
    }
    assert e.due_immediate is True


def test_ocr_slips_in_labels_and_amounts() -> None:
    summary = """Billing Summary
Tax you owed  S3,183.00
Payments and credits  -3,328.00
Failure-to-file penalty  318.30
Failure-to-pay penalty  633.30
Interest charges  l45.00
Failure-to-pay estimated tax penalty  123.61
Arnount due bv February 20, 2018  $1,O75.2l
"""
    e = run(cp14(summary, ocr=True))
    assert money(e) == CP14_EXPECTED
    assert e.fields["amount_due"].confidence < 0.99


def test_a_one_word_label_that_lost_its_first_letters() -> None:
    # A shadow at the left margin cut "In" off "Interest"; the tail is still the interest line.
    e = run(cp14(simple(interest="75.00").replace("Interest charges", "terest"), ocr=True))
    assert money(e)["interest"] == D("75.00")
    # On a text layer a label is what it is: no guessing at lost letters.
    text = run(cp14(simple(interest="75.00").replace("Interest charges", "terest")))
    assert "interest" not in text.fields
    # Four letters are too few to tell a clipped keyword from another word.
    short = run(cp14(simple(interest="75.00").replace("Interest charges", "rest"), ocr=True))
    assert short.fields.get("interest") is None or "rest" not in short.fields["interest"].evidence


# --- mending one OCR slip by the billing sum --------------------------------------------------

SIMPLE_SUMMARY = """Billing Summary
Amount you owed  {tax}
Failure-to-pay penalty  {penalty}
Interest charges  {interest}
Amount due by February 20, 2018  $1,075.21
"""


def simple(tax: str = "$900.00", penalty: str = "$100.21", interest: str = "$75.00") -> str:
    return SIMPLE_SUMMARY.format(tax=tax, penalty=penalty, interest=interest)


def test_an_amount_ocr_could_not_read_is_worked_out_from_the_sum() -> None:
    e = run(cp14(simple(penalty="Ok OT"), ocr=True))
    assert money(e)["penalties"] == D("100.21")
    assert e.fields["penalties"].confidence < 0.6
    assert "Failure-to-pay penalty" in e.fields["penalties"].evidence
    assert e.mended == {"penalties"}
    assert any("could not be read" in w for w in e.warnings)


def test_unreadable_lines_the_sum_cannot_fill_are_reported() -> None:
    # Two lines garbled past reading: the sum cannot tell them apart, so nothing is worked
    # out, the user is told, and what was read from the summary is trusted less.
    clean = run(cp14(simple(), ocr=True))
    e = run(cp14(simple(tax="Ok OT", penalty="Ok OT"), ocr=True))
    assert "tax" not in e.fields and "penalties" not in e.fields
    assert not e.mended
    assert any("tax and penalties could not be read" in w for w in e.warnings)
    assert e.fields["interest"].confidence < clean.fields["interest"].confidence
    # One line garbled, and the others already come to more than the amount due.
    over = run(cp14(simple(tax="Ok OT", interest="$1,075.00"), ocr=True))
    assert "tax" not in over.fields
    assert any("tax could not be read" in w for w in over.warnings)


def test_one_misread_digit_is_mended_by_the_sum() -> None:
    e = run(cp14(simple(tax="$907.00"), ocr=True))
    assert money(e)["tax"] == D("900.00")
    assert e.mended == {"tax"}
    assert any("read as $907.00" in w for w in e.warnings)


def test_lost_leading_digits_are_mended_by_the_sum() -> None:
    summary = simple(tax="$48,028.30", penalty="$1,100.13", interest="$1,040.09").replace(
        "$1,075.21", "$50,168.52"
    )
    e = run(cp14(summary.replace("$48,028.30", "028.30"), headline="", voucher_due="", ocr=True))
    assert money(e)["tax"] == D("48028.30")


def test_a_dollar_sign_read_as_a_digit_is_mended_by_the_sum() -> None:
    e = run(cp14(simple(tax="9900.00"), ocr=True))
    assert money(e)["tax"] == D("900.00")
    assert e.mended == {"tax"}


def test_a_point_read_as_a_digit_is_mended_by_the_sum() -> None:
    # "$100.21" read as "1004.21": the point became a digit inside the number.
    e = run(cp14(simple(penalty="1004.21"), ocr=True))
    assert money(e)["penalties"] == D("100.21")
    assert e.mended == {"penalties"}
    assert any("read as $1,004.21" in w for w in e.warnings)


def test_a_decimal_point_lost_by_ocr() -> None:
    e = run(cp14(simple(penalty="10021"), ocr=True))
    assert money(e)["penalties"] == D("100.21")
    assert e.mended == frozenset()


@pytest.mark.parametrize(
    ("summary", "ocr", "tax"),
    [
        # A text layer is what the letter prints: never mended.
        (simple(tax="$907.00"), False, D("907.00")),
        # Two digits differ: no single slip explains it.
        (simple(tax="$967.00"), True, D("967.00")),
        # An extra leading digit that no dollar sign turns into: "1900.00" is no slip.
        (simple(tax="1900.00"), True, D("1900.00")),
        # A misread that fits two lines (tax 960 or interest 15): the sum cannot choose.
        (simple(tax="$960.00"), True, D("960.00")),
        # Two lines unread: the sum cannot share the difference between them.
        (simple(penalty="", interest=""), True, D("900.00")),
    ],
)
def test_the_sum_mends_nothing_it_cannot_pin_down(summary: str, ocr: bool, tax: Decimal) -> None:
    e = run(cp14(summary, ocr=ocr))
    assert e.mended == frozenset()
    assert money(e)["tax"] == tax


PAYMENT_SUMMARY = """Billing Summary
Amount you owed  $8,640.00
Payments and credits  {payment}
Failure-to-pay penalty  {penalty}
Interest charges  {interest}
Amount due by February 20, 2018  $5,723.78
"""


def test_a_payments_minus_sign_read_as_a_digit_is_mended_by_the_sum() -> None:
    # "-3,250.00" read as "78,250.00": the minus became a 7 and took the 3 with it.
    summary = PAYMENT_SUMMARY.format(payment="78,250.00", penalty="$129.60", interest="$204.18")
    e = run(cp14(summary, headline="", voucher_due="", ocr=True))
    assert money(e)["payments_credits"] == D("3250.00")
    assert e.mended == {"payments_credits"}
    # Read from a text layer, nothing is mended.
    text = run(cp14(summary, headline="", voucher_due=""))
    assert money(text)["payments_credits"] == D("78250.00")


def test_a_payment_whose_minus_became_a_leading_7_wins_over_a_tax_with_a_digit_lost() -> None:
    # "-3,000.00" read as "73,000.00" (the minus ran into the leader dots as a 7). A tax of
    # $78,640.00, read with its leading 7 lost, would make the sum add up too; the unsigned
    # payment starting with the minus's digit is the likelier slip.
    summary = PAYMENT_SUMMARY.format(payment="73,000.00", penalty="$129.60", interest="$204.18")
    summary = summary.replace("$5,723.78", "$5,973.78")
    e = run(cp14(summary, headline="", voucher_due="", ocr=True))
    assert money(e)["payments_credits"] == D("3000.00")
    assert money(e)["tax"] == D("8640.00")
    assert e.mended == {"payments_credits"}
    # Printed with its minus, the payment is no such slip: the sum cannot choose.
    signed = summary.replace("73,000.00", "-73,000.00")
    assert run(cp14(signed, headline="", voucher_due="", ocr=True)).mended == frozenset()


def test_no_amount_is_lengthened_to_fit_a_payment_that_lost_its_minus() -> None:
    # The payment "-1,800.00" read as 71,800.00 and the amount due misread too: a tax of
    # $108,640.00 ("10" lost in front of 8,640.00) would make the sum add up, on two misreads.
    summary = PAYMENT_SUMMARY.format(payment="71,800.00", penalty="$129.60", interest="$204.18")
    summary = summary.replace("$5,723.78", "$37,173.78")
    e = run(cp14(summary, headline="", voucher_due="", ocr=True))
    assert e.mended == frozenset()
    assert money(e)["tax"] == D("8640.00")


def test_a_worked_out_amount_larger_than_the_amount_due_is_not_used() -> None:
    # The interest is unreadable and the payment was misread (-1,800.00 as 71,800.00): the
    # sum would make the interest $70,000-odd, more than the whole bill.
    summary = PAYMENT_SUMMARY.format(payment="71,800.00", penalty="$129.60", interest="Qiot")
    e = run(cp14(summary, headline="", voucher_due="", ocr=True))
    assert "interest" not in e.fields
    assert not e.mended
    assert any("interest could not be read" in w for w in e.warnings)


def test_no_interest_is_worked_out_when_no_tax_was_read() -> None:
    # The tax line was lost altogether: the sum would count the tax as nothing and put it all
    # into the interest.
    summary = simple(interest="Qiot").replace("Amount you owed  $900.00\n", "")
    e = run(cp14(summary, ocr=True))
    assert "interest" not in e.fields
    assert not e.mended


def test_a_summary_goes_on_through_lines_whose_amounts_were_unreadable() -> None:
    # A crease took the amounts of two lines: the tax above them still belongs to the
    # summary, and the user is told what could not be read.
    summary = PAYMENT_SUMMARY.format(payment="", penalty="2B:10", interest="Qiot")
    summary = summary.replace("Payments and credits  \n", "").replace("\n", "\n\n\n")
    e = run(cp14(summary, headline="", voucher_due="", ocr=True))
    assert money(e) == {"tax": D("8640.00"), "amount_due": D("5723.78")}
    assert any("penalties and interest could not be read" in w for w in e.warnings)


def test_a_label_does_not_run_over_the_end_of_a_sentence() -> None:
    # A curled page ran the body's sentence into the summary's column: "interest" in the
    # sentence before the point does not name the amount after it.
    summary = simple().replace(
        "Interest charges  $75.00\n", "interest and penalty charges. If you cannot  $6.41\n"
    )
    e = run(cp14(summary, ocr=True))
    assert "interest" not in e.fields


def test_an_unread_label_is_found_in_the_cell_nearest_its_amount() -> None:
    # OCR ran a line of the body into the tax line and broke its amount ("$2,874.19" as
    # "$2,87. 4.19"); with the interest unread too, two amounts are missing and the sum
    # must not put the whole difference into the interest.
    summary = simple(tax="$9,00. 4.19", interest="scoe, 64,83").replace(
        "Amount you owed", "late-payment penalty keep growing on what you owe. Pay  Amount you owed"
    )
    e = run(cp14(summary, ocr=True))
    assert "interest" not in e.fields and "tax" not in e.fields
    assert not e.mended
    assert any("tax and interest could not be read" in w for w in e.warnings)


@pytest.mark.parametrize("first_year", ["2,000.00", ""])  # "" : OCR lost the cell
def test_a_summary_by_year_takes_its_total_column(first_year: str) -> None:
    rows = [
        ["Billing summary", "", "", ""],
        ["", "2021", "2022", "Total"],
        ["Tax you owed", first_year, "3,020.00", "$5,020.00"],
        ["Payments and credits", "", "-1,500.00", "-1,500.00"],
        ["Interest charges", "20.00", "70.11", "90.11"],
        ["Amount due by June 17, 2024", "", "", "$3,610.11"],
    ]
    xs = (40.0, 200.0, 280.0, 360.0)
    table = grid(rows, top=300.0, xs=xs, widths=(150.0, 60.0, 60.0, 60.0), right=RIGHT)
    e = run(letter(RETURN_ADDRESS, info("CP14"), extra=table, ocr=True))
    assert money(e) == {
        "tax": D("5020.00"),
        "payments_credits": D("1500.00"),
        "interest": D("90.11"),
        "amount_due": D("3610.11"),
    }


def test_a_summary_continued_on_the_next_page_is_read_whole() -> None:
    first = cp14(
        "Billing Summary\nTax you owed  $5,066.00\nPayments and credits  -$2,100.00\n"
        "Billing summary continues on page 2\n",
        headline="Amount due: $3,848.05",
        voucher_due="Amount due by February 20, 2018  $3,848.05",
    )
    second = letter(
        "Notice CP14  Page 2 of 2\nBilling Summary (continued)\n"
        "Failure-to-file penalty  $667.35\nFailure-to-pay penalty  $118.66\n"
        "Interest charges  $96.04\nAmount due by February 20, 2018  $3,848.05\n"
        "\nYour rights as a taxpayer\n",
        number=2,
    )
    assert money(run(first, second)) == {
        "tax": D("5066.00"),
        "payments_credits": D("2100.00"),
        "penalties": D("786.01"),
        "interest": D("96.04"),
        "amount_due": D("3848.05"),
    }
    # A second page that repeats the whole summary is not joined to the first page's.
    again = letter(
        "Notice CP14  Page 2 of 2\nTax you owed  $5,066.00\nPayments and credits  -$2,100.00\n"
        "Failure-to-file penalty  $667.35\nFailure-to-pay penalty  $118.66\n"
        "Interest charges  $96.04\nAmount due by February 20, 2018  $3,848.05\n",
        number=2,
    )
    assert money(run(first, again))["tax"] == D("5066.00")
    # OCR may miss the voucher's cut line: its amount due then reads as the body's, between
    # the two halves of the summary.
    no_cut_line = letter(
        RETURN_ADDRESS,
        info("CP14"),
        "@y=0.25\nAmount due: $3,848.05\n\n\n\nBilling Summary\nTax you owed  $5,066.00\n"
        "Payments and credits  -$2,100.00\nBilling summary continues on page 2\n"
        "@y=0.8\nNotice  CP14\nAmount due by February 20, 2018  $3,848.05\n",
        ocr=True,
    )
    assert money(run(no_cut_line, second))["payments_credits"] == D("2100.00")


def test_a_label_does_not_reach_past_its_own_garbled_amount() -> None:
    # OCR ran a checklist line of the next column ("Pay $1,075.21 online") into the penalty
    # row and garbled the penalty ("100.21" as "100:21"): the amount after it is not the
    # penalty's, which the sum then works out.
    summary = simple().replace(
        "Failure-to-pay penalty  $100.21", "Failure-to-pay penalty 100:21 CO Pay  $1,075.21"
    )
    e = run(cp14(summary, ocr=True))
    assert money(e)["penalties"] == D("100.21")
    assert e.mended == {"penalties"}


def test_a_mended_line_earns_no_confidence_from_the_sum_check() -> None:
    from scanner.api import build_result
    from scanner.options import ScanOptions

    page = cp14(simple(tax="$907.00"), ocr=True)
    result = build_result("x", "image", [page], [], [], ScanOptions())
    assert result.fields["tax"].value == D("900.00")
    assert result.fields["tax"].confidence < 0.9


# --- period tables (LT11, Letter 1058) ------------------------------------------------------

XS = (40.0, 110.0, 150.0, 250.0, 350.0, 450.0)
WIDTHS = (60.0, 30.0, 80.0, 80.0, 80.0, 80.0)
RIGHT = (False, False, True, True, True, True)
TWO_LINE_HEAD = [
    ["Tax period", "Form", "Amount you", "Additional", "Additional", "Amount you"],
    ["", "", "owed", "penalty", "interest", "owe"],
]
ROWS = [
    ["12/31/2019", "1040", "$5,000.00", "$250.00", "$120.55", "$5,370.55"],
    ["12/31/2020", "1040", "$3,000.00", "", "$80.10", "$3,080.10"],
    ["Total", "", "$8,000.00", "$250.00", "$200.65", "$8,450.65"],
]
TABLE_EXPECTED = {
    "tax": D("8000.00"),
    "penalties": D("250.00"),
    "interest": D("200.65"),
    "amount_due": D("8450.65"),
}
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


def lt11(
    head: list[list[str]], rows: list[list[str]], headline: str = "", *, ocr: bool = False
) -> PageText:
    table = grid(head + rows, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    return letter(
        LT11_TOP,
        f"@y=0.3\nIntent to seize your property or rights to property\n{headline}\n",
        extra=table,
        ocr=ocr,
    )


def test_a_table_cell_ocr_could_not_read_is_worked_out_from_the_amount_due() -> None:
    rows = [r[:] for r in ROWS[:2]]
    rows[1][4] = "eo.io"  # "$80.10" garbled past reading
    headline = "Amount due immediately: $8,450.65"
    e = run(lt11(TWO_LINE_HEAD, rows, headline, ocr=True))
    assert money(e) == TABLE_EXPECTED
    assert e.mended == {"interest"}
    assert any("could not be read" in w for w in e.warnings)
    # Read from a text layer, the same table is reported as printed.
    assert money(run(lt11(TWO_LINE_HEAD, rows, headline)))["interest"] == D("120.55")


def test_lt11_table_with_headline() -> None:
    e = run(lt11(TWO_LINE_HEAD, ROWS, "Amount due immediately: $8,450.65"))
    assert money(e) == TABLE_EXPECTED
    assert not [w for w in e.warnings if "amount due" in w]


def test_lt11_table_alone_takes_the_total_row() -> None:
    e = run(lt11(TWO_LINE_HEAD, ROWS))
    assert money(e) == TABLE_EXPECTED


@pytest.mark.parametrize("label", ["Amount due immediately", "| Amount you owe", "[Total"])
def test_the_total_row_wins_over_a_misread_row(label: str) -> None:
    # Letter 1058 ends its table with an "Amount due immediately" row; OCR may read a bar of
    # the border before it. A row OCR misread ("$3,000.00" as "$300.00") must not change
    # the totals the letter prints.
    rows = [r[:] for r in ROWS]
    rows[1][2] = "$300.00"
    rows[2][0] = label
    e = run(lt11(TWO_LINE_HEAD, rows, "Amount due immediately: $8,450.65", ocr=True))
    assert money(e) == TABLE_EXPECTED
    assert not e.mended


def test_a_table_cell_that_lost_its_point_and_commas_is_read_as_cents() -> None:
    rows = [r[:] for r in ROWS[:2]]
    rows[0][4] = "12055"  # "$120.55" read without its sign and point
    headline = "Amount due immediately: $8,450.65"
    e = run(lt11(TWO_LINE_HEAD, rows, headline, ocr=True))
    assert money(e) == TABLE_EXPECTED
    assert not e.mended  # read, not worked out
    # A text layer means what it prints: the same cell is not an amount there.
    assert money(run(lt11(TWO_LINE_HEAD, rows, headline)))["interest"] == D("80.10")


def test_a_cell_that_lost_its_point_is_mended_by_its_row_sum() -> None:
    # "$250.00" read as "25010": a guess of 250.10 from the digits alone. The letter's total
    # cannot tell whether penalties or interest (200.55 for 200.65) slipped; the row's own
    # amount-due cell (5,370.55) says penalties, 250.00.
    rows = [r[:] for r in ROWS[:2]]
    rows[0][3] = "25010"
    headline = "Amount due immediately: $8,450.65"
    assert money(run(lt11(TWO_LINE_HEAD, rows, headline, ocr=True))) == TABLE_EXPECTED
    # Two digits away is more than a slip: the reading stands.
    rows[0][3] = "25110"
    assert money(run(lt11(TWO_LINE_HEAD, rows, headline, ocr=True)))["penalties"] != D("250.00")


def test_a_speck_of_ocr_noise_between_rows_does_not_end_the_table() -> None:
    # OCR reads a smudge between the last row and the total row as a short word; the
    # total row below it still belongs to the table.
    speck = Word("chee", 45.0, 376.0, 65.0, 383.0)  # rows at 354 and 366, total at 390
    cells = grid(
        [*TWO_LINE_HEAD, *ROWS[:2], [""] * 6, *ROWS[2:]],
        top=330.0,
        xs=XS,
        widths=WIDTHS,
        right=RIGHT,
    )
    intro = "@y=0.3\nIntent to seize your property\n"
    page = letter(LT11_TOP, intro, extra=(*cells, speck), ocr=True)
    assert money(run(page)) == TABLE_EXPECTED


def test_a_total_row_outside_a_table_gives_its_last_amount_as_the_amount_due() -> None:
    # When no table head was read, "Total" before a row of amounts names the row; the amount
    # due is the row's last cell, not its first.
    page = letter(
        LT11_TOP,
        "@y=0.3\nIntent to seize your property\n\nTotal  5,114.55  255.73  129.89  $5,500.17\n",
        ocr=True,
    )
    assert money(run(page))["amount_due"] == D("5500.17")


def test_table_without_a_total_row_sums_the_rows() -> None:
    e = run(lt11(TWO_LINE_HEAD, ROWS[:2]))
    assert money(e) == TABLE_EXPECTED


def test_table_one_line_header() -> None:
    head = [["Tax period", "Form", "Amount you owed", "Penalty", "Interest", "Amount you owe"]]
    assert money(run(lt11(head, ROWS, "Amount due immediately: $8,450.65"))) == TABLE_EXPECTED


def test_table_header_with_tax_and_period_on_separate_lines() -> None:
    head = [
        ["Tax", "Form", "Amount you", "Additional", "Additional", "Amount you"],
        ["period", "", "owed", "penalty", "interest", "owe"],
    ]
    assert money(run(lt11(head, ROWS, "Amount due immediately: $8,450.65"))) == TABLE_EXPECTED


def test_letter_1058_column_names() -> None:
    head = [
        ["Tax period", "Form", "Unpaid amount", "Additional", "Additional", "Amount you"],
        ["", "", "from prior notices", "penalty charges", "interest charges", "owe"],
    ]
    widths = (60.0, 30.0, 90.0, 80.0, 80.0, 80.0)
    table = grid(head + ROWS, top=330.0, xs=XS, widths=widths, right=RIGHT)
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nSpringfield, IL 62701\n",
        "@x=380\nDate:  June 10, 2024\nTaxpayer ID number:  XXX-XX-4321\n",
        "@y=0.95\nLetter 1058 (Rev. 7-2022)\n",
        extra=table,
    )
    assert money(run(page)) == TABLE_EXPECTED


def test_letter_1058_table_on_page_two() -> None:
    page1 = letter(
        "Department of the Treasury\nInternal Revenue Service\nSpringfield, IL 62701\n",
        "@x=380\nDate:  June 10, 2024\nTaxpayer ID number:  XXX-XX-4321\n"
        "Case reference number:  2024061000\n",
        "@y=0.3\nFinal Notice\nNotice of Intent to Levy and Notice of Your Right to a Hearing\n"
        "Please respond immediately.\nAmount due immediately: $8,450.65\n"
        "@y=0.95\nLetter 1058 (Rev. 7-2022)\n",
    )
    table = grid(TWO_LINE_HEAD + ROWS, top=120.0, xs=XS, widths=WIDTHS, right=RIGHT, page=2)
    page2 = letter("Letter 1058  Page 2 of 4\n@y=0.1\nAmounts you owe\n", number=2, extra=table)
    e = run(page1, page2)
    assert e.fields["notice_code"].value == "LTR1058"
    assert money(e) == TABLE_EXPECTED
    assert e.fields["tax"].page == 2
    assert e.due_immediate is True


def test_missing_cell_does_not_shift_values() -> None:
    labels = load_labels()
    views = view_pages([lt11(TWO_LINE_HEAD, ROWS)], labels)
    (table,) = find_tables(views, labels)
    row_2020 = table.rows[1]
    assert row_2020.cells == {
        "tax": D("3000.00"),
        "interest": D("80.10"),
        "amount_due": D("3080.10"),
    }
    assert table.column_sum("amount_due") == D("8450.65")


# --- lines that are not the bill ------------------------------------------------------------


def test_refund_and_overpayment_lines_are_not_an_amount_due() -> None:
    page = letter(
        RETURN_ADDRESS,
        info("CP12"),
        "@y=0.3\nWe changed your 2017 return to correct a miscalculation\n"
        "Your refund: $612.00\nOverpayment on your return  $712.00\n"
        "Change to your credits  -100.00\nRefund due to you  $612.00\n"
        "You should receive your refund in 4 to 6 weeks.\n",
    )
    e = run(page)
    assert "amount_due" not in e.fields


def test_refund_offset_cp49_has_no_amount_due() -> None:
    page = letter(
        RETURN_ADDRESS,
        info("CP49"),
        "@y=0.3\nWe applied your overpayment to tax you owed\n"
        "Overpayment  $800.00\nApplied to tax you owed for 2015  -800.00\n"
        "Remaining refund  $0.00\n",
    )
    e = run(page)
    assert "amount_due" not in e.fields


def test_amount_you_are_paying_box_is_not_the_amount_due() -> None:
    e = run(cp14(voucher_due="Amount you are paying  $1,000.00"))
    assert e.fields["amount_due"].value == D("1075.21")
    assert not [w for w in e.warnings if "1,000.00" in w]


def test_utility_bill_gives_no_amounts() -> None:
    bill = letter(
        "Springfield Electric & Gas\nP.O. Box 4400\nSpringfield, IL 62701\n"
        "@y=0.25\nPrevious balance  $84.12\nPayment received - thank you  -84.12\n"
        "Current charges  $91.37\nTotal amount due  $91.37\nAmount due by April 23, 2024  $91.37\n"
        "@y=0.8\nPlease return this stub with your payment\nAmount enclosed  $\n"
    )
    assert run(bill).fields == {}


# --- individual pieces ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Tax you owed", "tax"),
        ("Amount you owed", "tax"),
        ("Tax increase", "tax"),
        ("Payments and credits", "payments_credits"),
        ("Failure-to-file penalty", "penalties"),
        ("Failure-to-pay estimated tax penalty", "penalties"),
        ("Total penalties", "penalty_total"),
        ("Interest charges", "interest"),
        ("Interest (Internal Revenue Code Section 6601)", "interest"),
        ("Amount due by February 20, 2018", "amount_due"),
        ("Amount due immediately", "amount_due"),
        ("Proposed amount due", "amount_due"),
        ("Proposed Balance Due", "amount_due"),
        # A proposed figure names the same field as the plain one.
        ("Proposed increase in tax", "tax"),
        ("Proposed interest charges", "interest"),
        ("Overpayment from 2022 applied", "payments_credits"),
        ("Assessed tax", "tax"),
        ("Balance of tax", "tax"),
        ("Federal tax deposits", "payments_credits"),
        ("Additions to tax", "penalties"),
        ("Total deficiency and additions to tax", "amount_due"),
        # A balance before a credit is where the bill starts, not the credit; one after it is
        # what is left to pay; a credit from an overpayment is a payment on the balance.
        ("2020 balance before the credit", "tax"),
        ("Balance before payments", "tax"),
        ("Balance after the credit", "amount_due"),
        ("Credit from your 2023 overpayment", "payments_credits"),
        ("Deposits we credited", "payments_credits"),
        ("Deposits made", "payments_credits"),
        ("Tax amount owed", "tax"),
        ("Total deficiency and penalty", "amount_due"),
        # Spanish editions.
        ("Impuesto adeudado después de los cambios", "tax"),
        ("Aumento de impuesto de 2022", "tax"),
        ("Pagos y créditos aplicados", "payments_credits"),
        ("Disminución de pagos y créditos", "payments_credits"),
        ("Intereses, si paga antes del 8 de mayo de 2024", "interest"),
        ("Cantidad adeudada propuesta", "amount_due"),
        ("Cantidad adeudada de inmediato", "amount_due"),
    ],
)
def test_classify_amount_label(label: str, name: str) -> None:
    found = classify_amount_label(label, load_labels(), fuzzy=False)
    assert found is not None
    assert found[0] == name


@pytest.mark.parametrize(
    "label",
    [
        "Your refund",
        "Overpayment",
        "Amount you are paying",
        "Wages reported to IRS",
        "Income you reported",
        "Federal income tax withheld",
        "Proposed refund",
        "Proposed tax",  # the whole corrected tax, not the increase billed
        "Corrected tax",
        "RIVERSTONE CREDIT UNION",  # a payer on a CP2000's list of income
    ],
)
def test_classify_amount_label_ignores_non_bill_lines(label: str) -> None:
    assert classify_amount_label(label, load_labels(), fuzzy=False) is None


def test_amounts_function_directly() -> None:
    labels = load_labels()
    views = view_pages([cp14()], labels)
    warnings: list[str] = []
    found = amounts(views, labels, find_tables(views, labels), warnings)
    assert {k: v.value for k, v in found.fields.items()} == CP14_EXPECTED
    assert found.from_summary is True
    assert found.penalty_lines == 3
    assert warnings == []


@pytest.mark.parametrize("fuzzy", [False, True])
def test_the_exact_longer_keyword_beats_a_fuzzy_shorter_one(fuzzy: bool) -> None:
    # On OCR text "you owe" (amount due) matches "you owed" with one edit; the line is the tax.
    found = classify_amount_label("Additional tax you owed", load_labels(), fuzzy=fuzzy)
    assert found is not None and found[0] == "tax"


def test_an_ocr_billing_summary_below_a_payments_line_is_not_taken_for_the_voucher() -> None:
    # "payments and" is three deletions from the voucher label "Payment stub": a fuzzy match
    # that drops a whole word once moved the voucher's top above the billing summary.
    body = """@y=0.45
Billing Summary
Additional tax you owed  $202.90
Total payments and credits  -112.13
Failure-to-pay penalty  1.84
Interest  0.43
Amount due by 12/25/2024  $93.04
"""
    header = "@x=380\nNotice  CP14I\nNotice date  12/04/2024\n"
    page = letter(RETURN_ADDRESS, header, body, ocr=True)
    assert view_pages([page], load_labels())[0].voucher_top is None
    found = run(page)
    assert found.fields["tax"].value == Decimal("202.90")
    assert found.fields["penalties"].value == Decimal("1.84")
    assert found.fields["interest"].value == Decimal("0.43")


@pytest.mark.parametrize("ocr", [False, True])
def test_a_checklist_that_mentions_the_payment_voucher_does_not_start_the_voucher(
    ocr: bool,
) -> None:
    # The redesigned notices list what to do beside the balance: "... or mail the payment
    # voucher." is a sentence, not the stub's "Payment voucher" heading.
    body = """@y=0.42
What you need to do
Pay online, by phone, or mail the payment voucher.
Billing Summary
Tax you owed  $1,500.00
Failure-to-pay penalty  12.40
Interest  77.30
Amount due by June 24, 2024  $1,589.70
@y=0.85
Notice  CP14
Amount due by June 24, 2024  $1,589.70
Amount you are paying  $
"""
    header = "@x=380\nNotice  CP14\nNotice date  June 3, 2024\n"
    page = letter(RETURN_ADDRESS, header, body, ocr=ocr)
    (view,) = view_pages([page], load_labels())
    assert view.voucher_top is not None and view.voucher_top > 0.8 * page.height
    assert money(run(page))["interest"] == D("77.30")


# --- a breakdown told in a sentence ---------------------------------------------------------


REMINDER = (
    "@y=0.3\nThis is your annual reminder that you still owe federal taxes.\n"
    "Your balance for 2018 is $4,117.83, which includes tax of $2,950.00, penalties of\n"
    "$737.50 and interest of $430.33.\n"
)


def test_a_breakdown_in_a_sentence_is_read_when_it_adds_up() -> None:
    e = run(letter(RETURN_ADDRESS, info("CP71C"), REMINDER))
    assert money(e) == {
        "amount_due": Decimal("4117.83"),
        "tax": Decimal("2950.00"),
        "penalties": Decimal("737.50"),
        "interest": Decimal("430.33"),
    }


def test_a_notice_of_deficiency_told_in_sentences() -> None:
    # A CP3219A that states its figures only in its paragraphs.
    body = (
        "@y=0.3\nNotice of deficiency\n"
        "We have determined that you owe additional income tax of $4,127.00 for 2021,\n"
        "together with an accuracy-related penalty of $825.40. The total deficiency and\n"
        "penalty is $4,952.40. This letter is your legal notice of that determination.\n"
    )
    e = run(letter(RETURN_ADDRESS, info("CP3219A"), body))
    assert money(e) == {
        "amount_due": Decimal("4952.40"),
        "tax": Decimal("4127.00"),
        "penalties": Decimal("825.40"),
    }


def test_a_sentence_breakdown_that_does_not_add_up_is_left_alone() -> None:
    # The interest quoted is last year's figure, not part of this balance.
    page = letter(RETURN_ADDRESS, info("CP71C"), REMINDER.replace("$430.33", "$130.33"))
    assert money(run(page)) == {"amount_due": Decimal("4117.83")}


def test_a_notice_of_deficiency_table_and_an_earlier_notice_quoted() -> None:
    # CP3219A: the deficiency is the tax; the CP2000's proposed amount due, quoted from an
    # earlier notice, is not this letter's amount due.
    body = (
        "@y=0.3\nWe have determined that there is a deficiency in your income tax as shown below.\n"
        "Our earlier notice CP2000 dated November 13, 2023 proposed\n"
        "an amount due of $3,901.40, which included interest.\n"
        "Tax year ended     Deficiency     Penalty IRC 6662(a)\n"
        "December 31, 2022     $3,114.00     $622.80\n"
    )
    e = run(letter(RETURN_ADDRESS, info("CP3219A"), body))
    assert money(e) == {"tax": Decimal("3114.00"), "penalties": Decimal("622.80")}


def test_a_shared_responsibility_payment_is_the_charge_not_a_payment() -> None:
    # CP14H bills the health-coverage payment; the word "payment" in its label must not
    # make it a payment received.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNOTICE  CP14H\nNOTICE DATE  NOV. 4, 2024\n",
        "@y=0.3\nBILLING SUMMARY\nShared responsibility payment  695.00\n"
        "Interest charges  41.18\nAmount due by Nov. 25, 2024  $736.18\n",
    )
    assert money(run(page)) == {
        "tax": D("695.00"),
        "interest": D("41.18"),
        "amount_due": D("736.18"),
    }


def test_a_table_of_tax_reported_is_not_a_bill() -> None:
    # CP136 lists the tax reported in each lookback quarter and its total: no amount is due
    # and the quarters are not the periods the letter is about.
    cells = grid(
        [
            ["Quarter ending", "Tax reported"],
            ["Sept. 30, 2022", "13,110.22"],
            ["Dec. 31, 2022", "12,984.90"],
            ["Total", "$26,095.12"],
        ],
        top=330.0,
        xs=(40.0, 150.0),
        widths=(90.0, 80.0),
        right=(False, True),
    )
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nCincinnati, OH 45999-0023\n",
        "@x=380\nNotice  CP136\nNotice date  Nov. 18, 2024\n",
        "@y=0.3\nYour deposit requirement for 2025 has changed\n"
        "Tax reported during the lookback period\n",
        extra=cells,
    )
    e = run(page)
    assert money(e) == {}
    assert "tax_periods" not in e.fields
    assert find_tables(view_pages([page], load_labels()), load_labels())[0].billing is False


# --- round-five layouts ---------------------------------------------------------------------


def test_amounts_written_with_usd_before_them() -> None:
    summary = """Billing summary
Tax you owed  USD 6,215.00
Estimated tax payments credited  USD -4,000.00
Interest charges  USD 38.12
Amount due by January 13, 2025  USD 2,253.12
"""
    e = run(cp14(summary, headline="Amount due: USD 2,253.12", voucher_due=""))
    assert money(e) == {
        "tax": D("6215.00"),
        "payments_credits": D("4000.00"),
        "interest": D("38.12"),
        "amount_due": D("2253.12"),
    }


def test_a_dated_list_of_payments_above_the_summary_is_not_added_to_it() -> None:
    # The payments received, listed by date, are already counted in the summary's line.
    listing = """Payments we received
04/15/2024  Payment with Form 4868  $2,500.00
05/20/2024  Online payment  $1,000.00
Billing summary
Tax you owed  $6,650.00
Estimated tax payments credited  -3,500.00
Interest charges  29.65
Amount due by February 20, 2018  $3,179.65
"""
    e = run(cp14(listing, headline="Amount due: $3,179.65", voucher_due=""))
    assert money(e)["payments_credits"] == D("3500.00")


def test_only_the_exact_payments_line_counts_beside_keyword_lines() -> None:
    summary = """Billing summary
Tax you owed  $6,650.00
Online payment  $400.00
Payments and credits  -4,900.00
Amount due by February 20, 2018  $1,750.00
"""
    e = run(cp14(summary, headline="Amount due: $1,750.00", voucher_due=""))
    assert money(e)["payments_credits"] == D("4900.00")


def test_an_overpayment_applied_from_another_account_is_a_credit() -> None:
    summary = """Billing summary
Amount you owed  $2,140.00
Overpayment applied from spouse's account  -1,500.00
Interest charges  12.33
Amount due by February 20, 2018  $652.33
"""
    e = run(cp14(summary, headline="Amount due: $652.33", voucher_due=""))
    assert money(e)["payments_credits"] == D("1500.00")
    # An overpayment on its own is a refund, not part of the bill.
    assert classify_amount_label("Overpayment", load_labels(), fuzzy=False) is None


def test_a_row_of_amounts_by_year_gives_its_total() -> None:
    # Form 4549-A style: one column per year, then the total.
    summary = """Examination summary  |  2021  |  2022  |  Total
Deficiency - increase in tax  1,904.00  2,611.00  4,515.00
Penalty - IRC 6662  380.80  522.20  903.00
Interest computed to 10/31/2024  402.17  318.55  720.72
Balance due  2,686.97  3,451.75  6,138.72
"""
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e) == {
        "tax": D("4515.00"),
        "penalties": D("903.00"),
        "interest": D("720.72"),
        "amount_due": D("6138.72"),
    }


def test_additions_to_tax_named_by_their_failure() -> None:
    summary = """Proposed tax and additions to tax
Deficiency (tax)  $6,810.00
Failure to file - IRC 6651(a)(1)  1,532.25
Failure to pay - IRC 6651(a)(2)  1,021.50
Estimated tax penalty - IRC 6654  219.47
Total deficiency and additions to tax  $9,583.22
"""
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e) == {
        "tax": D("6810.00"),
        "penalties": D("2773.22"),
        "amount_due": D("9583.22"),
    }


def test_tax_after_a_change_is_the_tax_line() -> None:
    assert classify_amount_label("Tax after this change", load_labels(), fuzzy=False) == (
        "tax",
        1.0,
    )


def test_amounts_printed_under_their_labels_in_a_side_box() -> None:
    # LT38's boxed column beside the letter's text: each amount on the line below its label.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nLetter number  LT38\nLetter date  February 5, 2024\n",
        "@y=0.3\nDuring the pandemic we temporarily stopped sending some\n"
        "collection notices. We are resuming normal operations.\n",
        "@y=0.3\n@x=400\nTax\n$2,780.00\nPenalties\n$166.80\nInterest\n$459.32\n"
        "Balance due\n$3,406.12\n",
    )
    assert money(run(page)) == {
        "tax": D("2780.00"),
        "penalties": D("166.80"),
        "interest": D("459.32"),
        "amount_due": D("3406.12"),
    }


def test_a_payments_row_whose_date_ocr_garbled_is_still_a_dated_row() -> None:
    # OCR dropped a slash ("0915/2023") or a digit ("0162024"): the row is still a dated
    # payment, detail the summary's line already counts.
    listing = """Payments we found
04/18/2023  Estimated payment  $1,000.00
0915/2023  Estimated payment  $1,000.00
0162024  Estimated payment  $1,000.00
Billing summary
Tax you owed  $6,215.00
Estimated tax payments credited  -3,000.00
Interest charges  38.12
Amount due by January 13, 2025  $3,253.12
"""
    page = cp14(listing, headline="Amount due: $3,253.12", voucher_due="", ocr=True)
    (view,) = view_pages([page], load_labels())
    named = [ml for ml in money_lines(view, load_labels()) if "Estimated payment" in ml.line.text]
    assert len(named) == 3
    assert all(ml.name is None for ml in named)
    assert money(run(page))["payments_credits"] == D("3000.00")


def test_of_several_payment_lines_the_ones_that_make_the_summary_add_up_are_kept() -> None:
    # Undated detail lines beside the summary line would count the payments twice; only
    # one choice of lines makes tax - payments + interest come to the amount due.
    summary = """Billing summary
Tax you owed  $6,215.00
Estimated payment  $1,000.00
Estimated payment  $1,000.00
Estimated tax payments credited  -2,000.00
Interest charges  38.12
Amount due by January 13, 2025  $4,253.12
"""
    e = run(cp14(summary, headline="Amount due: $4,253.12", voucher_due=""))
    assert money(e)["payments_credits"] == D("2000.00")
    assert not any("add up" in w for w in e.warnings)


def test_several_payment_lines_that_add_up_together_are_all_kept() -> None:
    summary = """Billing summary
Tax you owed  $6,215.00
Estimated payment  $1,000.00
Refund from 2022 applied  $500.00
Interest charges  38.12
Amount due by January 13, 2025  $4,753.12
"""
    e = run(cp14(summary, headline="Amount due: $4,753.12", voucher_due=""))
    assert money(e)["payments_credits"] == D("1500.00")


@pytest.mark.parametrize("ocr", [False, True])
def test_a_label_wrapped_onto_two_lines_still_names_its_amount(ocr: bool) -> None:
    # The amount sits on the label's first line ("Accuracy-related $368.40 / penalty") or on
    # its second ("Interest charged / through the response date $112.55").
    summary = """Billing summary
Increase in tax  $1,842.00
Accuracy-related  $368.40
penalty (IRC 6662)
Interest charged
through the response date  $112.55
Amount you owe  $2,322.95
"""
    e = run(cp14(summary, headline="Amount due: $2,322.95", voucher_due="", ocr=ocr))
    assert money(e) == {
        "tax": D("1842.00"),
        "penalties": D("368.40"),
        "interest": D("112.55"),
        "amount_due": D("2322.95"),
    }
    assert not e.warnings


def test_a_wrapped_label_is_not_joined_to_a_line_of_its_own() -> None:
    # A heading above a line whose label names nothing is no part of that label.
    summary = """Billing summary
Interest charged

Other adjustment  $50.00
Tax you owed  $1,000.00
Amount due by May 6, 2024  $1,050.00
"""
    e = run(cp14(summary, headline="Amount due: $1,050.00", voucher_due=""))
    assert "interest" not in money(e)


def test_an_installment_reminder_bills_the_monthly_payment() -> None:
    # CP521: the stub asks for this month's payment; the account summary adds up to the
    # balance, which is not a mistake to warn about.
    from scanner.api import build_result
    from scanner.options import ScanOptions

    body = """@y=0.3
Installment agreement reminder
Monthly payment  $250.00
Payment due date  June 28, 2024
Account summary
Previous balance  $4,950.00
Payments received  -$250.00
Penalties  $62.30
Interest  $50.25
Balance  $4,812.55
@y=0.85
Monthly payment due Jun. 28, 2024  $250.00
Amount enclosed  $
"""
    page = letter(RETURN_ADDRESS, "@x=380\nNotice  CP521\nNotice date  June 7, 2024\n", body)
    result = build_result("cp521", "pdf-text", [page], [], [], ScanOptions())
    assert result.fields["amount_due"].value == D("250.00")
    assert not any("add up" in w for w in result.warnings)
    # A plan letter that prints an amount due beside the monthly payment is billed that.
    default = body.replace("Balance  $4,812.55", "Amount due  $4,812.55").replace(
        "Monthly payment due Jun. 28, 2024  $250.00", "Amount due by Jun. 28, 2024  $4,812.55"
    )
    page = letter(RETURN_ADDRESS, "@x=380\nNotice  CP523\nNotice date  June 7, 2024\n", default)
    assert money(run(page))["amount_due"] == D("4812.55")


def test_a_payment_plan_sentence_is_no_amount_due() -> None:
    body = """@y=0.3
Billing Summary
Tax you owed  $1,000.00
Amount due by May 6, 2024  $1,000.00
If you can't pay, a monthly payment of $100.00 may be possible.
Proposed monthly payment  $100.00
"""
    page = letter(RETURN_ADDRESS, "@x=380\nNotice  CP14\nNotice date  April 15, 2024\n", body)
    assert money(run(page))["amount_due"] == D("1000.00")


SPANISH_CP14 = """Departamento del Tesoro
Servicio de Impuestos Internos
P.O. Box 9019
Holtsville, NY 00501-9019
@x=380
@y=0.05
Aviso  CP14 (SP)
Año tributario  2023
Fecha del aviso  3 de junio de 2024
@x=40
@y=0.25
Tiene un saldo adeudado de impuestos  |  Cantidad adeudada: $1,835.68
Pagar antes de: 24 de junio de 2024
Resumen de la factura
Impuesto  $2,890.00
Pagos y créditos  -$1,200.00
Multas  $84.50
Intereses  $61.18
Cantidad adeudada  $1,835.68
"""


def test_a_spanish_edition_is_read_like_the_english_one() -> None:
    e = run(letter(SPANISH_CP14))
    assert e.fields["notice_code"].value == "CP14"
    assert e.fields["notice_date"].value == date(2024, 6, 3)
    assert e.fields["due_date"].value == date(2024, 6, 24)
    assert [p.period_end for p in e.fields["tax_periods"].value] == [date(2023, 12, 31)]
    assert money(e) == {
        "tax": D("2890.00"),
        "payments_credits": D("1200.00"),
        "penalties": D("84.50"),
        "interest": D("61.18"),
        "amount_due": D("1835.68"),
    }
    assert not any("add up" in w for w in e.warnings)


def test_payments_the_taxpayer_claimed_are_not_payments_received() -> None:
    # CP24: the return claimed $2,800 of estimated payments; the IRS found $3,417.
    summary = """Billing summary
Estimated payments you claimed  -2,800.00
Estimated payments we found  -3,417.00
Tax you owed  $3,000.00
Amount due by May 6, 2024  $0.00
"""
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e)["payments_credits"] == D("3417.00")


def test_a_plan_in_default_bills_the_amount_past_due() -> None:
    # CP523: the missed payments are what is owed now, not payments made.
    summary = """Installment agreement summary
Monthly payment amount  $250.00
Missed payments  $500.00
Amount past due - pay by June 20, 2024  $500.00
"""
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e)["amount_due"] == D("500.00")
    assert "payments_credits" not in money(e)


def test_a_bare_balance_line_is_the_amount_due() -> None:
    summary = """Account summary
Tax you owed  $5,000.00
Interest  $612.00
Balance  $5,612.00
"""
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e)["amount_due"] == D("5612.00")


def test_a_breakdown_told_amount_first_in_a_sentence() -> None:
    # "$4,400.00 tax, $308.00 penalties": the word after each amount names it; the word
    # before an amount in such a sentence belongs to the amount before.
    body = (
        "@y=0.3\nYou owe $4,988.40 for tax year 2022.\n"
        "This amount includes $4,400.00 tax, $308.00 penalties and $280.40 interest.\n"
    )
    e = run(letter(RETURN_ADDRESS, "@x=380\nLetter  LT16\nLetter date  May 30, 2024\n", body))
    assert money(e) == {
        "tax": D("4400.00"),
        "penalties": D("308.00"),
        "interest": D("280.40"),
        "amount_due": D("4988.40"),
    }


COMPARED_XS = (40.0, 220.0, 340.0)
COMPARED_WIDTHS = (150.0, 90.0, 90.0)
COMPARED_RIGHT = (False, True, True)


@pytest.mark.parametrize(
    ("yours", "ours"),
    [
        ("Your calculations", "IRS calculations"),
        ("As you figured it", "As we figured it"),
        ("Shown on your return", "As corrected"),
    ],
)
def test_a_comparison_table_is_read_in_the_irs_column(yours: str, ours: str) -> None:
    # "Your calculations | IRS calculations": the taxpayer's figure comes first on each row,
    # but the letter is about the IRS's.
    rows = [
        ["", yours, ours],
        ["Total tax", "3,655.00", "4,500.00"],
        ["Total payments", "3,655.00", "3,655.00"],
        ["Amount you owe", "0.00", "845.00"],
    ]
    table = grid(rows, top=300.0, xs=COMPARED_XS, widths=COMPARED_WIDTHS, right=COMPARED_RIGHT)
    e = run(letter(RETURN_ADDRESS, info("CP11"), extra=table))
    assert money(e) == {
        "tax": D("4500.00"),
        "payments_credits": D("3655.00"),
        "amount_due": D("845.00"),
    }
    assert not e.warnings


def test_a_summary_outranks_a_comparison_table() -> None:
    # The comparison explains the change; the summary below it is the bill.
    rows = [
        ["", "As you figured it", "As we figured it"],
        ["Tax before credits", "5,126.00", "5,126.00"],
        ["Credit", "-800.00", "-400.00"],
    ]
    table = grid(rows, top=300.0, xs=COMPARED_XS, widths=COMPARED_WIDTHS, right=COMPARED_RIGHT)
    summary = "@y=0.5\nRefund summary\nTax you owed  $4,726.00\nPayments and credits  -6,402.00\n"
    summary += "Refund due to you  $1,676.00\n"
    e = run(letter(RETURN_ADDRESS, info("CP12"), summary, extra=table))
    assert money(e) == {"tax": D("4726.00"), "payments_credits": D("6402.00")}


ONE_LINE_HEAD = [["Tax period", "Form", "Tax", "Penalty", "Interest", "Balance"]]


def test_a_sentence_just_above_a_table_does_not_name_its_columns() -> None:
    # "balances" in the sentence sat over the "Tax" column and the column lost its name.
    above = [["Please pay the balances listed below or contact us right away."]]
    table = grid(above + ONE_LINE_HEAD + ROWS, top=318.0, xs=XS, widths=WIDTHS, right=RIGHT)
    e = run(letter(LT11_TOP, "@y=0.3\nIntent to seize your property\n", extra=table))
    assert money(e) == TABLE_EXPECTED


def test_a_title_in_larger_type_just_above_a_table_does_not_name_its_columns() -> None:
    title = tuple(
        Word(text, x, 314.0, x + 9.0 * len(text), 328.0, 1.0, 1)
        for text, x in (("Notice", 40.0), ("of", 110.0), ("intent", 140.0), ("to", 205.0),
                        ("levy", 230.0))
    )  # fmt: skip
    table = grid(ONE_LINE_HEAD + ROWS, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    e = run(letter(LT11_TOP, extra=title + table))
    assert money(e) == TABLE_EXPECTED


def test_a_wrapped_column_name_in_small_ocr_boxes_stays_in_the_header() -> None:
    # OCR boxes fit the ink: "owed" (no capital, one ascender, no descender)
    # is shorter than "Penalty", whose y reaches down; the two lines are still one header.
    head = [
        ["Tax period", "Form", "Amount you", "Penalty", "Interest", "Amount due"],
        ["", "", "owed", "", "", ""],
    ]
    words = grid(head + ROWS, top=330.0, xs=XS, widths=WIDTHS, right=RIGHT)
    inked = tuple(
        Word(w.text, w.x0, w.top, w.x1, w.bottom + 5.0, w.conf, w.page) if w.text == "Penalty"
        else Word(w.text, w.x0, w.top + 2.0, w.x1, w.bottom - 1.0, w.conf, w.page)
        if w.text == "owed" else w
        for w in words
    )
    e = run(letter(LT11_TOP, "@y=0.3\nIntent to seize your property\n", extra=inked, ocr=True))
    assert money(e) == TABLE_EXPECTED


def test_a_running_head_just_above_a_table_does_not_name_its_columns() -> None:
    # A later page photographed alone: its running head sits right over the column names.
    head = [["LT11", "", "January 29, 2024", "", "", "Page 2 of 2"]]
    table = grid(head + ONE_LINE_HEAD + ROWS, top=40.0, xs=XS, widths=WIDTHS, right=RIGHT)
    e = run(letter(extra=table, number=2))
    assert money(e) == TABLE_EXPECTED


# --- letters that are not bills ---------------------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        # CP21C: the account was adjusted to nothing owed.
        "Decrease in tax  $412.00\nDecrease in interest  $18.30\n"
        "Balance before this change  $430.30\nAmount due  $0.00\n",
        # Letter 4364C: a penalty and its interest taken off.
        "Failure-to-deposit penalty removed  $1,250.00\nInterest on that penalty removed  $42.16\n"
        "Account balance after adjustment  $0.00\n",
    ],
)
def test_an_adjusted_account_with_nothing_due_bills_nothing(summary: str) -> None:
    e = run(notice_page("CP21C", "Account summary\n" + summary))
    assert money(e) == {"amount_due": D("0.00")}


@pytest.mark.parametrize(
    "summary",
    [
        "Increase in credits  $300.00\nInterest we owe you  $18.44\n",
        "Estimated tax penalty removed  $500.00\nInterest paid to you  $12.40\n",
        "Possible additional tax  $1,628.00\nPossible accuracy penalty  $325.60\n",
    ],
)
def test_figures_owed_to_the_reader_or_only_possible_are_no_bill(summary: str) -> None:
    e = run(notice_page("CP2501", "Summary\n" + summary))
    assert money(e) == {}


def test_a_removed_penalty_printed_as_a_minus_stays_in_the_sum() -> None:
    summary = (
        "Billing Summary\nTax you owed  $3,100.00\nPayments and credits  -$1,800.00\n"
        "Failure-to-file penalty  $146.25\nFailure-to-pay penalty  $65.00\n"
        "Penalty removed (first-time abate)  -$146.25\nInterest  $151.72\n"
        "Amount due  $1,516.72\n"
    )
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e)["penalties"] == D("65.00")
    assert not e.warnings


def test_a_removed_penalty_printed_plain_is_not_charged() -> None:
    summary = (
        "Billing Summary\nTax you owed  $3,000.00\nFailure-to-file penalty removed  $146.25\n"
        "Interest  $100.00\nAmount due  $3,100.00\n"
    )
    e = run(cp14(summary, headline="", voucher_due=""))
    assert money(e) == {"tax": D("3000.00"), "interest": D("100.00"), "amount_due": D("3100.00")}
    assert not e.warnings


def test_a_bilingual_summary_side_by_side_counts_each_line_once() -> None:
    summary = (
        "Tax you owed  $4,460.00  Impuesto adeudado  $4,460.00\n"
        "Payments and credits  -$1,200.00  Pagos y créditos  -$1,200.00\n"
        "Failure-to-pay penalty  $163.00  Multa por pago atrasado  $163.00\n"
        "Interest charges  $207.91  Intereses  $207.91\n"
        "Amount due by Apr. 17, 2024  $3,630.91  Cantidad total adeudada  $3,630.91\n"
    )
    e = run(notice_page("CP501", summary))
    assert money(e) == {
        "tax": D("4460.00"),
        "payments_credits": D("1200.00"),
        "penalties": D("163.00"),
        "interest": D("207.91"),
        "amount_due": D("3630.91"),
    }


def test_a_spanish_period_table() -> None:
    # LT11 (SP): the columns named in Spanish, the periods written out in Spanish.
    head = [
        ["Período tributario", "Formulario", "Cantidad sin pagar", "Multa adicional",
         "Interés adicional", "Cantidad que debe"],
    ]  # fmt: skip
    rows = [
        ["31 de diciembre de 2019", "1040", "$5,000.00", "$250.00", "$120.55", "$5,370.55"],
        ["31 de diciembre de 2020", "1040", "$3,000.00", "", "$80.10", "$3,080.10"],
        ["Total", "", "$8,000.00", "$250.00", "$200.65", "$8,450.65"],
    ]
    xs = (40.0, 170.0, 210.0, 300.0, 390.0, 480.0)
    table = grid(head + rows, top=330.0, xs=xs, widths=(120.0, 30.0, 80.0, 80.0, 80.0, 80.0),
                 right=RIGHT)
    e = run(letter(LT11_TOP, "@y=0.3\nAviso de intención de embargo\n", extra=table))
    assert money(e) == TABLE_EXPECTED
    assert [p.year for p in e.fields["tax_periods"].value] == [2019, 2020]


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Total deficiency and penalty 7", "amount_due"),
        ("Interest charges ~", "interest"),
        ("Failure-to-pay penalty '", "penalties"),
    ],
)
def test_an_ocr_speck_after_a_label_is_left_out(label: str, name: str) -> None:
    found = classify_amount_label(label, load_labels(), fuzzy=True)
    assert found is not None and found[0] == name
