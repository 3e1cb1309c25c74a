"""What each notice says: its title, money layout, due-date rule and body topics."""

from __future__ import annotations

from dataclasses import dataclass, field

# money: billing (Billing Summary), desc (Description / Amount), proposed (CP2000 style),
#        table (per-period table with owed / penalty / interest / total), balance_table (one
#        balance column and a total), none.
# due:   21 (pay by, usually notice + 21 days), immediate, respond30, petition90, hearing30,
#        disaster, optional30, none.


@dataclass(frozen=True, slots=True)
class NoticeSpec:
    """Static facts about one notice code, used to build and lay out a letter."""

    code: str
    printed: tuple[str, ...]  # how the code is printed in headers ("CP14", "Letter 1058")
    audience: str  # individual | business | either
    style: str  # cp | letter
    titles: tuple[str, ...]
    money: str
    due: str
    topics: tuple[str, ...]
    pages: tuple[int, int] = (1, 3)
    voucher: float = 1.0  # probability of a tear-off stub on page 1
    multi: float = 0.0  # probability of several tax periods
    prev: tuple[str, ...] = ()
    footer: str = ""  # e.g. "Letter 1058 (Rev. 7-2022)"
    in_catalog: bool = True
    extra: dict[str, float] = field(default_factory=dict)


_PAY = ("pay_options", "cant_pay", "disagree", "already_paid")
_FILL = ("online_account", "tas", "representative", "privacy")

