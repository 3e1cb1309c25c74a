"""The notice code (CP14, CP504B, LT11, LTR1058, ...) and its canonical form.

A letter prints its own code in the info block, on the voucher and in the form footer ("Notice
CP14 (Rev. 10-2023)"), and often mentions other codes in its body ("we sent you a CP14").
Every occurrence is scored by where it sits and how it is introduced; OCR slips are undone by
trying each reading of the confusable characters and keeping readings that are real codes
(so "CP5O4" is CP504 and "CP141" next to IRA wording is CP14I, not a business notice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from scanner.catalog import Catalog, normalize_alias
from scanner.extract.common import PageView, Region, segment_at
from scanner.extract.values import repair_digits
from scanner.models import Field, Line
from scanner.patterns import Labels

_LOOK = "0-9OoIlSBZ"
# OCR may double the C of a code in a smudged cell ("CcP501").
_CP = regex.compile(
    rf"(?<![A-Za-z0-9])(?:[Cc](?=[Cc]\s?[Pp]))?[Cc]\s?[Pp][\s\-–]?"
    rf"(?P<body>[{_LOOK}]{{1,4}}[A-Z!]{{0,2}})(?![A-Za-z0-9])"
)
_LT = regex.compile(
    rf"(?<![A-Za-z0-9])L\s?T[\s\-–]?(?P<body>[{_LOOK}]{{1,4}}[A-Z]?)(?![A-Za-z0-9])"
)
_LETTER = regex.compile(
    r"(?<![A-Za-z0-9])(?P<word>Letter|LETTER|LTR|Ltr|Carta|CARTA)\.?\s?(?:No\.?\s?|#\s?)?"
    rf"(?P<body>(?=[{_LOOK}]*\d)[{_LOOK}]{{1,5}}(?:-?[A-Z]{{1,2}})?)(?![A-Za-z0-9])"
)
# A numbered notice that is not a CP ("Notice 1444-C (Rev. 3-2021)", "Notice 6419"): read in
# the letter family, and only as a code the catalog or the known list has, since inserts are
# numbered the same way ("Notice 746, Information About Your Notice").
_NUMBERED_NOTICE = regex.compile(
    r"(?<![A-Za-z0-9])(?:Notice|NOTICE)\s(?P<body>\d{3,4}(?:-?[A-Z])?)(?![A-Za-z0-9])"
)
# Words before a code that make it a reference to another notice, not this letter's own code.
_REFERENCE = regex.compile(
    r"(?i)(?:sent(?:\s+you)?|mailed|received|receive|earlier|previous|prior|last|next|"
    r"following|called|another|may\s+send|will\s+send|get)\s+(?:a|an|the|our|your)?\s*"
    r"(?:notice\s+|letter\s+)?$"
)
# A form revision after a code: "(Rev. 10-2023)", "(SP)", or the bare date "(08-2024)".
_REVISION = regex.compile(r"^\s*(?:\(?\s*(?:Rev|SP|sp)\b|\(\d{1,2}-(?:\d{2}|\d{4})\))")
# A suffix letter OCR read as a digit, a lower-case look-alike or a mark ("CP14l" and
# "CP14!" are CP14I).
_SUFFIX_LOOKALIKES = {"1": "I", "l": "I", "!": "I", "8": "B"}


@dataclass(frozen=True, slots=True)
class CodeHit:
    """One occurrence of a code on the page, scored."""

    code: str
    score: float
    line: Line
    start: int
    end: int
    conf: float
    region: Region
    structural: bool


def readings(prefix: str, body: str) -> list[tuple[str, int]]:
    """Every canonical reading of a printed code body, with the number of repairs it needs."""
    out: list[tuple[str, int]] = []
    for cut in range(1, len(body) + 1):
        head, tail = body[:cut], body[cut:]
        digits = repair_digits(head)
        if not digits.isdigit() or (digits.startswith("0") and prefix != "CP"):
            continue
        if len(digits) < 2:
            continue  # no real code has a one-digit number ("CPIGH" is not CP1GH)
        repairs = sum(a != b for a, b in zip(head, digits, strict=True))
        suffix = ""
        for ch in tail:
            if ch.isalpha() and ch.isupper():
                suffix += ch
            elif ch in _SUFFIX_LOOKALIKES:
                suffix += _SUFFIX_LOOKALIKES[ch]
                repairs += 1
            else:
                break
        else:
            out.append((f"{prefix}{digits}{suffix}", repairs))
    return out


def _suffix(code: str) -> str:
    """The letters after a code's number ("IA" of CP14IA)."""
    return regex.sub(r"^[A-Z]+\d+", "", code)


