"""Notice date, due date ('Amount due by', 'Respond by', the Tax Court petition date, a date in a
sentence, 'Amount due immediately') and the hearing deadline, across the layouts of real
letters."""

from __future__ import annotations

from datetime import date

import pytest
from textpage import RETURN_ADDRESS, letter, notice_page, run

from scanner.extract import Extraction
from scanner.extract.common import view_pages
from scanner.extract.dates import due_date, hearing_date, notice_date, reads_as
from scanner.models import PageText
from scanner.patterns import load_labels


def value(e: Extraction, name: str) -> object:
    found = e.fields.get(name)
    return None if found is None else found.value


def cp14(
    notice_line: str = "Notice date  January 30, 2018",
    due_line: str = "Amount due by February 20, 2018  $1,075.21",
    voucher_date: str = "Notice date  January 30, 2018",
    *,
    ocr: bool = False,
) -> PageText:
    return letter(
        RETURN_ADDRESS,
        f"@x=380\nNotice  CP14\nTax year  2017\n{notice_line}\n"
        "Social security number  XXX-XX-1234\nTo contact us  Phone 1-800-829-0922\n"
        "Page 1 of 6\n",
        "@y=0.25\nYou have a balance due for 2017\nAmount due: $1,075.21\n"
        "We sent you a notice about this on November 6, 2017.\n"
        "Billing Summary\nTax you owed  $3,183.00\nPayments and credits  -3,328.00\n"
        "Failure-to-file penalty  318.30\nFailure-to-pay penalty  633.30\n"
        "Interest charges  145.00\nFailure-to-pay estimated tax penalty  123.61\n"
        f"{due_line}\n"
        "@y=0.78\nNotice  CP14\n"
        f"{voucher_date}\n"
        "Social security number  XXX-XX-1234\n"
        "Make your check or money order payable to the United States Treasury.\n"
        f"{due_line}\nAmount you are paying  $\n",
        ocr=ocr,
        conf=0.8 if ocr else 1.0,
    )


# --- notice date ----------------------------------------------------------------------------


def test_stacked_info_block_notice_date() -> None:
    e = run(cp14())
    found = e.fields["notice_date"]
    assert found.value == date(2018, 1, 30)
    assert found.page == 1
    assert "January 30, 2018" in found.evidence
    assert found.confidence >= 0.9
    assert e.warnings == ()


def test_one_line_header_notice_date() -> None:
    page = letter(
        "Notice: CP503 Tax year: 2020 Notice date: December 9, 2024 TIN: XXX-XX-6052 Page 2 of 5\n"
        "@y=0.2\nPay the amount due by December 30, 2024.\n",
        number=2,
    )
    e = run(page)
    assert value(e, "notice_date") == date(2024, 12, 9)
    assert value(e, "due_date") == date(2024, 12, 30)


def test_for_your_reference_box_numeric_date() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nFor your reference\nNotice name  CP14IA\nNotice date  02/10/2020\n"
        "Tax year  2018\nYour caller ID  105437\nYour SSN  XXX-XX-5555\n",
        "@y=0.3\nYou owe additional tax on your IRA for 2018\n"
        "Pay by March 2, 2020 to avoid more interest.\n",
    )
    e = run(page)
    assert value(e, "notice_date") == date(2020, 2, 10)
    assert value(e, "due_date") == date(2020, 3, 2)


def test_label_above_value_in_the_same_column() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice\nCP14\nNotice date\nJanuary 30, 2018\nSocial security number\n"
        "XXX-XX-1234\n",
        "@y=0.3\nYou have a balance due for 2017\n",
    )
    assert value(run(page), "notice_date") == date(2018, 1, 30)


