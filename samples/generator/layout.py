"""Compose a letter's pages from blocks and record which truth keys each page shows."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from samples.generator import blocks, voucher
from samples.generator.common import money
from samples.generator.content import Letter
from samples.generator.draw import PAGE_H, Doc
from samples.generator.style import (
    Ctx,
    Style,
    choose_fonts,
    period_label_for,
    tin_label_for,
)
from samples.generator.wording import CLOSINGS, ENCLOSURES, TOPICS

FILLER = ("interest", "penalty_relief", "online_account", "tas", "representative", "privacy",
          "pay_options", "cant_pay", "phone_help", "identity_theft", "spanish")
RIGHTS = (
    "The right to be informed", "The right to quality service",
    "The right to pay no more than the correct amount of tax",
    "The right to challenge the IRS's position and be heard",
    "The right to appeal an IRS decision in an independent forum", "The right to finality",
    "The right to privacy", "The right to confidentiality", "The right to retain representation",
    "The right to a fair and just tax system",
)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A drawn PDF, the truth keys per page, and the variant description."""

    pdf: bytes
    shown: dict[int, set[str]]
    pages: int
    spec: dict[str, Any]


def _rev(rng: random.Random, year: int) -> str:
    y = rng.randint(max(2012, year - 6), year)
    return f"{rng.randint(1, 12)}-{y}"


def choose_style(letter: Letter, rng: random.Random, header: str | None = None) -> Style:
    """Pick the visual variant of a letter (``header`` forces the header style)."""
    spec = letter.spec
    if spec.style == "letter":
        drawn = "letter" if spec.code != "LT11" or rng.random() < 0.5 else "stacked"
    else:
        drawn = rng.choices(("stacked", "oneline", "reference"), weights=(55, 30, 15))[0]
    header = header or drawn
    lo, hi = spec.pages
    pages = rng.randint(lo, hi)
    if spec.code == "CP2000" and pages < 3 and rng.random() < 0.6:
        pages = 3
    has_money = letter.money != "none"
    summary_page = 1
    if has_money and pages >= 2:
        p2 = 0.7 if letter.money == "table" else 0.15
        if letter.money == "balance_table":
            p2 = 0.4
        summary_page = 2 if rng.random() < p2 else 1
    code_label = rng.choice(spec.printed)
    if spec.style == "cp" and rng.random() < 0.06:
        code_label = code_label.replace("CP", "CP ")
    date_style = "numeric" if rng.random() < (0.7 if header == "reference" else 0.12) else "long"
    noise = [n for n, p in (("internal", 0.35), ("sb", 0.3), ("control", 0.5),
                            ("barcode", 0.3), ("seal", 0.6)) if rng.random() < p]
    style = Style(
        header=header,
        cont_header=rng.choices(("full", "short", "page-only"), weights=(50, 25, 25))[0],
        date_style=date_style,
        period_label=period_label_for(rng, letter),
        tin_label="",
        margin_l=rng.uniform(34, 66), margin_r=rng.uniform(34, 60), top=rng.uniform(26, 52),
        pages=pages,
        summary_page=summary_page,
        summary_place=rng.choice(("full", "left", "right")),
        voucher=rng.random() < spec.voucher,
        qr=spec.style == "cp" and letter.money in ("billing", "desc", "table")
        and rng.random() < 0.45,
        leaders=rng.random() < 0.3,
        colon_labels=rng.random() < 0.8,
        noise=noise,
        footer=spec.style == "letter" or rng.random() < 0.3,
        rev=_rev(rng, letter.notice_date.year),
        code_label=code_label,
        headline_box=rng.random() < 0.25,
        voucher_period=rng.random() < 0.4,
    )
    style.tin_label = tin_label_for(rng, letter, header)
    return style