def best_reading(
    prefix: str, body: str, catalog: Catalog, *, exact: bool = False
) -> tuple[str, float] | None:
    """The most plausible canonical code for a printed body, with a validity factor 0..1.
    With ``exact`` (a text layer, which has no OCR slips) the body is taken as printed."""
    best: tuple[str, float] | None = None
    for code, repairs in readings(prefix, body.replace("-", "")):
        if exact and repairs:
            continue  # "CP518" on a text layer is CP518, never the known CP51B
        canonical = catalog.canonical(code) or code
        if canonical in catalog.notices:
            validity = 1.0
        elif catalog.is_known(canonical):
            validity = 0.9
        elif repairs or len(_suffix(canonical)) > 2:
            # A code nobody knows is believed only as printed: once characters had to be
            # swapped to make it one, or it ends in three letters, it is an OCR invention
            # ("CPS2IGA" for CP3219A).
            continue
        else:
            validity = 0.45
        validity -= 0.12 * repairs
        if best is None or validity > best[1]:
            best = (canonical, validity)
    if not exact and (best is None or best[1] < 0.5):
        # No code anyone knows: OCR may have read a speck beside a real one as a digit
        # ("CP6501" for CP501). Only an end of the number is dropped (a digit gone from the
        # middle is a misread, and "CP164" is not CP14). A catalog code so made is taken if
        # only one is, and believed less than any code read as printed.
        shorter: dict[str, float] = {}
        for rest in (body[1:], body[:-1]):
            found = best_reading(prefix, rest, catalog, exact=True)
            if found is not None and found[0] in catalog.notices:
                shorter[found[0]] = found[1]
        if len(shorter) == 1:
            ((code, validity),) = shorter.items()
            return code, validity - 0.4
    return best


def _candidates(line: Line, catalog: Catalog, *, ocr: bool) -> list[tuple[str, float, int, int]]:
    found = []
    for pattern, prefix in ((_CP, "CP"), (_LT, "LT"), (_LETTER, "LTR")):
        for m in pattern.finditer(line.text):
            spaced = _spaced_suffix(line.text, m, prefix, catalog)
            if spaced is not None:
                found.append(spaced)
                continue
            alias = catalog.canonical(m.group())
            if alias is not None:
                found.append((alias, 1.0, m.start(), m.end()))
                continue
            reading = best_reading(prefix, m.group("body"), catalog, exact=not ocr)
            if reading is not None:
                found.append((reading[0], reading[1], m.start(), m.end()))
    for m in _NUMBERED_NOTICE.finditer(line.text):
        code = "LTR" + m.group("body").replace("-", "")
        if catalog.is_known(code):
            found.append((code, 1.0, m.start(), m.end()))
    return found


def _spaced_suffix(
    text: str, m: regex.Match[str], prefix: str, catalog: Catalog
) -> tuple[str, float, int, int] | None:
    """A code whose suffix stands apart at the end of its cell ("CP 504 B"), when the suffix
    makes it a real code (not "CP14 I owe")."""
    spaced = _SPACED_SUFFIX.match(text, m.end())
    if spaced is None:
        return None
    whole = best_reading(prefix, m.group("body") + spaced.group(1), catalog, exact=True)
    if whole is None or not catalog.is_known(whole[0]):
        return None
    return whole[0], whole[1], m.start(), spaced.end()