SPECS: dict[str, NoticeSpec] = {
    s.code: s
    for s in (
        NoticeSpec(
            "CP14", ("CP14",), "individual", "cp",
            ("You have a balance due for {year}", "Balance due on your {year} taxes",
             "We changed your account; you owe tax for {year}"),
            "billing", "21",
            ("pay_now", *_PAY, "penalty_ftf", "penalty_ftp", "interest", "penalty_relief", "lien",
             "overpay_applied", *_FILL),
            pages=(1, 4),
        ),
        NoticeSpec(
            "CP14I", ("CP14I",), "individual", "cp",
            ("You owe additional tax on your retirement account for {year}",
             "Balance due: additional tax on IRAs and other plans for {year}"),
            "billing", "21",
            ("ira", "pay_now", *_PAY, "penalty_ftp", "interest", *_FILL),
            pages=(1, 3),
        ),
        NoticeSpec(
            "CP14C", ("CP14C",), "individual", "cp",
            ("You have a balance due for {year} (disaster postponement)",),
            "billing", "disaster",
            ("disaster", "pay_now", *_PAY, "penalty_ftp", "interest", *_FILL),
            pages=(1, 3), in_catalog=False,
        ),
        NoticeSpec(
            "CP501", ("CP501",), "individual", "cp",
            ("Reminder: You have unpaid taxes for {year}", "Reminder: balance due for {year}",
             "You have a balance due"),
            "desc", "21",
            ("prev_notice", "pay_now", *_PAY, "lien", "penalty_ftp", "interest", *_FILL),
            pages=(1, 3), prev=("CP14",),
        ),
        NoticeSpec(
            "CP503", ("CP503",), "individual", "cp",
            ("Second reminder: You have unpaid taxes for {year}", "Important: unpaid taxes for "
             "{year}", "Second reminder: balance due"),
            "desc", "21",
            ("prev_notice", "pay_now", *_PAY, "lien", "levy", "penalty_ftp", "interest", *_FILL),
            pages=(1, 4), prev=("CP14", "CP501"),
        ),
        NoticeSpec(
            "CP504", ("CP504",), "individual", "cp",
            ("Intent to seize your property or rights to property",
             "Notice of intent to levy: you have unpaid taxes"),
            "desc", "immediate",
            ("pay_immediately", "levy", "prev_notice", "passport", "lien", "cant_pay",
             "penalty_ftp", "interest", "disagree", *_FILL),
            pages=(2, 4), multi=0.35, prev=("CP503", "CP501", "CP14"),
        ),
        NoticeSpec(
            "CP504B", ("CP504B",), "business", "cp",
            ("Intent to seize your property or rights to property",
             "Notice of intent to levy: your business has unpaid taxes"),
            "desc", "immediate",
            ("pay_immediately", "levy", "business_deposits", "trust_fund", "lien", "cant_pay",
             "penalty_ftp", "interest", "disagree", *_FILL),
            pages=(2, 4), multi=0.4, prev=("CP161",),
        ),
        NoticeSpec(
            "CP161", ("CP161",), "business", "cp",
            ("Request for payment: balance due", "You have unpaid tax on your {period_short}",
             "Notice of unpaid balance"),
            "billing", "21",
            ("pay_now", "business_deposits", *_PAY, "penalty_ftp", "interest", "trust_fund",
             *_FILL),
            pages=(1, 3),
        ),
        NoticeSpec(
            "LT11", ("LT11",), "either", "letter",
            ("Notice of intent to levy and notice of your right to a hearing",
             "Final notice of intent to levy and your Collection Due Process right to a hearing"),
            "table", "immediate",
            ("pay_immediately", "levy", "cdp", "passport", "lien", "cant_pay", "tas", "privacy"),
            pages=(2, 4), voucher=0.85, multi=0.6, prev=("CP504", "CP504B"),
            footer="LT11 (Rev. {rev})",
        ),
        NoticeSpec(
            "LTR1058", ("Letter 1058", "LTR 1058", "Letter 1058"), "either", "letter",
            ("Final notice: notice of intent to levy and notice of your right to a hearing",
             "Final Notice - Notice of Intent to Levy and Notice of Your Right to a Hearing"),
            "table", "immediate",
            ("pay_immediately", "revenue_officer", "levy", "cdp", "passport", "lien", "tas",
             "privacy"),
            pages=(2, 4), voucher=0.6, multi=0.7, prev=("CP504",),
            footer="Letter 1058 (Rev. {rev})",
        ),
        NoticeSpec(
            "CP90", ("CP90",), "individual", "cp",
            ("Final notice: intent to levy certain assets and your right to a hearing",
             "Intent to seize your property or rights to property"),
            "desc", "immediate",
            ("pay_immediately", "fed_payments", "cdp", "levy", "passport", "cant_pay", *_FILL),
            pages=(2, 4), multi=0.3, prev=("CP504",),
        ),
        NoticeSpec(
            "CP2000", ("CP2000",), "individual", "cp",
            ("Proposed changes to your {year_form}",
             "We are proposing changes to your {year} tax return"),
            "proposed", "respond30",
            ("underreport", "cp2000_respond", "penalty_accuracy", "interest", "representative",
             "online_account", "privacy"),
            pages=(2, 4), voucher=0.5,
        ),
        NoticeSpec(
            "CP3219A", ("CP3219A",), "individual", "cp",
            ("Notice of deficiency", "Notice of deficiency: proposed increase in tax for {year}"),
            "proposed", "petition90",
            ("deficiency", "penalty_accuracy", "interest", "tas", "representative", "privacy"),
            pages=(2, 4), voucher=0.0, prev=("CP2000",),
        ),
        NoticeSpec(
            "LTR3172", ("Letter 3172", "LTR 3172"), "either", "letter",
            ("Notice of Federal Tax Lien Filing and Your Right to a Hearing Under IRC 6320",),
            "balance_table", "hearing30",
            ("lien_filed", "cdp_lien", "cant_pay", "tas", "privacy"),
            pages=(1, 3), voucher=0.0, multi=0.5, prev=("CP504", "LT11"),
            footer="Letter 3172 (Rev. {rev})",
        ),
        NoticeSpec(
            "CP11", ("CP11",), "individual", "cp",
            ("Changes to your {year_form}", "We made changes to your {year} tax return"),
            "billing", "21",
            ("math_error", "pay_now", *_PAY, "penalty_ftp", "interest", *_FILL),
            pages=(2, 4),
        ),
        NoticeSpec(
            "CP22A", ("CP22A",), "individual", "cp",
            ("Changes to your {year_form}", "We changed your {year} account"),
            "billing", "21",
            ("adjustment", "pay_now", *_PAY, "penalty_ftp", "interest", *_FILL),
            pages=(1, 3),
        ),
        NoticeSpec(
            "CP59", ("CP59",), "individual", "cp",
            ("We have no record of your {year} tax return", "Your {year} tax return is missing"),
            "none", "none",
            ("nonfiler", "disagree", "representative", "online_account", "privacy"),
            pages=(1, 3), voucher=0.7,
        ),
        NoticeSpec(
            "CP71C", ("CP71C",), "individual", "cp",
            ("Annual reminder: you still owe taxes", "Reminder of your balance due"),
            "balance_table", "none",
            ("annual", "passport", "cant_pay", "already_paid", *_FILL),
            pages=(1, 3), voucher=0.6, multi=0.6,
        ),
        NoticeSpec(
            "CP523", ("CP523",), "individual", "cp",
            ("Intent to terminate your installment agreement",
             "Notice of default on your payment plan"),
            "desc", "21",
            ("ia_default", "pay_now", "levy", "cant_pay", "disagree", *_FILL),
            pages=(1, 3), extra={"due30": 0.5},
        ),
        NoticeSpec(
            "LTR5071C", ("Letter 5071C", "5071C"), "individual", "letter",
            ("We need to verify your identity", "Verify your identity to process your return"),
            "none", "optional30",
            ("identity", "representative", "privacy"),
            pages=(1, 3), voucher=0.0, footer="Letter 5071C (Rev. {rev})",
        ),
        NoticeSpec(
            "CP01A", ("CP01A",), "individual", "cp",
            ("Your Identity Protection PIN", "Here is your Identity Protection PIN"),
            "none", "none",
            ("ip_pin", "online_account", "privacy"),
            pages=(1, 2), voucher=0.0, in_catalog=False,
        ),
        NoticeSpec(
            "CP12", ("CP12",), "individual", "cp",
            ("Changes to your {year_form}: refund due", "We changed your {year} return"),
            "none", "none",
            ("refund", "disagree", "online_account", "privacy"),
            pages=(1, 3), voucher=0.0, in_catalog=False,
        ),
    )
}

#: The codes the committed set and the benchmark cover, in a fixed order.
CODES: tuple[str, ...] = tuple(SPECS)