@pytest.mark.parametrize(
    "label",
    ["Date:", "Date of this letter:", "Letter date:", "Date of this notice:"],
)
def test_letter_style_date_label(label: str) -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 8208\n"
        "Philadelphia, PA 19101-8208\n",
        f"@x=380\nLT11\n{label}  March 4, 2024\nTaxpayer ID number:  XXX-XX-1234\n"
        "Case reference number:  1234567890\n",
        "@y=0.3\nIntent to seize your property or rights to property\n"
        "Amount due immediately: $12,345.67\n"
        "We sent you a CP504 on January 8, 2024.\n",
    )
    assert value(run(page), "notice_date") == date(2024, 3, 4)


def test_lone_date_at_the_top_of_a_redesigned_notice() -> None:
    page = letter(
        "Notice CP01A  Tax Year 2025  Page 1 of 1\nDepartment of the Treasury\n"
        "Internal Revenue Service\n\nIRS Notice CP01A\nJanuary 5, 2026\n"
        "@y=0.3\nYour Identity Protection PIN for 2026 is enclosed.\n"
    )
    assert value(run(page), "notice_date") == date(2026, 1, 5)


def test_a_tax_period_is_not_taken_for_a_lone_notice_date() -> None:
    # The notice date's own value is unreadable; the tax period's date is the only date left
    # in the header, and it is labelled as the period.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP503\nTax period  12/31/2018\nNotice date  ovON2019\n",
        "@y=0.3\nAmount due: $381.26\n",
    )
    assert value(run(page), "notice_date") is None


def test_ocr_slips_in_label_and_date() -> None:
    page = cp14(
        notice_line="Notlce date  Apri1 15, 2O24",
        due_line="Arnount due bv May 6, 2024  $1,075.21",
        voucher_date="Notice date  April 15, 2024",
        ocr=True,
    )
    e = run(page)
    found = e.fields["notice_date"]
    assert found.value == date(2024, 4, 15)
    assert found.confidence < 0.99
    assert value(e, "due_date") == date(2024, 5, 6)


def test_body_dates_do_not_become_the_notice_date() -> None:
    # The body names an earlier notice's date; the info block wins without a conflict.
    e = run(cp14())
    assert value(e, "notice_date") == date(2018, 1, 30)


def test_due_date_is_never_taken_for_the_notice_date() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP501\nTax year  2022\nDue date:  July 8, 2024\n",
        "@y=0.3\nReminder: you have an unpaid balance for 2022\n",
    )
    e = run(page)
    assert value(e, "notice_date") != date(2024, 7, 8)
    assert value(e, "due_date") == date(2024, 7, 8)


def test_voucher_misread_loses_to_info_block_and_warns() -> None:
    page = cp14(voucher_date="Notice date  January 20, 2018")
    e = run(page)
    assert value(e, "notice_date") == date(2018, 1, 30)
    assert any("2018-01-20" in w or "January 20, 2018" in w for w in e.warnings)


def test_running_header_on_page_two_agrees() -> None:
    page2 = letter(
        "Notice: CP14 Tax year: 2017 Notice date: January 30, 2018 TIN: XXX-XX-1234 Page 2 of 6\n"
        "@y=0.2\nPenalties\nWe charge a penalty when you don't pay on time.\n",
        number=2,
    )
    e = run(cp14(), page2)
    assert value(e, "notice_date") == date(2018, 1, 30)
    assert e.warnings == ()


# --- due date -------------------------------------------------------------------------------


def test_amount_due_by_in_summary_and_voucher() -> None:
    e = run(cp14())
    found = e.fields["due_date"]
    assert found.value == date(2018, 2, 20)
    assert e.due_kind == "pay"
    assert e.due_immediate is False
    assert found.confidence >= 0.9


@pytest.mark.parametrize("label", ["Amount you owe by", "Total amount you owe by"])
def test_a_summary_closed_by_amount_you_owe_by_gives_the_due_date(label: str) -> None:
    # A business notice with its voucher torn off: only the summary's last line has the date.
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP161\nTax period  March 31, 2024\nNotice date  May 6, 2024\n",
        "@y=0.3\nAccount summary\nTax you owed  $8,640.00\nDeposits and credits  -7,900.00\n"
        f"Penalties  96.80\nInterest  22.15\n{label} May 27, 2024  $858.95\n",
    )
    e = run(page)
    assert e.fields["due_date"].value == date(2024, 5, 27)
    assert e.due_kind == "pay"


