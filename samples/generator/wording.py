"""Body text for the synthetic letters, written for this project (not copied from IRS notices).

Each topic has a heading and a few interchangeable paragraphs. Placeholders in braces are filled
by :func:`samples.generator.layout` and record which ground-truth fields the paragraph shows:
``{amount_due}``, ``{due}``, ``{year}``, ``{year_form}``, ``{period_phrase}``, ``{code}`` show
fields; ``{prev_code}``, ``{prev_date}``, ``{refund}``, ``{fee}``, ``{phone}`` do not.
"""

from __future__ import annotations

TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pay_now": (
        ("What you need to do immediately", "What you need to do", "Pay now"),
        (
            "Pay {amount_due} by {due} so that no more interest is added to this balance. If you "
            "cannot pay all of it, pay what you can now and look at the payment plan options "
            "below.",
            "Send your payment of {amount_due} so that we receive it by {due}. Paying the full "
            "amount by that date stops further interest on the amount shown in this notice.",
            "To avoid more interest and penalties, pay the amount due by {due}. You can pay "
            "online, by phone, or by mailing a check with the payment stub at the bottom of this "
            "page.",
        ),
    ),
    "pay_immediately": (
        ("What you need to do immediately", "Pay the amount you owe now", "Act now"),
        (
            "Pay the amount due of {amount_due} immediately. If you already set up a payment plan "
            "or paid in full, please contact us so we can update your account.",
            "You must pay {amount_due} right away, or call us to discuss how you will resolve "
            "this balance. Penalties and interest keep growing until the balance is paid.",
            "Make your payment of {amount_due} today. If you cannot pay it all, call us at "
            "{phone} before we take further action.",
        ),
    ),
    "pay_options": (
        ("Payment options", "How to pay", "Ways to pay"),
        (
            "Pay online at irs.gov/payments with a bank account, debit card or credit card. "
            "Card processors charge a fee. You can also enroll in the Electronic Federal Tax "
            "Payment System (EFTPS) to schedule payments ahead of time.",
            "Mail a check or money order payable to the United States Treasury with the payment "
            "stub. Write your taxpayer ID number, the tax year and the form number on it, and do "
            "not send cash.",
            "If you need more time, you may qualify for a short-term extension of up to 180 days "
            "or a monthly payment plan. You can apply online or file Form 9465, Installment "
            "Agreement Request.",
        ),
    ),
    "cant_pay": (
        ("If you can't pay the full amount", "Payment plans", "If you need more time"),
        (
            "Contact us to talk about a payment plan. For most balances you can set one up online "
            "in a few minutes without calling. A setup fee may apply, and interest and the "
            "late-payment penalty continue until the balance is paid.",
            "You may be able to settle for less than the full amount with an offer in "
            "compromise (Form 656) if paying would cause a financial hardship. Visit our website "
            "for the pre-qualifier tool before you apply.",
            "If paying now would leave you unable to meet basic living expenses, call us. We may "
            "delay collection until your finances improve, but the balance, penalties and "
            "interest will still grow.",
        ),
    ),
    "disagree": (
        ("If you don't agree", "If you disagree", "If you think we made a mistake"),
        (
            "Call us at {phone} to review your account with an assistor. Have a copy of this "
            "notice and your records, such as cancelled checks or bank statements, close at hand "
            "when you call.",
            "If you think the amount is wrong, write to us at the address at the top of this "
            "notice and explain why. Include copies of any documents that support your position; "
            "keep the originals.",
        ),
    ),
    "already_paid": (
        ("If you already paid", "Recent payments"),
        (
            "If you paid within the last few weeks, your payment may not be reflected here. Check "
            "your balance in your online account before sending money again so you don't pay "
            "twice.",
            "Payments we received after this notice was prepared are not included in the amount "
            "due. If you have already paid the full balance, you don't need to do anything.",
        ),
    ),
    "penalty_ftp": (
        ("Penalties", "Failure-to-pay penalty", "About your penalties"),
        (
            "We charge a penalty when tax is not paid by the due date of the return. It is half "
            "a percent of the unpaid tax for each month or part of a month it stays unpaid, but "
            "no more than 25 percent in total (Internal Revenue Code Section 6651).",
            "The monthly late-payment rate drops to one quarter of a percent while an approved "
            "payment plan is in effect, and it rises to one percent if the tax remains unpaid "
            "more than 10 days after we send a notice of intent to levy.",
        ),
    ),
    "penalty_ftf": (
        ("Failure-to-file penalty", "Late filing penalty"),
        (
            "Your return was filed after its due date, including extensions. The late filing "
            "penalty is 5 percent of the unpaid tax for each month or part of a month the return "
            "was late, up to 25 percent.",
            "Because your return arrived late and showed a balance, a penalty for filing late was "
            "added. When a return is more than 60 days late, a minimum penalty applies.",
        ),
    ),
    "penalty_relief": (
        ("Removal or reduction of penalties", "Penalty relief"),
        (
            "We understand that circumstances such as a serious illness or a natural disaster can "
            "make it hard to meet your tax obligations. You may ask us to remove or reduce a "
            "penalty by calling us or by filing Form 843.",
            "If you have a clean compliance history for the past three years, you may qualify for "
            "first-time penalty relief. Interest charged on a penalty is reduced when the penalty "
            "is removed.",
        ),
    ),
    "interest": (
        ("Interest charges", "Interest"),
        (
            "We are required by law to charge interest on unpaid tax from the original due date "
            "of the return until it is paid in full. Interest is figured daily at the federal "
            "short-term rate plus three percent and compounds every day (Sections 6601 and "
            "6621).",
            "Interest also applies to some penalties. The interest rate is set every quarter, so "
            "the amount you owe will keep rising until the balance is fully paid.",
        ),
    ),
    "prev_notice": (
        ("Our records show", "Previous notices", "Why we are sending this notice"),
        (
            "We sent you a {prev_code} notice on {prev_date} about this balance, but we have not "
            "received full payment. This is a reminder that the amount is still unpaid.",
            "Our earlier notice, {prev_code}, asked you to pay this amount. As of the date of this "
            "notice we have no record of a payment that covers it.",
            "This follows the notice we mailed on {prev_date}. If you set up a payment plan after "
            "that notice, you can disregard this one.",
        ),
    ),
    "lien": (
        ("Notice of Federal Tax Lien", "We may file a lien"),
        (
            "If you don't pay the amount due or call us to make arrangements, we may file a Notice "
            "of Federal Tax Lien. A lien is a public claim against your property, including real "
            "estate and business assets, and it can make borrowing harder.",
            "A filed lien stays in place until the tax is paid or the liability can no longer be "
            "collected. Paying promptly avoids the lien and the costs that come with it.",
        ),
    ),
    "levy": (
        ("Intent to seize your property", "What happens next", "Levy"),
        (
            "If you don't call us or pay the amount due, we may seize (levy) your property or "
            "your rights to property. This can include wages, bank accounts, business assets, "
            "vehicles, and your state tax refund.",
            "We can take your state income tax refund now and apply it to the balance. Before we "
            "levy most other property, we will send you a separate notice that explains your "
            "right to a hearing.",
            "Once we levy, the failure-to-pay penalty increases to one percent per month. Call us "
            "at {phone} right away if a levy would prevent you from paying basic living expenses.",
        ),
    ),
    "passport": (
        ("Denial or revocation of your passport", "Passport certification"),
        (
            "If your total unpaid tax, penalties and interest exceed the threshold set by law "
            "(adjusted each year for inflation), we may certify the debt to the State "
            "Department, which generally won't issue or renew a passport for you.",
            "To keep your balance from being certified as seriously delinquent, pay in full or "
            "set up a payment plan. Certification is reversed when the debt is resolved.",
        ),
    ),
    "cdp": (
        ("Your right to a hearing", "Collection Due Process hearing", "If you want a hearing"),
        (
            "You have the right to request a Collection Due Process hearing with the IRS "
            "Independent Office of Appeals. Send Form 12153 within 30 days from the date of this "
            "letter. A timely request also preserves your right to go to the Tax Court.",
            "If you miss the 30-day deadline you may still ask for an equivalent hearing within "
            "one year, but an equivalent hearing does not stop the levy and its decision cannot "
            "be taken to court.",
            "Enclosed are Publication 594, Publication 1660 and Form 12153. Explain on the form "
            "why you disagree with the proposed levy or which collection alternative you want.",
        ),
    ),
    "tas": (
        ("Taxpayer Advocate Service", "Help from the Taxpayer Advocate"),
        (
            "The Taxpayer Advocate Service is an independent organization within the IRS that can "
            "help if you face financial difficulty or if a problem has not been solved through "
            "normal channels. Its help is free; you can ask for it on Form 911.",
        ),
    ),
    "online_account": (
        ("Your online account", "Go online"),
        (
            "Create or sign in to your online account at irs.gov/account to see your balance, "
            "payment history, and copies of notices we sent you.",
            "Visit our website for answers to common questions, payment options, and a video "
            "that explains this type of notice.",
        ),
    ),
    "privacy": (
        ("Privacy Act and Paperwork Reduction Act notice", "Additional information"),
        (
            "The law allows us to ask for the information in this notice so that we can figure "
            "and collect the right amount of tax. You are not required to respond to a request "
            "that lacks a valid control number, but we may still act on the information we have.",
            "Keep this notice for your records. If you write to us, include a copy of this notice "
            "and a phone number with the best time to reach you.",
        ),
    ),
    "representative": (
        ("Authorizing someone to help you", "Third-party authorization"),
        (
            "You may have a representative, such as an attorney, CPA, or enrolled agent, deal "
            "with us for you. File Form 2848 so we can discuss your account with that person.",
        ),
    ),
    "business_deposits": (
        ("Your tax deposits", "Payments we applied", "Why you owe"),
        (
            "The tax shown on your {period_phrase} was more than the deposits and credits we "
            "applied to that period. Please compare your records with the payments listed in "
            "this notice.",
            "If you made a deposit that is not shown here, it may have been applied to another "
            "period or employer ID number. Send us the date, amount and EFTPS confirmation number "
            "so we can find it.",
        ),
    ),
    "trust_fund": (
        ("Trust fund recovery penalty", "Personal liability for unpaid payroll taxes"),
        (
            "Income and social security taxes withheld from employees are held in trust for the "
            "government. If they are not paid, we may hold responsible officers or employees "
            "personally liable for an amount equal to the unpaid trust fund taxes.",
        ),
    ),
    "underreport": (
        ("Why we are sending this notice", "What we found", "The information we compared"),
        (
            "We compared the income and payments you reported on your {year_form} with "
            "information that employers, banks and other payers reported to us. The amounts do "
            "not match, and we are proposing changes that affect the tax you owe.",
            "The changes are based on the forms listed on the following pages, such as Forms W-2, "
            "1099-INT, 1099-B and 1099-NEC. This is not a bill; it is a proposal that you can "
            "agree with or dispute.",
        ),
    ),
    "cp2000_respond": (
        ("What you need to do", "How to respond", "Respond by the date shown"),
        (
            "Complete the response form, sign it, and send it to us by {due}. If you agree, check "
            "the box that says so. If you disagree, include a signed statement and copies of "
            "documents that support your position.",
            "Do not file an amended return for this year to correct these items; we will make "
            "the changes once we receive your response. If the same issue affects other years, "
            "you should correct those returns.",
            "If we don't hear from you by {due}, we will send you a legal notice proposing the "
            "changes, and you will then have 90 days to petition the Tax Court.",
        ),
    ),
    "penalty_accuracy": (
        ("Accuracy-related penalty", "About the penalty"),
        (
            "An accuracy-related penalty of 20 percent applies to the part of an underpayment "
            "caused by a substantial understatement of income tax (Section 6662). You may explain "
            "why the penalty should not apply.",
        ),
    ),
    "deficiency": (
        ("Notice of deficiency", "Your right to challenge this determination"),
        (
            "This letter is your legal notice that we have determined a deficiency in your "
            "income tax. You can contest it in the United States Tax Court before you pay any of "
            "it by filing a petition by the last day shown.",
            "The time to file a petition is set by law and cannot be extended. Calling us or "
            "sending information does not change the deadline. If you agree, sign and return "
            "Form 5564 so we can assess the tax sooner and limit interest.",
            "You can file a petition electronically, or mail it to the United States Tax Court, "
            "400 Second Street NW, Washington, DC 20217. A simplified procedure is available for "
            "disputes of $50,000 or less per year.",
        ),
    ),
    "math_error": (
        ("Changes to your return", "What we changed", "Why you owe"),
        (
            "We found a miscalculation on your {year_form} and corrected it. The correction "
            "changed the tax or credits on your return, and you now owe the balance shown.",
            "You have 60 days from the date of this notice to ask us to reverse the change. If "
            "you don't, you lose the right to appeal our decision before the tax is assessed.",
            "Compare your return with the figures under Your calculations and IRS calculations "
            "on the next page. If you agree, correct your copy of the return for your records.",
        ),
    ),
    "adjustment": (
        ("Changes to your account", "What we changed"),
        (
            "As a result of changes made to your {year_form}, you owe the amount shown. The "
            "changes may come from an amended return you filed, an examination you agreed to, "
            "or an adjustment you asked us to make.",
            "If you already agreed to these changes with us, you only need to pay the amount "
            "due. If you don't understand why we made them, call us before you pay.",
        ),
    ),
    "nonfiler": (
        ("We have no record of your return", "What you need to do immediately"),
        (
            "Our records show that you have not filed your {year_form}. Based on information "
            "from your employers and other payers, you may be required to file. Please file "
            "your return today.",
            "If you already filed, or you believe you don't have to file, complete Form 15103 "
            "and return it with the stub so we can update your records. If you filed in the last "
            "eight weeks, you don't need to do anything.",
            "If you don't file or contact us, we may prepare a return for you from the "
            "information we have. That return will not include deductions or credits you might "
            "be entitled to.",
        ),
    ),
    "annual": (
        ("Annual reminder", "Your balance"),
        (
            "This is the yearly reminder of the tax, penalties and interest that remain unpaid on "
            "your account. If you are already making payments under an agreement, keep making "
            "them; this notice does not change your agreement.",
            "Even when collection is on hold because of financial hardship, penalties and "
            "interest continue to accrue. Contact us if your financial situation has improved.",
        ),
    ),
    "ia_default": (
        ("Your installment agreement", "We intend to end your payment plan"),
        (
            "Your installment agreement is in default because we did not receive a payment that "
            "was due or because a new balance was added to your account. We intend to end the "
            "agreement and may then levy your wages or bank accounts.",
            "To keep your agreement, pay the missed amount and call us before the date shown. A "
            "reinstatement fee of {fee} may apply. You can request an appeal through the "
            "Collection Appeals Program.",
            "We sent you monthly reminders (CP521) about your scheduled payments. If you filed a "
            "new return with a balance due, you may be able to add it to your agreement.",
        ),
    ),
    "identity": (
        ("We need to verify your identity", "What you need to do"),
        (
            "We received a federal income tax return using your name and taxpayer ID number. To "
            "protect you from identity theft, we need to confirm that you filed it before we "
            "process it.",
            "Verify your identity online at our identity verification site, or call the number "
            "in this letter. Have this letter, the return in question, and a prior-year return "
            "ready. If you did not file the return, tell us so.",
            "Until you verify your identity we will hold the return and any refund. If you "
            "expected a refund of {refund}, it will be released after we finish processing the "
            "return.",
        ),
    ),
    "ip_pin": (
        ("Your Identity Protection PIN", "About your IP PIN"),
        (
            "Your six-digit Identity Protection PIN is shown below. Enter it on your federal "
            "return when you file. Each PIN is good for one calendar year, and a new one is sent "
            "to you each year.",
            "Do not share this PIN with anyone except the tax professional who prepares your "
            "return. We will never ask you for it by phone, email or text message.",
        ),
    ),
    "ira": (
        ("Why you owe", "Additional tax on retirement accounts"),
        (
            "You owe additional tax because you did not take the required minimum distribution "
            "from your retirement account, or because contributions exceeded the yearly limit. "
            "This tax is figured on Form 5329 and is separate from your regular income tax.",
            "If the shortfall was caused by a reasonable error and you are taking steps to fix "
            "it, you may ask us to waive the additional tax. Attach a statement to Form 5329.",
        ),
    ),
    "disaster": (
        ("Disaster relief", "Extra time because of a disaster"),
        (
            "Because you live in a federally declared disaster area, you have extra time to pay. "
            "The due date shown reflects the postponement; no penalty or interest is added for "
            "the postponement period on the amount shown.",
        ),
    ),
    "overpay_applied": (
        ("Credits we applied", "Overpayment from another year"),
        (
            "We applied an overpayment of {refund} from another tax year to this balance. That "
            "amount is already included in the payments and credits shown in the billing summary.",
            "You reported a refund of {refund}. We used it to reduce the amount you owe, so you "
            "will not receive it.",
        ),
    ),
    "refund": (
        ("Your refund", "Changes to your refund"),
        (
            "We corrected a calculation on your {year_form}. As a result, your refund is "
            "{refund} instead of the amount you expected. If you don't owe other debts, you "
            "should receive it within four to six weeks.",
            "You don't need to do anything if you agree. If you disagree, contact us within 60 "
            "days of the date of this notice and we will reverse the change.",
        ),
    ),
    "fed_payments": (
        ("Levy on federal payments", "What we may take"),
        (
            "We intend to levy certain federal payments you receive, such as payments to federal "
            "contractors, federal salary or retirement, and some Social Security benefits. We can "
            "also levy other property, such as wages and bank accounts.",
        ),
    ),
    "lien_filed": (
        ("We filed a Notice of Federal Tax Lien", "About the lien"),
        (
            "We filed a Notice of Federal Tax Lien on the date shown for the taxes listed in this "
            "letter. The lien attaches to all of your property and rights to property, including "
            "property you acquire later.",
            "We will release the lien within 30 days after the balance is paid in full. You can "
            "ask for a certificate of release, or in some cases ask us to withdraw the notice.",
            "The lien is a public record. Lenders and others can find it, even though it no "
            "longer appears on the major credit reports.",
        ),
    ),
    "cdp_lien": (
        ("Your right to a hearing", "Collection Due Process hearing"),
        (
            "You have a right to a hearing with the Independent Office of Appeals about the lien "
            "filing. To request one, send Form 12153 by the date shown in this letter. If you "
            "miss that date, you may still ask for an equivalent hearing within one year.",
        ),
    ),
    "revenue_officer": (
        ("Contact your revenue officer", "Who to contact"),
        (
            "Your account has been assigned to the person named at the top of this letter. Call "
            "{phone} to discuss full payment, a payment plan, or other options before we take "
            "enforced collection action.",
        ),
    ),
    "phone_help": (
        ("When you call", "Calling us"),
        (
            "Our phone lines are busiest on Mondays and in the weeks around the filing deadline. "
            "Have this notice, your prior-year return and any payment records in front of you, "
            "and be ready to confirm your identity.",
            "If you use a relay service because you are deaf or hard of hearing, tell the "
            "operator the number printed on this notice. Interpreters are available on request.",
        ),
    ),
    "spanish": (
        ("Ayuda en español",),
        (
            "Si desea que le expliquemos este aviso en español, llámenos al {phone} y pida "
            "un intérprete. El servicio es gratuito.",
        ),
    ),
    "identity_theft": (
        ("If you think someone used your information", "Identity theft"),
        (
            "If you believe someone else used your taxpayer ID number, file Form 14039, Identity "
            "Theft Affidavit, and keep copies of everything you send. Continue to file your "
            "returns and pay any tax you owe while we look into it.",
        ),
    ),
}

CLOSINGS = (
    "Thank you for your prompt attention to this matter.",
    "Thank you for your cooperation.",
    "If you have questions, call us at {phone}.",
)

ENCLOSURES = (
    ("Publication 594", "Publication 1660", "Form 12153"),
    ("Envelope", "Form 9465"),
    ("Publication 1", "Envelope"),
    ("Response form", "Envelope", "Publication 3498-A"),
    ("Form 5564", "Publication 3498-A", "Envelope"),
    ("Form 668(Y)(c)", "Publication 1660", "Form 12153"),
)
