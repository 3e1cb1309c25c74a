"""Invented taxpayers, businesses, addresses, IRS offices and contact numbers."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST = (
    "JAMES", "MARIA", "ROBERT", "LINDA", "DAVID", "PATRICIA", "KEVIN", "ANGELA", "TOMAS",
    "NGOC", "PRIYA", "SAMUEL", "ELENA", "MARCUS", "DENISE", "OWEN", "FATIMA", "GRETA", "HECTOR",
    "IVY", "JONAH", "KEIKO", "LUCAS", "MIRIAM", "NATHAN", "OLIVIA", "PAUL", "ROSA", "STEFAN",
    "TANYA", "VICTOR", "WANDA", "YUSUF", "ZOE", "CARLOS", "BRENDA", "DWAYNE", "ESTHER",
)
LAST = (
    "QUINTERO", "HALVORSEN", "MBEKI", "OKAFOR", "LINDQVIST", "BRANNIGAN", "TRAN", "KOWALSKI",
    "DESMOND", "FAIRWEATHER", "GUTIERREZ", "HOLLOWAY", "IBARRA", "JANKOWSKI", "KRUEGER",
    "LACHANCE", "MONTOYA", "NAKAMURA", "OYELARAN", "PETTIGREW", "RASMUSSEN", "SALAZAR",
    "THORNBURY", "UDALL", "VANTERPOOL", "WEXLER", "YOUNGBLOOD", "ZAMORA", "ABERNATHY",
    "BOLDUC", "CASTELLANO", "DRUMMOND", "ELLSWORTH", "FONTAINE", "GALLOWAY", "HUXLEY",
)
STREETS = (
    "MAPLE", "HARRIS", "CEDAR RIDGE", "OLD MILL", "LAKEVIEW", "SYCAMORE", "PRAIRIE WIND",
    "BIRCHWOOD", "CANYON", "HIGHLAND", "JUNIPER", "ORCHARD", "RIVERBEND", "SUMMIT", "WILLOW",
    "FOXGLOVE", "GRANITE", "HAWTHORN", "MEADOWLARK", "PINE HOLLOW", "QUARRY", "TIMBER",
)
STREET_KINDS = ("ST", "AVE", "RD", "DR", "LN", "CT", "BLVD", "WAY", "PL", "TRL")
# Real place names with invented ZIP codes that do not match them.
PLACES = (
    ("SPRINGFIELD", "IL"), ("FAIRVIEW", "OR"), ("GREENVILLE", "SC"), ("MADISON", "WI"),
    ("CLINTON", "IA"), ("FRANKLIN", "TN"), ("GEORGETOWN", "KY"), ("SALEM", "MA"),
    ("ARLINGTON", "TX"), ("BRISTOL", "VA"), ("DAYTON", "OH"), ("AURORA", "CO"),
    ("LEXINGTON", "NE"), ("MILFORD", "CT"), ("OXFORD", "MS"), ("RIVERSIDE", "CA"),
    ("TROY", "NY"), ("WINCHESTER", "NV"), ("HUDSON", "FL"), ("CANTON", "GA"),
)
BIZ_WORDS = (
    "BLUE HERON", "SUMMIT RIDGE", "COPPERLEAF", "NORTHGATE", "IRONWOOD", "SILVER CREEK",
    "RED BARN", "HARBORLIGHT", "KEYSTONE", "PINECREST", "TRILLIUM", "WESTFIELD",
)
BIZ_KINDS = (
    "LANDSCAPING", "DENTAL GROUP", "AUTO REPAIR", "BAKERY", "ROOFING", "CONSULTING",
    "PLUMBING & HEATING", "CAFE", "FLOORING", "LOGISTICS", "HOME CARE", "PRINTING",
)
BIZ_SUFFIX = ("LLC", "INC", "CO", "LLP", "CORP", "")

# IRS campus cities; box numbers and ZIP+4 suffixes are invented.
IRS_CITIES = (
    ("Kansas City, MO", "64999"), ("Austin, TX", "73301"), ("Ogden, UT", "84201"),
    ("Fresno, CA", "93888"), ("Philadelphia, PA", "19255"), ("Holtsville, NY", "11742"),
    ("Cincinnati, OH", "45999"), ("Memphis, TN", "38101"), ("Atlanta, GA", "39901"),
    ("Charlotte, NC", "28201"), ("Andover, MA", "01810"), ("Chamblee, GA", "30341"),
)
CONTACT_NAMES = (
    "Ms. R. Delacroix", "Mr. T. Abernathy", "Ms. K. Alvarez", "Mr. D. Oyelaran", "Mrs. P. Kim",
    "Mr. J. Stroud", "Ms. L. Varga", "Mr. H. Bellamy", "Ms. N. Castellano", "Mr. E. Wynn",
)


@dataclass(frozen=True, slots=True)
class Party:
    """A taxpayer as printed in the address block."""

    name_lines: tuple[str, ...]
    address_lines: tuple[str, ...]
    name_control: str
    tin_last4: str
    business: bool

    @property
    def tin_masked(self) -> str:
        """The identifier as printed: ``XXX-XX-1234`` or ``XX-XXX1234``."""
        return f"XX-XXX{self.tin_last4}" if self.business else f"XXX-XX-{self.tin_last4}"


@dataclass(frozen=True, slots=True)
class IrsOffice:
    """An IRS return or remittance address and its contact numbers."""

    lines: tuple[str, ...]
    remit_lines: tuple[str, ...]
    phone: str
    caller_id: str


def _zip(rng: random.Random) -> str:
    base = f"{rng.randint(10, 99)}{rng.randint(100, 999)}"
    return base + (f"-{rng.randint(1000, 9999)}" if rng.random() < 0.6 else "")


def _street(rng: random.Random) -> str:
    num = rng.randint(10, 98765)
    pre = rng.choice(("", "", "", "N ", "S ", "E ", "W "))
    line = f"{num} {pre}{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
    if rng.random() < 0.2:
        line += rng.choice((f" APT {rng.randint(1, 40)}", f" UNIT {rng.choice('ABCDEF')}",
                            f" # {rng.randint(100, 999)}"))
    return line


def make_person(rng: random.Random) -> Party:
    """An invented individual (sometimes a married couple)."""
    last = rng.choice(LAST)
    first = rng.choice(FIRST)
    initial = rng.choice("ABCDEFGHJKLMNPRSTW")
    if rng.random() < 0.25:
        other = rng.choice([f for f in FIRST if f != first])
        name = f"{first} & {other} {last}" if rng.random() < 0.5 else f"{first} AND {other} {last}"
    else:
        name = f"{first} {initial} {last}" if rng.random() < 0.7 else f"{first} {last}"
    names: tuple[str, ...] = (name,)
    if len(name) > 30:
        names = (f"{first} {last}", f"{rng.choice(FIRST)} {last}")
    city, state = rng.choice(PLACES)
    addr = (_street(rng), f"{city} {state} {_zip(rng)}")
    return Party(names, addr, last[:4], f"{rng.randint(0, 9999):04d}", False)


def make_business(rng: random.Random) -> Party:
    """An invented business."""
    word = rng.choice(BIZ_WORDS)
    name = f"{word} {rng.choice(BIZ_KINDS)} {rng.choice(BIZ_SUFFIX)}".strip()
    names: tuple[str, ...] = (name,)
    if rng.random() < 0.3:
        names = (name, f"% {rng.choice(FIRST)} {rng.choice(LAST)}")
    city, state = rng.choice(PLACES)
    addr = (_street(rng), f"{city} {state} {_zip(rng)}")
    return Party(names, addr, word.replace(" ", "")[:4], f"{rng.randint(0, 9999):04d}", True)


def make_phone(rng: random.Random) -> str:
    """An invented toll-free number in the reserved 555-01xx range."""
    area = rng.choice(("800", "866", "877", "888"))
    tail = f"01{rng.randint(0, 99):02d}"
    style = rng.random()
    if style < 0.5:
        return f"1-{area}-555-{tail}"
    if style < 0.8:
        return f"{area}-555-{tail}"
    return f"({area}) 555-{tail}"


def make_office(rng: random.Random, *, acs: bool = False) -> IrsOffice:
    """An IRS return address block, a remittance address and contact numbers."""
    city, zip5 = rng.choice(IRS_CITIES)
    lines = ["Department of the Treasury", "Internal Revenue Service"]
    if acs and rng.random() < 0.6:
        lines.append("ACS Support")
    if rng.random() < 0.5:
        lines.append(f"P.O. Box {rng.randint(1000, 99999)}")
    lines.append(f"{city} {zip5}-{rng.randint(1, 9999):04d}")
    rcity, rzip = rng.choice(IRS_CITIES)
    remit = ("INTERNAL REVENUE SERVICE", *([f"PO BOX {rng.randint(100, 99999)}"]
                                           if rng.random() < 0.6 else []),
             f"{rcity.upper().replace(',', '')} {rzip}-{rng.randint(1, 9999):04d}")
    return IrsOffice(tuple(lines), remit, make_phone(rng), f"{rng.randint(100000, 999999)}")


def contact_name(rng: random.Random) -> str:
    """An invented IRS employee name."""
    return rng.choice(CONTACT_NAMES)