@pytest.mark.parametrize("ocr", [False, True])
def test_a_balance_counted_as_of_a_date_gives_no_due_date(ocr: bool) -> None:
    # CP71C: a yearly reminder with no pay-by date; the "as of" date is when it was counted.
    page = notice_page(
        "CP71C",
        "Account summary\nTax  $3,100.00\nPenalties  $512.40\nInterest  $293.30\n"
        "Total amount you owe as of January 29, 2024  $3,905.70\n",
        tax_year="2018",
        notice_date="January 29, 2024",
        ocr=ocr,
    )
    assert "due_date" not in run(page).fields


def test_a_monthly_payment_due_date_is_the_due_date() -> None:
    page = notice_page(
        "CP521",
        "Your installment agreement\nMonthly payment due July 15, 2024:  $275.00\n",
        notice_date="June 24, 2024",
    )
    assert run(page).fields["due_date"].value == date(2024, 7, 15)


def cp504_due_immediately(summary_end: str, sentence: str = "") -> PageText:
    """A CP504 headed "Amount due immediately", its summary closed by ``summary_end``."""
    return letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP504\nTax year  2022\nNotice date  August 5, 2024\n"
        "Social security number  XXX-XX-1234\n",
        "@y=0.3\nIntent to seize your property or rights to property\n"
        f"Amount due immediately: $4,521.90\n{sentence}"
        "Billing Summary\nAmount you owed  $4,400.00\nFailure-to-pay penalty  66.00\n"
        f"Interest charges  55.90\n{summary_end}  $4,521.90\n",
    )


def test_amount_due_immediately_means_no_due_date() -> None:
    sentence = "If you pay by September 4, 2024 you can avoid more penalties.\n"
    e = run(cp504_due_immediately("Amount due immediately", sentence))
    assert "due_date" in e.fields
    assert e.fields["due_date"].value is None
    assert e.due_immediate is True


def test_a_billing_line_with_a_date_beside_amount_due_immediately() -> None:
    # A letter that heads with "Amount due immediately" but closes its summary with
    # "Amount due by <date>  $X" prints a pay-by date; a date in a sentence still does not.
    e = run(cp504_due_immediately("Amount due by August 26, 2024"))
    assert value(e, "due_date") == date(2024, 8, 26)
    assert e.due_immediate is False


def test_respond_by_on_cp2000() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 7704\n"
        "San Francisco, CA 94120-7704\n",
        "@x=380\nNotice  CP2000\nTax year  2022\nNotice date  May 1, 2024\n"
        "Social security number  XXX-XX-1234\n",
        "@y=0.3\nProposed changes to your 2022 Form 1040\nRespond by: May 31, 2024\n"
        "Summary of proposed changes\nTax increase  $1,200.00\n"
        "Interest - if paid by May 31, 2024  $96.40\nProposed amount due  $1,296.40\n"
        "@y=0.8\nResponse form\nRespond by May 31, 2024\n",
    )
    e = run(page)
    assert value(e, "due_date") == date(2024, 5, 31)
    assert e.due_kind == "respond"


@pytest.mark.parametrize(
    "petition",
    [
        "Last day to file a petition with the United States Tax Court:  June 30, 2024\n",
        "Last day to file a petition with the Tax Court:  June 30, 2024\n",
        "The Tax Court cannot extend the time allowed, so the petition must be filed by\n"
        "June 30, 2024, which is the last day to file a petition.\n",
    ],
)
def test_tax_court_petition_date_on_cp3219a(petition: str) -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 9012\n"
        "Holtsville, NY 11742-9012\n",
        "@x=380\nNotice  CP3219A\nTax year  2021\nNotice date  April 1, 2024\n"
        "Social security number  XXX-XX-1234\n",
        "@y=0.3\nNotice of Deficiency\n" + petition
        + "We determined that you owe additional tax of $2,310.00 for 2021.\n",
    )
    e = run(page)
    assert value(e, "due_date") == date(2024, 6, 30)
    assert e.due_kind == "respond"