def _paragraphs(ctx: Ctx) -> list[tuple[str | None, str, set[str]]]:
    """The body: headings and paragraphs with the truth keys they show."""
    rng, spec = ctx.rng, ctx.letter.spec
    topics = [t for t in spec.topics if t != "overpay_applied" or ctx.letter.refund]
    money_words = ("interest", "penalty_relief", "pay_options", "cant_pay")
    topics += [t for t in FILLER if t not in topics
               and (ctx.letter.money != "none" or t not in money_words)]
    out: list[tuple[str | None, str, set[str]]] = []
    for topic in topics:
        headings, paras = TOPICS[topic]
        filled = [f for f in (ctx.fill(p) for p in paras) if f is not None]
        if not filled:
            continue
        k = min(len(filled), 1 if topic.startswith("pay_") else rng.choice((1, 2, 2, 3)))
        first = True
        for text, keys in rng.sample(filled, k):
            out.append((rng.choice(headings) if first else None, text, keys))
            first = False
    return out


class Composer:
    """Draws all pages of one letter."""

    def __init__(self, letter: Letter, rng: random.Random, header: str | None = None) -> None:
        self.letter = letter
        self.rng = rng
        self.style = choose_style(letter, rng, header)
        self.doc = Doc(choose_fonts(rng))
        self.ctx = Ctx(letter, self.style, self.doc, rng)
        self.paras = _paragraphs(self.ctx)
        self.para_i = 0

    # -- pieces ---------------------------------------------------------------------------

    def letterhead(self, y: float) -> float:
        """IRS return address at the top left."""
        doc, ctx = self.doc, self.ctx
        size = doc.fonts.size - 0.5
        x = ctx.L
        if "seal" in self.style.noise:
            doc.c.setLineWidth(1.2)
            doc.c.circle(x + 14, y - 10, 13, stroke=1, fill=0)
            doc.text(x + 14, y - 13.5, "IRS", bold=True, size=9, align="center")
            x += 34
        for i, line in enumerate(self.letter.office.lines):
            doc.text(x, y - i * size * 1.3, line, size=size, bold=i < 2 and self.rng.random() < 0.3)
        y -= len(self.letter.office.lines) * size * 1.3
        if "sb" in self.style.noise:
            doc.text(ctx.L, y - 4, "SB", size=7)
            y -= 10
        return y

    def address(self, y: float) -> float:
        """The taxpayer's name and address, with an optional mail bar code above it."""
        doc, ctx, rng = self.doc, self.ctx, self.rng
        size = doc.fonts.size + rng.choice((0.0, 0.5, 1.0))
        x = ctx.L + rng.uniform(0, 30)
        if "control" in self.style.noise:
            doc.text(x, y, f"{rng.randint(1000, 9999)}.{rng.randint(1000, 9999)}."
                     f"{rng.randint(100, 999)}  {rng.choice(('AT', 'SP', 'MX'))} "
                     f"{rng.randint(0, 9)}.{rng.randint(100, 999)}  {rng.randint(100, 999)}",
                     font="Courier", size=7)
            y -= 12
        if rng.random() < 0.7:
            doc.imb(x, y - 2, rng)
            y -= 16
        font = doc.fonts.mono if rng.random() < 0.5 else doc.fonts.regular
        for line in (*self.letter.party.name_lines, *self.letter.party.address_lines):
            doc.text(x, y, line, font=font, size=size)
            y -= size * 1.3
        return y

    def headline(self, y: float) -> float:
        """The bold title and the 'Amount due' line."""
        lt, doc, ctx, rng = self.letter, self.doc, self.ctx, self.rng
        titles = [f for f in (ctx.fill(t) for t in lt.spec.titles) if f is not None]
        title, keys = titles[rng.randrange(len(titles))] if titles else (
            "You have unpaid taxes", set())
        hs = doc.fonts.head_size
        if self.style.header == "letter" and rng.random() < 0.5:
            for part in doc.wrap(title, ctx.width * 0.9, bold=True, size=hs * 0.85):
                doc.text(306, y, part, bold=True, size=hs * 0.85, align="center")
                y -= hs
            doc.show(keys)
        else:
            y = doc.paragraph(ctx.L, y, title, ctx.width * 0.75, bold=True, size=hs,
                              leading=hs * 1.2, keys=keys)
        line, lkeys = self._amount_line()
        if line:
            size = hs * rng.uniform(0.9, 1.15)
            base = y - size * 0.5
            if self.style.headline_box:
                bw = max(ctx.width * 0.62, doc.text_width(line, size) + 14)
                doc.box(ctx.L - 6, base - 6, bw, size + 10, width=1.0, fill=0.93)
            doc.text(ctx.L, base, line, bold=True, size=size, keys=lkeys)
            y = base - size * 1.3
        else:
            y -= 4
        if lt.code in ("CP2000",) and lt.due_date is not None:
            doc.text(ctx.L, y, f"Respond by: {ctx.d(lt.due_date)}", bold=True, size=hs * 0.9,
                     keys={"due"})
            y -= hs * 1.4
        if lt.code == "CP3219A" and lt.due_date is not None:
            size = doc.fonts.size + 1.5
            label = "Last day to file a petition with the United States Tax Court:"
            when = ctx.d(lt.due_date)
            if doc.text_width(f"{label} {when}", size) < ctx.width * 0.8:
                doc.text(ctx.L, y, f"{label} {when}", bold=True, size=size, keys={"due"})
            else:
                doc.text(ctx.L, y, label, bold=True, size=size)
                y -= size * 1.3
                doc.text(ctx.L, y, when, bold=True, size=size, keys={"due"})
            y -= size * 1.3 + 6
        if lt.code == "LTR5071C" and lt.due_date is not None:
            label = rng.choice(("Please respond by", "Respond by:", "Reply by"))
            doc.text(ctx.L, y, f"{label} {ctx.d(lt.due_date)}", bold=True, keys={"due"})
            y -= doc.fonts.size * 1.8
        if lt.code == "CP14C" and lt.due_date is not None and rng.random() < 0.6:
            doc.text(ctx.L, y, f"Postponed payment date: {ctx.d(lt.due_date)}", bold=True,
                     keys={"due"})
            y -= doc.fonts.size * 1.8
        if lt.code == "CP12" and lt.refund:
            doc.text(ctx.L, y, f"Refund due: {money(lt.refund)}", bold=True, size=hs)
            y -= hs * 1.5
        if self.style.qr:
            doc.qr(ctx.W - 62, y + 18, 56, rng)
            label = rng.choice(("Scan to pay", "Pay online", "irs.gov/payments"))
            doc.text(ctx.W - 62, y + 8, label, size=6.5)
        return y

    def _amount_line(self) -> tuple[str, set[str]]:
        lt = self.letter
        if lt.amount_due is None or lt.code in ("LTR3172", "CP3219A"):
            return "", set()
        amount = money(lt.amount_due)
        if lt.immediate:
            return f"Amount due immediately: {amount}", {"amount_due"}
        if lt.money == "proposed":
            return f"Proposed amount due: {amount}", {"amount_due"}
        if lt.money == "balance_table":
            label = self.rng.choice(("Amount you owe", "Total amount you owe", "Balance due"))
            return f"{label}: {amount}", {"amount_due"}
        return f"Amount due: {amount}", {"amount_due"}

    def money_here(self, y: float) -> float:
        """Draw the money block where the style puts it."""
        ctx = self.ctx
        place = self.style.summary_place
        wide = self.letter.money in ("table", "balance_table") and self.letter.business
        if self.letter.money == "table" or wide:
            return blocks.money_block(ctx, ctx.L, y, ctx.width)
        w = min(310.0, ctx.width * 0.62)
        if self.letter.money == "balance_table":
            w = ctx.width * 0.8
        x = ctx.L if place != "right" else ctx.W - w
        if place == "full":
            w = ctx.width * 0.8
        return blocks.money_block(ctx, x, y, w) - 4

    def body(self, y: float, bottom: float, *, last: bool) -> float:
        """Draw as many paragraphs as fit between ``y`` and ``bottom``."""
        doc, ctx = self.doc, self.ctx
        size = doc.fonts.size
        lead = size * 1.3
        width = ctx.width * self.rng.choice((0.92, 0.97, 1.0))
        while self.para_i < len(self.paras):
            heading, text, keys = self.paras[self.para_i]
            lines = doc.wrap(text, width)
            need = len(lines) * lead + (size * 2.6 if heading else size * 0.8)
            if y - need < bottom:
                if last or y - (lead * 3 + size * 2.6) < bottom:
                    break
                # a paragraph may break across the page only at a line boundary
                fit = int((y - bottom - (size * 2.6 if heading else 0)) / lead)
                if fit < 3:
                    break
                if heading:
                    doc.text(ctx.L, y, heading, bold=True, size=size + 1)
                    y -= size * 1.7
                for line in lines[:fit]:
                    doc.text(ctx.L, y, line)
                    y -= lead
                doc.show(keys)
                self.paras[self.para_i] = (None, " ".join(lines[fit:]), keys)
                return y
            if heading:
                y -= size * 0.9
                doc.text(ctx.L, y, heading, bold=True, size=size + 1)
                y -= size * 1.7
            y = doc.paragraph(ctx.L, y, text, width, leading=lead, keys=keys)
            y -= size * 0.5
            self.para_i += 1
        return y

    def footer(self, page: int, y: float = 30) -> None:
        """Form number and revision at the bottom of the page."""
        st, doc = self.style, self.doc
        if not st.footer:
            return
        if self.letter.spec.footer:
            text = self.letter.spec.footer.format(rev=st.rev)
        else:
            text = f"{self.letter.code} (Rev. {st.rev})"
        if self.rng.random() < 0.5 or page > 1 or self.style.voucher:
            doc.text(self.ctx.L, y, text, size=7.5, keys={"code"})
        else:
            doc.text(self.ctx.W, y, text, size=7.5, keys={"code"}, align="right")
        if self.rng.random() < 0.4:
            doc.text(306, y, f"Catalog Number {self.rng.randint(10000, 99999)}"
                     f"{self.rng.choice('ABCDEFGHJKLMN')}", size=6.5, align="center")

    # -- pages ----------------------------------------------------------------------------

    def top_of_page_one(self) -> float:
        """Letterhead, info header, noise, address block; returns the next free baseline."""
        doc, ctx, st, lt, rng = self.doc, self.ctx, self.style, self.letter, self.rng
        top = PAGE_H - st.top
        if st.header == "oneline":
            hy = blocks.draw_header(ctx, top, 1)
            ly = self.letterhead(top - 16)
        else:
            ly = self.letterhead(top)
            hy = blocks.draw_header(ctx, top, 1)
        if "internal" in st.noise and st.header != "oneline":
            doc.text(ctx.W, hy, f"Internal use only: {rng.randint(10, 99)}{rng.choice('HKMX')}",
                     size=7, align="right")
            hy -= 12
        if "barcode" in st.noise:
            doc.barcode(ctx.W - 150, hy - 22, 140, 16, rng)
            hy -= 30
        ay = self.address(min(ly - 22, PAGE_H - 128 - rng.uniform(0, 30)))
        if lt.code == "CP01A" and rng.random() < 0.7:
            doc.text(ctx.L, ay - 6, f"IRS Notice {st.code_label}", size=doc.fonts.size,
                     keys={"code"})
            ay -= 18
        y = min(ay, hy) - rng.uniform(14, 30)
        if st.header == "letter" and rng.random() < 0.5:
            doc.text(ctx.L, y, "Dear Taxpayer:" if rng.random() < 0.5 else
                     f"Dear {lt.party.name_lines[0].title()}:")
            y -= doc.fonts.size * 2.2
        return y

    def page_one(self) -> None:
        """Top of the page, headline, special boxes, money (maybe), body, voucher."""
        doc, ctx, st, lt, rng = self.doc, self.ctx, self.style, self.letter, self.rng
        y = self.headline(self.top_of_page_one())
        if lt.code == "LTR3172":
            y = voucher.lien_info(ctx, y)
        if lt.code == "CP01A":
            y = voucher.ip_pin_box(ctx, y - 6)
        if lt.code == "CP12" and rng.random() < 0.6:
            y = voucher.refund_box(ctx, y)
        bottom = (voucher.VOUCHER_H + 40) if st.voucher else 58
        if lt.money != "none" and st.summary_page == 1:
            if y - blocks.money_block_height(ctx) < bottom:
                # no room: the summary moves to page 2, or a one-page letter loses its stub
                if st.pages > 1:
                    st.summary_page = 2
                else:
                    st.voucher = False
                    bottom = 58
            if st.summary_page == 1:
                y = self.money_here(y - 4)
        self.body(y - 6, bottom + 12, last=st.pages == 1)
        if st.pages > 1:
            doc.text(ctx.W, bottom, "Continued on back..." if rng.random() < 0.7
                     else "Continued on next page", size=doc.fonts.size - 0.5, align="right")
        if st.voucher:
            if st.footer:
                self.footer(1, voucher.VOUCHER_H + 24)
            voucher.voucher(ctx, voucher.VOUCHER_H + 12)
        else:
            self.footer(1)

    def later_page(self, page: int) -> None:
        """A continuation page: running header, scheduled blocks, body, closing on the last."""
        ctx, st, lt = self.ctx, self.style, self.letter
        y = blocks.running_header(ctx, PAGE_H - st.top, page) - 8
        last = page == st.pages
        if page == 2 and st.summary_page == 2 and lt.money != "none":
            y = self.money_here(y - 6) - 6
        if page == 2 and lt.code == "CP11":
            y = voucher.cp11_calculations(ctx, y - 6)
        if page == 2 and lt.code == "CP2000":
            y = voucher.cp2000_payers(ctx, y - 6)
        if last and lt.code == "CP2000" and st.pages >= 3:
            y = self.body(y, 400, last=True)
            voucher.cp2000_response(ctx, y - 14)
            self.footer(page)
            return
        if page == 3 and self.rng.random() < 0.5:
            y = self.rights(y - 6)
        y = self.body(y, 110 if last else 60, last=last)
        if last:
            self.closing(y - 10)
        self.footer(page)

    def rights(self, y: float) -> float:
        """A short list of taxpayer rights."""
        doc, ctx = self.doc, self.ctx
        size = doc.fonts.size
        doc.text(ctx.L, y, "Your rights as a taxpayer", bold=True, size=size + 1)
        y -= size * 1.7
        for right in self.rng.sample(RIGHTS, k=self.rng.randint(4, 10)):
            doc.text(ctx.L + 10, y, f"- {right}")
            y -= size * 1.35
        return y - size

    def closing(self, y: float) -> None:
        """Closing line, signature for letters, enclosures."""
        doc, ctx, rng, lt = self.doc, self.ctx, self.rng, self.letter
        if y < 90:
            return
        filled = ctx.fill(rng.choice(CLOSINGS))
        if filled:
            doc.text(ctx.L, y, filled[0])
            y -= doc.fonts.size * 2.2
        if self.style.header == "letter" and y > 90:
            doc.text(ctx.L, y, "Sincerely,")
            doc.text(ctx.L, y - 30, lt.contact.split(" ", 1)[1])
            doc.text(ctx.L, y - 42, rng.choice(("Revenue Officer", "Operations Manager",
                                                 "Collection Support Manager")))
            y -= 60
        if y > 80 and rng.random() < 0.7:
            doc.text(ctx.L, y, "Enclosures:", bold=True)
            for item in rng.choice(ENCLOSURES):
                y -= doc.fonts.size * 1.3
                doc.text(ctx.L + 10, y, item)

    def render(self) -> Rendered:
        """Draw every page and return the PDF with its truth keys."""
        self.page_one()
        for page in range(2, self.style.pages + 1):
            self.doc.next_page()
            self.later_page(page)
        pdf = self.doc.finish()
        spec = {"notice": self.letter.code, **self.style.to_spec(),
                "font": self.doc.fonts.family, "font_size": self.doc.fonts.size,
                "money": self.letter.money, "due_rule": self.letter.due_rule,
                "periods": len(self.letter.periods),
                "audience": "business" if self.letter.business else "individual"}
        return Rendered(pdf, {p: set(k) for p, k in self.doc.shown.items()}, self.style.pages,
                        spec)


def render_letter(letter: Letter, rng: random.Random, header: str | None = None) -> Rendered:
    """Lay out and draw a letter as a text-layer PDF."""
    return Composer(letter, rng, header).render()
