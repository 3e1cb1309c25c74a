"""The notice catalog in patterns/: it loads, covers the notices and processes it must, and a
broken catalog fails loudly with the file, the entry and the key in the message."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from scanner.catalog import Catalog, expected_due_dates, load_catalog
from scanner.errors import CatalogError
from scanner.resources import patterns_dir

REQUIRED = (
    "CP14", "CP14I", "CP501", "CP503", "CP504", "CP161", "CP504B", "LT11", "LTR1058", "CP90",
    "CP297", "CP297A", "LTR3172", "CP2501", "CP2000", "CP3219A", "CP11", "CP12", "CP23", "CP24",
    "CP22A", "CP59", "LT16", "CP71", "CP71A", "CP71C", "CP71D", "CP521", "CP523", "CP05",
    "LTR5071C", "LTR4883C", "LT38", "CP508C", "CP40", "CP49", "CP220", "CP3219N", "CP297C",
)

CDP_NOTICES = ("LT11", "LTR1058", "CP90", "CP297", "CP297A", "CP297C", "LTR3172")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalog_loads_from_the_checkout(catalog: Catalog) -> None:
    assert len(catalog.notices) >= len(REQUIRED)
    assert {"balance-due", "business-balance-due", "underreporting"} <= set(catalog.processes)


@pytest.mark.parametrize("code", REQUIRED)
def test_required_notice_is_present(catalog: Catalog, code: str) -> None:
    notice = catalog.lookup(code)
    assert notice is not None, f"{code} is missing from patterns/notices/"
    assert notice.code == code
    assert Path(notice.path).name == f"{code}.toml"


def test_every_process_step_has_a_notice(catalog: Catalog) -> None:
    for pid, process in catalog.processes.items():
        ladder = catalog.steps_of(pid)
        assert len(ladder) == process.length
        empty = [i + 1 for i, notices in enumerate(ladder) if not notices]
        assert not empty, f"{pid}: no notice at step(s) {empty}"


def test_balance_due_ladder_is_in_order(catalog: Catalog) -> None:
    ladder = [{n.code for n in step} for step in catalog.steps_of("balance-due")]
    assert "CP14" in ladder[0]
    assert "CP501" in ladder[1]
    assert "CP503" in ladder[2]
    assert "CP504" in ladder[3]
    assert {"LT11", "LTR1058", "CP90"} <= ladder[4]
    business = [{n.code for n in step} for step in catalog.steps_of("business-balance-due")]
    assert "LTR1058" in business[2], "Letter 1058 also serves businesses"


@pytest.mark.parametrize(("printed", "code"), [
    ("Letter 1058", "LTR1058"),
    ("LTR 1058", "LTR1058"),
    ("LT1058", "LTR1058"),
    ("L1058", "LTR1058"),
    ("LT 11", "LT11"),
    ("LT-11", "LT11"),
    ("Letter 11", "LT11"),
    ("Letter 3172", "LTR3172"),
    ("Letter 5071C", "LTR5071C"),
    ("letter 4883c", "LTR4883C"),
    ("Notice: CP503", "CP503"),
    ("cp-504b", "CP504B"),
    ("CP 2000", "CP2000"),
    ("CP3219A", "CP3219A"),
])
def test_printed_forms_resolve_to_the_canonical_code(catalog: Catalog, printed: str,
                                                     code: str) -> None:
    notice = catalog.lookup(printed)
    assert notice is not None, printed
    assert notice.code == code
    assert catalog.canonical(printed) == code


def test_unknown_and_known_but_unexplained_codes(catalog: Catalog) -> None:
    assert catalog.lookup("CP9999") is None
    # A real business notice that OCR confuses with CP14I: known, not explained.
    assert catalog.lookup("CP141I") is None
    assert catalog.is_known("CP141I")
    # Codes now in the catalog must have left known_codes.toml.
    assert not catalog.known_codes & set(catalog.notices)


def test_previous_and_next_links_go_both_ways(catalog: Catalog) -> None:
    problems = []
    for notice in catalog:
        assert notice.code not in notice.next and notice.code not in notice.previous
        for later in notice.next:
            if notice.code not in catalog.notices[later].previous:
                problems.append(f"{notice.code}.next has {later}, but {later}.previous lacks it")
        for earlier in notice.previous:
            if notice.code not in catalog.notices[earlier].next:
                problems.append(f"{notice.code}.previous has {earlier}, but not the reverse")
    assert not problems, "\n".join(problems)


def test_urgency_follows_the_stakes(catalog: Catalog) -> None:
    for code in ("LT11", "LTR1058", "CP90", "CP297", "CP3219A", "CP3219N"):
        assert catalog.notices[code].urgency == "critical", code
    assert catalog.notices["CP504"].urgency == "high"
    assert catalog.notices["CP14"].urgency == "medium"
    assert catalog.notices["CP12"].urgency == "low"


def _window(catalog: Catalog, code: str, days: int) -> str:
    notice = catalog.notices[code]
    found = [w for w in notice.windows if w.days == days and w.anchor == "notice_date"]
    assert found, f"{code} has no {days}-day window from the notice date"
    return f"{found[0].what} {found[0].protects}"


@pytest.mark.parametrize("code", CDP_NOTICES)
def test_hearing_notices_carry_the_30_day_form_12153_window(catalog: Catalog, code: str) -> None:
    text = _window(catalog, code, 30)
    assert "Form 12153" in text
    assert "Collection Due Process" in text
    assert catalog.notices[code].due_kind == "respond"
    # The letter prints this deadline; the printed date replaces the count.
    cdp = [w for w in catalog.notices[code].windows if "Collection Due Process" in w.what]
    assert [w.printed_as for w in cdp] == ["hearing_date"]


def test_other_windows_from_the_facts(catalog: Catalog) -> None:
    for code in ("CP3219A", "CP3219N"):
        assert "Tax Court" in _window(catalog, code, 90)
        assert catalog.notices[code].windows[0].kind == "statutory"
    for code in ("CP11", "CP12", "CP23", "CP24"):
        _window(catalog, code, 60)
    for code in ("CP2000", "CP504B", "CP523", "CP504"):
        _window(catalog, code, 30)
    assert catalog.notices["CP14"].windows[0].days == 21
    assert catalog.notices["CP14"].next_after_days == 35


@pytest.mark.parametrize("code", ["CP504", "CP504B", "LT11", "CP508C"])
def test_passport_threshold_is_data_with_a_source(catalog: Catalog, code: str) -> None:
    facts = [f for f in catalog.notices[code].facts if "passport" in f.name.lower()]
    assert facts, code
    fact = facts[0]
    assert isinstance(fact.checked, date)
    assert fact.source.startswith("https://www.irs.gov/")
    assert "$" in fact.value
    # The dollar figure lives in the fact, never hard-coded in the prose.
    notice = catalog.notices[code]
    prose = " ".join([notice.summary, notice.what_irs_wants, notice.what_comes_next,
                      *notice.misunderstandings])
    assert "$6" not in prose and "$5" not in prose


def test_every_entry_is_sourced_and_complete(catalog: Catalog) -> None:
    for notice in catalog:
        assert notice.sources and all(s.startswith(("http://", "https://"))
                                      for s in notice.sources), notice.code
        assert 2 <= len(notice.misunderstandings) <= 4, notice.code
        for window in notice.windows:
            assert window.what and window.protects, notice.code


def test_bills_to_people_say_to_check_the_online_account(catalog: Catalog) -> None:
    missing = []
    for notice in catalog:
        if notice.due_kind == "pay" and notice.audience == "individual":
            text = " ".join([notice.what_irs_wants, *notice.misunderstandings])
            if "online account" not in text:
                missing.append(notice.code)
    assert not missing, f"no 'check your IRS online account' advice in {missing}"


def test_no_full_ssn_shaped_number_in_patterns() -> None:
    ssn = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
    hits = [p.name for p in patterns_dir().rglob("*") if p.is_file()
            and ssn.search(p.read_text(encoding="utf-8"))]
    assert not hits


# ---------------------------------------------------------------- broken catalogs

def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), root)
    return root


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(root: Path) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        load_catalog(root)
    return info.value


def test_an_unbroken_copy_loads(tmp_path: Path) -> None:
    assert len(load_catalog(_copy(tmp_path)).notices) == len(load_catalog().notices)


def test_unknown_key_names_file_entry_and_suggests(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/CP501.toml", "summary = ", "sumary = ")
    err = _error(root)
    assert "CP501.toml" in str(err) and "[CP501]" in str(err)
    assert "unknown key" in str(err) and "did you mean 'summary'" in str(err)
    assert err.key == "sumary"


def test_missing_required_key(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    title_line = re.search(r"(?m)^title = .*\n", (root / "notices/CP503.toml").read_text())
    assert title_line
    _edit(root, "notices/CP503.toml", title_line.group(0), "")
    err = _error(root)
    assert "CP503.toml" in str(err) and "[CP503]" in str(err)
    assert err.key == "title" and "is required" in str(err)


def test_bad_enum_value(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/CP504.toml", 'urgency = "high"', 'urgency = "urgent"')
    err = _error(root)
    assert "CP504.toml" in str(err) and "[CP504]" in str(err)
    assert err.key == "urgency" and "low, medium, high, critical" in str(err)


def test_bad_printed_as_value(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/LT11.toml", 'printed_as = "hearing_date"', 'printed_as = "hearing"')
    err = _error(root)
    assert "LT11.toml" in str(err) and err.key == "printed_as"
    assert "due_date, hearing_date" in str(err)


def test_duplicate_alias(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    # LT11 (read first) already owns "Letter 11"; giving it to Letter 1058 too must fail there.
    _edit(root, "notices/LTR1058.toml", 'aliases = ["Letter 1058"',
          'aliases = ["Letter 11", "Letter 1058"')
    err = _error(root)
    assert "LTR1058.toml" in str(err) and "[LTR1058]" in str(err)
    assert err.key == "aliases" and "'Letter 11'" in str(err) and "LT11" in str(err)


def test_next_naming_an_unknown_code(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/CP14.toml", 'next = ["CP501"]', 'next = ["CP501", "CP999"]')
    err = _error(root)
    assert "CP14.toml" in str(err) and "[CP14]" in str(err)
    assert err.key == "next" and "CP999" in str(err)


def test_step_beyond_the_process_length(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/CP503.toml", '{ process = "balance-due", step = 3 }',
          '{ process = "balance-due", step = 3 }, { process = "balance-due", step = 9 }')
    err = _error(root)
    assert "CP503.toml" in str(err) and "[CP503]" in str(err)
    assert err.key == "stages" and "step 9" in str(err) and "5 steps" in str(err)


def test_unknown_process_suggests_the_nearest(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/CP501.toml", 'process = "balance-due"', 'process = "balance-dew"')
    err = _error(root)
    assert "CP501.toml" in str(err) and "[CP501]" in str(err)
    assert "did you mean 'balance-due'" in str(err)


def test_process_step_with_no_notice(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "processes.toml", 'steps = ["Lien filed, hearing rights"]',
          'steps = ["Lien filed, hearing rights", "Lien released"]')
    err = _error(root)
    assert "processes.toml" in str(err) and "[lien]" in str(err)
    assert err.key == "steps" and "[2]" in str(err)


@pytest.mark.parametrize(("code", "line", "key"), [
    ("CP2000", 'unit = "days"\n', "unit"),
    ("CP3219A", 'from = "notice_date"\n', "from"),
])
def test_window_without_unit_or_from(tmp_path: Path, code: str, line: str, key: str) -> None:
    root = _copy(tmp_path)
    _edit(root, f"notices/{code}.toml", line, "")
    err = _error(root)
    assert f"{code}.toml" in str(err) and f"[{code}]" in str(err)
    assert err.key == key and "is required" in str(err)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _edit(root, "notices/CP59.toml", 'code = "CP59"', 'code = "CP59\nurgency = ')
    err = _error(root)
    # The entry cannot be read from a file that does not parse; its name is the code.
    assert err.path.endswith("CP59.toml")
    assert "CP59" in str(err) and "not valid TOML" in str(err)


def test_expected_due_dates() -> None:
    assert expected_due_dates(date(2018, 1, 30), Decimal("1075.21")) == (date(2018, 2, 20),)
    assert expected_due_dates(date(2018, 1, 30), None) == (date(2018, 2, 20),)
    large = expected_due_dates(date(2024, 12, 2), Decimal("150000.00"))
    assert date(2024, 12, 16) in large
    assert date(2024, 12, 23) in large


def test_usual_due_dates_follow_the_kind_of_notice() -> None:
    notices = load_catalog().notices
    # Balance due: the 21-day rule.
    assert notices["CP503"].usual_due_dates(date(2019, 5, 3), None) == (
        date(2019, 5, 24),
    )
    # A proposal to answer: the catalog's window from the notice date (30 days for a CP2000).
    assert date(2025, 3, 2) in notices["CP2000"].usual_due_dates(date(2025, 1, 31), None)
    # A notice that asks for nothing by a date has no usual due date.
    quiet = [n for n in notices.values() if n.due_kind == "none"]
    assert quiet and quiet[0].usual_due_dates(date(2024, 1, 2), None) == ()