def test_due_date_inside_a_sentence() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP503\nTax year  2016\nNotice date  January 30, 2017\n",
        "@y=0.3\nWe haven't received your payment.\n"
        "Pay the amount due of $9,533.53 by February 20, 2017 to avoid more penalties.\n",
    )
    e = run(page)
    assert value(e, "due_date") == date(2017, 2, 20)
    assert e.due_kind == "pay"


def test_due_label_and_date_in_separate_cells() -> None:
    page = cp14(due_line="Amount due by  |  February 20, 2018  |  $1,075.21")
    assert value(run(page), "due_date") == date(2018, 2, 20)


def test_ocr_amount_due_by() -> None:
    page = cp14(due_line="Arnount due bv February 20, 2018  $1,O75.2l", ocr=True)
    assert value(run(page), "due_date") == date(2018, 2, 20)


def test_no_due_date_when_the_letter_prints_none() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP12\nTax year  2023\nNotice date  May 20, 2024\n",
        "@y=0.3\nWe changed your 2023 return to correct a miscalculation.\n"
        "Your refund  $612.00\nYou should receive it within 2 to 3 weeks.\n",
    )
    e = run(page)
    assert "due_date" not in e.fields
    assert e.due_kind is None


# --- hearing deadline -----------------------------------------------------------------------


def test_hearing_deadline_on_a_lien_letter() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nP.O. Box 145566\n"
        "Cincinnati, OH 45250-5566\n",
        "@x=380\nDate:  August 19, 2024\nTaxpayer identification number:  XXX-XX-2468\n",
        "@y=0.3\nNotice of Federal Tax Lien Filing and Your Right to a Hearing Under IRC 6320\n"
        "Last day to request a hearing:  September 20, 2024\n"
        "@y=0.95\nLetter 3172 (Rev. 2-2021)\n",
    )
    e = run(page)
    assert e.hearing_date is not None
    assert e.hearing_date.value == date(2024, 9, 20)
    assert value(e, "notice_date") == date(2024, 8, 19)


def test_cdp_hearing_deadline_on_letter_1058() -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nSpringfield, IL 62701\n",
        "@x=380\nDate:  June 10, 2024\nTaxpayer ID number:  XXX-XX-4321\n",
        "@y=0.3\nFinal Notice\nNotice of Intent to Levy and Notice of Your Right to a Hearing\n"
        "Please respond immediately.\nAmount due immediately: $8,450.65\n"
        "Request a Collection Due Process hearing by:  July 10, 2024\n"
        "@y=0.95\nLetter 1058 (Rev. 7-2022)\n",
    )
    e = run(page)
    assert e.hearing_date is not None and e.hearing_date.value == date(2024, 7, 10)
    assert value(e, "notice_date") == date(2024, 6, 10)
    # The hearing deadline is not a pay-by date: the amount is due immediately.
    assert e.due_immediate is True
    assert value(e, "due_date") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "You may request a hearing with our Independent Office of Appeals; your request must be\n"
        "received by April 1, 2024.\n",
        "You can request a Collection Due Process hearing by sending Form 12153 so that\n"
        "we receive it by April 1, 2024.\n",
    ],
)
def test_hearing_deadline_told_in_a_sentence(sentence: str) -> None:
    page = letter(
        "Department of the Treasury\nInternal Revenue Service\nCincinnati, OH 45250-5566\n",
        "@x=380\nDate:  February 26, 2024\nTaxpayer ID:  XXX-XX-2468\n",
        "@y=0.3\nNotice of Federal Tax Lien Filing and Your Right to a Hearing\n" + sentence
        + "@y=0.95\nLetter 3172 (Rev. 2-2021)\n",
    )
    e = run(page)
    assert e.hearing_date is not None and e.hearing_date.value == date(2024, 4, 1)
    assert value(e, "due_date") is None