_SPACED_SUFFIX = regex.compile(r" ([A-Z]{1,2})(?=\s*(?:$|\t|[(),;]))")


def find_codes(views: Sequence[PageView], labels: Labels, catalog: Catalog) -> list[CodeHit]:
    """Every code occurrence in the letter with its score."""
    hits: list[CodeHit] = []
    for view in views:
        for line in view.page.lines:
            found = _candidates(line, catalog, ocr=view.ocr or view.page.over_scan)
            if view.ocr:
                found += _slipped_candidates(line, found, labels, catalog)
            for code, validity, start, end in found:
                region = view.region(line)
                context, structural = _context_score(line, start, end, region, labels, view.ocr)
                head = view.running_head(line)
                if not structural and head is not None and start < head.end():
                    # Its cells may run together, but a running head names the letter.
                    context, structural = 1.0, True
                words = line.words_in(start, end)
                conf = min((w.conf for w in words), default=1.0)
                hits.append(
                    CodeHit(code, validity * context, line, start, end, conf, region, structural)
                )
    return hits


# A token OCR made of a code: "cPt14", "cri4", "cPso4", "P2000" (the C lost), "LTI1".
_SLIPPED = regex.compile(r"^[\W_]*(?P<token>[A-Za-z(][A-Za-z0-9|!]{2,7})[\W_]*$")
_CP_HEADS = ("CP", "CR", "GP", "CF", "CB", "(P", "P")
_LT_HEADS = ("LT", "LI", "L1", "IT", "UT")


def read_slipped_code(token: str, catalog: Catalog) -> str | None:
    """The real code an OCR-mangled token most likely is, or None. Only readings that are
    codes in the catalog (or real codes it knows of) are accepted, so this never invents."""
    m = _SLIPPED.match(token)
    if m is None:
        return None
    text = m.group("token").upper()
    for heads, prefix in ((_CP_HEADS, "CP"), (_LT_HEADS, "LT")):
        for head in heads:
            if not text.startswith(head):
                continue
            rest = text[len(head) :]
            # One stray letter between the prefix and the number ("CPT14") is allowed.
            for body in (rest, rest[1:]) if len(rest) > 2 else (rest,):
                reading = best_reading(prefix, body, catalog)
                if reading is not None and catalog.is_known(reading[0]):
                    return reading[0]
    return None


def _slipped_candidates(
    line: Line, found: list[tuple[str, float, int, int]], labels: Labels, catalog: Catalog
) -> list[tuple[str, float, int, int]]:
    """Codes OCR mangled, read only where a code is expected: right after a 'Notice' label,
    or just before a form revision '(Rev. ...)'."""
    out = []
    taken = [(s, e) for _, _, s, e in found]
    words = line.words
    for word, start in zip(words, line.starts, strict=True):
        end = start + len(word.text)
        if any(s < end and e > start for s, e in taken):
            continue
        before = line.text[max(0, start - 16) : start]
        after = line.text[end : end + 8]
        label = labels.notice_code.search(before, fuzzy=True)
        placed = (label is not None and not before[label.end :].strip(" :\t")) or bool(
            _REVISION.match(after)
        )
        if not placed:
            continue
        code = read_slipped_code(word.text, catalog)
        if code is not None:
            out.append((code, 0.75, start, end))
    return out


# Words that may share a cell with the letter's own code without making it running text.
_CELL_WORDS = regex.compile(
    r"(?i)^(?:irs|notice|notice:|number|name|code|no\.?|#|letter|page|\d+|of|\(sp\)|sp|"
    r"\(?rev\.?|\(?\d{1,2}-\d{2,4}\)?|[\W_]+)$"
)  # the last: marks alone, a rule or a speck OCR read beside the code ("_CP503")