def test_individual_functions_on_one_view() -> None:
    labels = load_labels()
    views = view_pages([cp14()], labels)
    warnings: list[str] = []
    found = notice_date(views, labels, warnings)
    assert found is not None and found.value == date(2018, 1, 30)
    due = due_date(views, labels, warnings)
    assert due.field is not None and due.field.value == date(2018, 2, 20)
    assert due.kind == "pay"
    assert hearing_date(views, labels) is None
    assert warnings == []


# --- a garbled date worked out from the other one ---------------------------------------------


def test_garbled_notice_date_is_worked_out_from_the_due_date() -> None:
    # CP14 pays by the notice date + 21 days; both printed notice dates lost two characters.
    page = cp14(
        notice_line="Notice date  OlBO/2018",
        voucher_date="Notice date  O6OO/2018",
        due_line="Amount due by 02/20/2018  $1,075.21",
        ocr=True,
    )
    e = run(page)
    found = e.fields["notice_date"]
    assert found.value == date(2018, 1, 30)
    assert found.confidence == 0.5
    assert "notice_date" in e.mended
    assert any("hard to read" in w and "January 30, 2018" in w for w in e.warnings)


@pytest.mark.parametrize(
    "garbled",
    [
        "O9/77/2O18",  # three slips from 01/30/2018: too many to call it a reading of it
        "01/32/2017",  # the year is part of the evidence and must be intact
        "see below",
    ],
)
def test_a_notice_date_too_far_from_the_rule_is_not_worked_out(garbled: str) -> None:
    page = cp14(
        notice_line=f"Notice date  {garbled}",
        voucher_date=f"Notice date  {garbled}",
        due_line="Amount due by 02/20/2018  $1,075.21",
        ocr=True,
    )
    assert value(run(page), "notice_date") is None


def test_text_layer_dates_are_never_worked_out() -> None:
    # A text layer has no OCR slips: a date it prints wrong stays unread.
    page = cp14(
        notice_line="Notice date  01/32/2018",
        voucher_date="Notice date  01/32/2018",
        due_line="Amount due by 02/20/2018  $1,075.21",
    )
    e = run(page)
    assert value(e, "notice_date") is None and not e.mended


def test_garbled_due_date_is_worked_out_from_the_notice_date() -> None:
    page = cp14(due_line="Amount due by 02/29/2018  $1,075.21", ocr=True)  # no such day
    e = run(page)
    found = e.fields["due_date"]
    assert found.value == date(2018, 2, 20) and found.confidence == 0.5
    assert e.due_kind == "pay"


def test_respond_by_date_works_out_a_cp2000_notice_date() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP2000\nNotice date  January 32, 2025\nTax year  2023\n"
        "Social security number  XXX-XX-1234\n",
        "@y=0.3\nWe are proposing changes to your 2023 tax return\n"
        "Proposed amount due: $1,208.55\nRespond by: March 2, 2025\n",
        ocr=True,
        conf=0.8,
    )
    assert value(run(page), "notice_date") == date(2025, 1, 31)


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("0600/2019", True),
        ("ovON2019", True),
        ("january 32. 2025", False),  # tested against May 3, 2019 below: another date
        ("May 8, 2019", True),
        ("3 Mey 2019", True),
        ("2019-O5-03", True),
        ("05/03/2018", False),
        ("12/17/2019", False),
    ],
)
def test_reads_as(garbled: str, expected: bool) -> None:
    assert reads_as(garbled, date(2019, 5, 3)) is expected


def test_a_pay_by_sentence_that_wraps_before_its_date() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  LT16\nNotice date  May 30, 2024\n",
        "@y=0.3\nWe have not received a return from you. Pay the amount you owe or call us\n"
        "by June 20, 2024 to avoid enforcement action.\n",
    )
    assert value(run(page), "due_date") == date(2024, 6, 20)