def _context_score(
    line: Line, start: int, end: int, region: Region, labels: Labels, fuzzy: bool
) -> tuple[float, bool]:
    """How strongly one occurrence says 'this is the letter's code', and whether it stands
    in a cell of its own (info block, voucher, footer) rather than in running text."""
    text = line.text
    seg_start, seg_end = segment_at(line, start)
    before = text[seg_start:start]
    after = text[end:seg_end]
    label_zone = before
    if not before.strip() and seg_start > 0:
        # Stacked info block: the label sits in the cell to the left ("Notice <tab> CP14").
        prev_start, prev_end = segment_at(line, max(0, seg_start - 2))
        label_zone = text[prev_start:prev_end]
    labelled = False
    for hit in labels.notice_code.finditer(label_zone, fuzzy=fuzzy):
        gap = label_zone[hit.end :]
        if len(gap) <= 3 and not gap.strip(" :#.-\t"):
            labelled = True
    colon_label = labelled and ":" in label_zone[-4:]
    revision = bool(_REVISION.match(after))
    others = [w for w in (before + " " + after).split() if not _CELL_WORDS.match(w)]
    structural = len(others) == 0 or colon_label or revision
    if structural:
        score = 1.0 + (0.6 if labelled else 0.0) + (0.5 if revision else 0.0)
        score *= 1.0 if region != "body" else 0.75
    else:
        score = 0.2 + (0.15 if labelled else 0.0)
    if _REFERENCE.search(before):
        score *= 0.25
    return score, structural


def notice_code(
    views: Sequence[PageView],
    labels: Labels,
    catalog: Catalog,
    *,
    letter_like: bool,
    warnings: list[str] | None = None,
    hits: Sequence[CodeHit] | None = None,
) -> Field[str] | None:
    """This letter's own code, or None when no occurrence is convincing enough.

    One occurrence standing in its own cell (info block, voucher, footer) is enough. Codes
    seen only inside sentences count for little together (an article about notices mentions
    many), and only on a page that otherwise looks like an IRS letter. When another code also
    stands in a cell of its own, ``warnings`` is told. ``hits`` are the occurrences
    :func:`find_codes` gives, when the caller has them already.
    """
    if hits is None:
        hits = find_codes(views, labels, catalog)
    if not hits:
        return None
    standing: dict[str, float] = {}
    running: dict[str, float] = {}
    for hit in hits:
        bucket = standing if hit.structural else running
        bucket[hit.code] = bucket.get(hit.code, 0.0) + hit.score
    totals = {
        code: standing.get(code, 0.0) + min(0.45, running.get(code, 0.0))
        for code in set(standing) | set(running)
    }
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    code, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < 1.0 and not (letter_like and score >= 0.35):
        return None
    best = max((h for h in hits if h.code == code), key=lambda h: h.score)
    margin = score / (score + runner_up)
    confidence = min(0.99, margin * min(1.0, 0.55 + score / 4) * (0.5 + 0.5 * best.conf))
    evidence = " ".join(best.line.text[best.start : best.end].split())
    rivals = [other for other, total in standing.items() if other != code and total >= 1.0]
    if warnings is not None and rivals:
        # A misread cell ("CP501" as "CP504" in a blurred footer) or two letters in one file.
        warnings.append(
            f"The notice code reads as {code} on most of the letter but as "
            f"{' and '.join(sorted(rivals))} elsewhere; using {code}. Check the code printed "
            "at the top right of the letter."
        )
    return Field(code, round(confidence, 3), best.line.page, evidence)


def canonical_code(printed: str, catalog: Catalog) -> str | None:
    """Canonical form of a printed code ('Letter 1058' -> 'LTR1058', 'CP 504b' -> 'CP504B')."""
    alias = catalog.canonical(printed)
    if alias:
        return alias
    key = normalize_alias(printed)
    for pattern, prefix in ((_CP, "CP"), (_LT, "LT"), (_LETTER, "LTR")):
        m = pattern.fullmatch(printed.strip()) or pattern.fullmatch(key)
        if m:
            reading = best_reading(prefix, m.group("body").upper(), catalog)
            return reading[0] if reading else None
    return None