def test_a_reply_deadline_told_as_the_end_of_a_period() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nLetter  1153\nLetter date  June 3, 2024\n",
        "@y=0.3\nIf you don't agree, you have 60 days from the date of this letter\n"
        "(until August 2, 2024) to appeal our proposed assessment.\n",
    )
    assert value(run(page), "due_date") == date(2024, 8, 2)
    # "until" a date that ends nothing the reader must do is no deadline.
    accrues = letter(
        RETURN_ADDRESS,
        "@x=380\nLetter  1153\nLetter date  June 3, 2024\n",
        "@y=0.3\nInterest was figured until August 2, 2024 on the unpaid balance.\n",
    )
    assert value(run(accrues), "due_date") is None


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("We have no record of your 2022 return. File it by August 26, 2024.", date(2024, 8, 26)),
        ("File your 2022 return by April 5, 2024 or call us.", date(2024, 4, 5)),
        (
            "Please send the missing Form W-2 and Schedule 8812 by June 28, 2024.",
            date(2024, 6, 28),
        ),
        ("Mail the signed form to us by July 1, 2024.", date(2024, 7, 1)),
        ("Please verify your identity no later than July 8, 2024.", date(2024, 7, 8)),
        ("You have until July 8, 2024 to verify your identity.", date(2024, 7, 8)),
        # The IRS's own promise is no date the reader must keep.
        ("Your case needs more research. We expect to send you our reply by July 15, 2024.", None),
        ("We expect to reply by July 15, 2024.", None),
        # ... but a reply the reader owes stays one, whoever else the sentence names.
        ("We will adjust your account unless you respond by July 15, 2024.", date(2024, 7, 15)),
        # The deadline the letter is about, long past, is not the date to reply by.
        ("You had to file your 2022 return by April 18, 2023.", None),
        ("You were required to file your 2022 return by April 18, 2023.", None),
    ],
)
def test_a_reply_date_inside_a_sentence(sentence: str, due: date | None) -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nNotice  CP518\nNotice date  March 15, 2024\n",
        f"@y=0.3\n{sentence}\n",
    )
    e = run(page)
    assert value(e, "due_date") == due
    if due is not None:
        assert e.due_kind == "respond"


def test_response_due_label() -> None:
    page = letter(
        RETURN_ADDRESS,
        "@x=380\nLetter  950\nLetter date  June 3, 2024\nResponse due:  July 31, 2024\n",
        "@y=0.3\nWe are proposing changes to your 2021 tax.\n",
    )
    assert value(run(page), "due_date") == date(2024, 7, 31)


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("Cantidad adeudada antes del 6 de mayo de 2024  $503.54", date(2024, 5, 6)),
        ("Pagar antes del 1º de mayo de 2024", date(2024, 5, 1)),
        ("Responda antes del 12 DE FEBRERO DE 2024", date(2024, 2, 12)),
    ],
)
def test_spanish_due_dates(line: str, due: date) -> None:
    page = letter(
        "Departamento del Tesoro\nServicio de Impuestos Internos\n",
        "@x=380\nAviso  CP14\nFecha del aviso  15 de abril de 2024\n",
        "@y=0.3\n" + line + "\n",
    )
    assert value(run(page), "due_date") == due


def test_a_spanish_hearing_deadline_in_a_sentence() -> None:
    page = letter(
        "Departamento del Tesoro\nServicio de Impuestos Internos\n",
        "@x=380\nCarta  LT11 (SP)\nFecha  25 de marzo de 2024\n",
        "@y=0.3\nCantidad adeudada de inmediato: $7,433.25\n"
        "Tiene derecho a solicitar una audiencia de debido proceso de cobro antes del\n"
        "24 de abril de 2024.\n",
    )
    e = run(page)
    assert e.hearing_date is not None and e.hearing_date.value == date(2024, 4, 24)
    assert e.due_immediate is True
