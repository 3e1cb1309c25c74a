"""The notice catalog: ``patterns/processes.toml`` and ``patterns/notices/*.toml``.

Loaded and validated once (:func:`load_catalog` is cached). The frozen dataclasses below are the
schema; ``patterns/README.md`` restates it in prose. Any problem raises :class:`CatalogError`
naming the file, the entry and the key: a broken entry is never skipped.
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex

from scanner.datetools import add_business_days
from scanner.errors import CatalogError
from scanner.resources import patterns_dir

AUDIENCES = ("individual", "business", "both")
URGENCIES = ("low", "medium", "high", "critical")
ANCHORS = ("notice_date", "due_date")
WINDOW_KINDS = ("statutory", "estimated")
PRINTED_AS = ("due_date", "hearing_date")
UNITS = ("days", "business_days")
DUE_KINDS = ("pay", "respond", "none")
CODE_SHAPE = regex.compile(r"^(?:CP\d{1,4}[A-Z]{0,2}|LT\d{1,4}[A-Z]?|LTR\d{1,5}[A-Z]{0,2})$")

_URGENCY_RANK = {name: i for i, name in enumerate(URGENCIES)}

LARGE_BALANCE = Decimal("100000")
BALANCE_PROCESSES = ("balance-due", "business-balance-due")


def expected_due_dates(notice_date: date, amount_due: Decimal | None) -> tuple[date, ...]:
    """Pay-by dates a balance-due notice of this date usually prints: 21 days on (10 business
    days when $100,000 or more), the window in which paying in full stops further interest
    (IRC 6601(e)(3))."""
    usual = notice_date + timedelta(days=21)
    if amount_due is not None and amount_due >= LARGE_BALANCE:
        return (add_business_days(notice_date, 10), usual)
    return (usual,)


@dataclass(frozen=True, slots=True)
class Window:
    """A response window: ``days`` counted from ``anchor``, and what keeping it protects."""

    days: int
    unit: str
    anchor: str
    kind: str
    what: str
    protects: str
    # The printed date the letter gives this deadline as ("hearing_date", "due_date"), if
    # any: when the letter prints it, that date stands and the window gives way.
    printed_as: str | None = None

    def end(self, anchor: date) -> date:
        """The window's last day, counted from its anchor's date."""
        if self.unit == "business_days":
            return add_business_days(anchor, self.days)
        return anchor + timedelta(days=self.days)

    def describe(self) -> str:
        """'30 days from the notice date: request a hearing ...'."""
        unit = "business days" if self.unit == "business_days" else "days"
        anchor = self.anchor.replace("_", " ")
        return f"{self.days} {unit} from the {anchor}: {self.what}"


@dataclass(frozen=True, slots=True)
class StageRef:
    """A notice's place in a process."""

    process: str
    step: int


@dataclass(frozen=True, slots=True)
class Fact:
    """A figure that changes over time, with the date it was last checked."""

    name: str
    value: str
    checked: date
    source: str


@dataclass(frozen=True, slots=True)
class Notice:
    """One catalog entry."""

    code: str
    aliases: tuple[str, ...]
    variants: tuple[str, ...]  # sibling codes this entry explains (kept as printed)
    title: str
    audience: str
    stages: tuple[StageRef, ...]
    urgency: str
    due_kind: str
    irc: tuple[str, ...]
    previous: tuple[str, ...]
    next: tuple[str, ...]
    next_after_days: int | None
    summary: str
    what_irs_wants: str
    what_comes_next: str
    misunderstandings: tuple[str, ...]
    windows: tuple[Window, ...]
    facts: tuple[Fact, ...]
    sources: tuple[str, ...]
    path: str

    @property
    def urgency_rank(self) -> int:
        """0 for low .. 3 for critical."""
        return _URGENCY_RANK[self.urgency]

    @property
    def is_balance_due(self) -> bool:
        """A pay-by notice on a balance-due ladder, whose due date follows the 21-day rule."""
        return self.due_kind == "pay" and any(s.process in BALANCE_PROCESSES for s in self.stages)

    def usual_due_dates(self, notice_date: date, amount_due: Decimal | None) -> tuple[date, ...]:
        """Dates this notice usually prints as its pay-by or respond-by date, given its notice
        date: the 21-day rule on a balance due, else the end of each window counted from the
        notice date (30 days to answer a CP2000)."""
        if self.is_balance_due:
            return expected_due_dates(notice_date, amount_due)
        if self.due_kind == "none":
            return ()
        return tuple(w.end(notice_date) for w in self.windows if w.anchor == "notice_date")

    def response_window(self) -> str | None:
        """All windows in one sentence, or None when the notice has none."""
        if not self.windows:
            return None
        return "; ".join(w.describe() for w in self.windows)


@dataclass(frozen=True, slots=True)
class Process:
    """An IRS process as an ordered ladder of steps."""

    id: str
    title: str
    audience: str
    steps: tuple[str, ...]  # the step names, step 1 first
    summary: str
    path: str = "processes.toml"

    @property
    def length(self) -> int:
        """Number of steps."""
        return len(self.steps)


@dataclass(frozen=True, slots=True)
class Catalog:
    """All notices and processes, with lookups by code or printed alias."""

    notices: Mapping[str, Notice]
    processes: Mapping[str, Process]
    known_codes: frozenset[str]  # real codes the catalog does not explain (yet)
    _by_alias: Mapping[str, str]
    _by_variant: Mapping[str, str]

    def lookup(self, code_or_alias: str) -> Notice | None:
        """The entry for a canonical code, an alias, or a variant it explains; else None."""
        key = normalize_alias(code_or_alias)
        code = self._by_alias.get(key) or self._by_variant.get(key)
        return self.notices.get(code) if code else None

    def canonical(self, code_or_alias: str) -> str | None:
        """The canonical code for a printed code, alias or variant in the catalog, else None."""
        key = normalize_alias(code_or_alias)
        if key in self._by_alias:
            return self._by_alias[key]
        return key if key in self._by_variant else None

    def is_known(self, code: str) -> bool:
        """True for a catalog code, a variant, or a real code listed in ``known_codes``."""
        return code in self.notices or code in self._by_variant or code in self.known_codes

    def steps_of(self, process_id: str) -> list[list[Notice]]:
        """Notices at each step of a process (index 0 is step 1)."""
        process = self.processes[process_id]
        ladder: list[list[Notice]] = [[] for _ in process.steps]
        for notice in self.notices.values():
            for ref in notice.stages:
                if ref.process == process_id:
                    ladder[ref.step - 1].append(notice)
        return ladder

    def __iter__(self) -> Iterator[Notice]:
        return iter(self.notices.values())


def normalize_alias(text: str) -> str:
    """Upper case, no spaces, dashes, dots or colons: 'Letter 1058-A' -> 'LETTER1058A'."""
    return regex.sub(r"[\s\-.:#]", "", text.upper())


@functools.cache
def load_catalog(root: Path | None = None) -> Catalog:
    """Load and validate the catalog once; raises :class:`CatalogError` on any problem."""
    root = root or patterns_dir()
    processes = _load_processes(root / "processes.toml")
    notice_dir = root / "notices"
    notices: dict[str, Notice] = {}
    for path in sorted(notice_dir.glob("*.toml")):
        notice = _parse_notice(path, _read_toml(path))
        if notice.code in notices:
            raise CatalogError(str(path), notice.code, "code", "duplicate code")
        notices[notice.code] = notice
    if not notices:
        raise CatalogError(str(notice_dir), None, None, "no notices found")
    known = _load_known_codes(root / "known_codes.toml")
    by_alias = _alias_index(notices)
    by_variant = _variant_index(notices, by_alias)
    _check_links(notices, processes)
    return Catalog(
        notices, processes, frozenset(known - set(notices) - set(by_variant)), by_alias, by_variant
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as e:
        raise CatalogError(str(path), path.stem, None, "file is missing") from e
    except tomllib.TOMLDecodeError as e:
        raise CatalogError(str(path), path.stem, None, f"not valid TOML: {e}") from e


class _Table:
    """Typed access to one TOML table that reports problems with file, entry and key."""

    def __init__(
        self, path: Path, entry: str | None, data: Mapping[str, Any], allowed: tuple[str, ...]
    ) -> None:
        self.path, self.entry, self.data = str(path), entry, data
        for key in data:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.fail(key, f"unknown key{extra}")

    def fail(self, key: str | None, problem: str) -> None:
        raise CatalogError(self.path, self.entry, key, problem)

    def get(
        self, key: str, kind: type | tuple[type, ...], *, required: bool = True, default: Any = None
    ) -> Any:
        if key not in self.data:
            if required:
                self.fail(key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            self.fail(key, f"must be {_kind_name(kind)}, not {type(value).__name__}")
        if isinstance(value, str) and not value.strip():
            self.fail(key, "must not be empty")
        return value

    def strings(self, key: str, *, required: bool = True, min_len: int = 0) -> tuple[str, ...]:
        value = self.get(key, list, required=required, default=[])
        if not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, "must be a list of non-empty strings")
        if len(value) < min_len:
            self.fail(key, f"needs at least {min_len} items")
        return tuple(value)

    def choice(self, key: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
        value: str = self.get(key, str, required=default is None, default=default)
        if value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)}, not '{value}'")
        return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(
        {
            "str": "a string",
            "int": "an integer",
            "list": "a list",
            "dict": "a table",
            "date": "a date",
        }.get(k.__name__, k.__name__)
        for k in kinds
    )


_NOTICE_KEYS = (
    "code",
    "aliases",
    "variants",
    "title",
    "audience",
    "stages",
    "urgency",
    "due_kind",
    "irc",
    "previous",
    "next",
    "next_after_days",
    "summary",
    "what_irs_wants",
    "what_comes_next",
    "misunderstandings",
    "windows",
    "facts",
    "sources",
)


def _parse_notice(path: Path, data: dict[str, Any]) -> Notice:
    entry = str(data.get("code", path.stem))
    t = _Table(path, entry, data, _NOTICE_KEYS)
    code = t.get("code", str)
    if not CODE_SHAPE.match(code):
        t.fail("code", f"'{code}' is not a canonical code (CP14, LT11, LTR1058, ...)")
    if path.stem != code:
        t.fail("code", f"must match the file name '{path.stem}'")
    stages = []
    for i, item in enumerate(t.get("stages", list)):
        if not isinstance(item, dict):
            t.fail(f"stages[{i}]", "must be a table {process = ..., step = ...}")
        s = _Table(path, entry, item, ("process", "step"))
        step = s.get("step", int)
        if step < 1:
            s.fail("step", "must be 1 or more")
        stages.append(StageRef(s.get("process", str), step))
    if not stages:
        t.fail("stages", "needs at least one {process, step}")
    next_after = t.get("next_after_days", int, required=False)
    if next_after is not None and not 1 <= next_after <= 400:
        t.fail("next_after_days", "must be between 1 and 400")
    return Notice(
        code=code,
        aliases=t.strings("aliases", required=False),
        variants=_variants(t),
        title=t.get("title", str),
        audience=t.choice("audience", AUDIENCES),
        stages=tuple(stages),
        urgency=t.choice("urgency", URGENCIES),
        due_kind=t.choice("due_kind", DUE_KINDS, default="pay"),
        irc=t.strings("irc", required=False),
        previous=t.strings("previous", required=False),
        next=t.strings("next", required=False),
        next_after_days=next_after,
        summary=t.get("summary", str),
        what_irs_wants=t.get("what_irs_wants", str),
        what_comes_next=t.get("what_comes_next", str),
        misunderstandings=t.strings("misunderstandings", min_len=2),
        windows=tuple(
            _parse_window(path, entry, i, w)
            for i, w in enumerate(t.get("windows", list, required=False, default=[]))
        ),
        facts=tuple(
            _parse_fact(path, entry, i, f)
            for i, f in enumerate(t.get("facts", list, required=False, default=[]))
        ),
        sources=t.strings("sources", min_len=1),
        path=str(path),
    )


def _variants(t: _Table) -> tuple[str, ...]:
    variants = t.strings("variants", required=False)
    for code in variants:
        if not CODE_SHAPE.match(code):
            t.fail("variants", f"'{code}' is not a canonical code")
    return variants


def _parse_window(path: Path, entry: str, i: int, data: Any) -> Window:
    if not isinstance(data, dict):
        raise CatalogError(str(path), entry, f"windows[{i}]", "must be a table")
    w = _Table(
        path, entry, data, ("days", "unit", "from", "kind", "what", "protects", "printed_as")
    )
    days = w.get("days", int)
    if not 1 <= days <= 400:
        w.fail("days", "must be between 1 and 400")
    return Window(
        days=days,
        unit=w.choice("unit", UNITS),
        anchor=w.choice("from", ANCHORS),
        kind=w.choice("kind", WINDOW_KINDS),
        what=w.get("what", str),
        protects=w.get("protects", str),
        printed_as=w.choice("printed_as", PRINTED_AS) if "printed_as" in data else None,
    )


def _parse_fact(path: Path, entry: str, i: int, data: Any) -> Fact:
    if not isinstance(data, dict):
        raise CatalogError(str(path), entry, f"facts[{i}]", "must be a table")
    f = _Table(path, entry, data, ("name", "value", "checked", "source"))
    return Fact(
        f.get("name", str), f.get("value", str), f.get("checked", date), f.get("source", str)
    )


def _load_processes(path: Path) -> dict[str, Process]:
    data = _read_toml(path)
    top = _Table(path, None, data, ("process",))
    out: dict[str, Process] = {}
    for item in top.get("process", list):
        entry = str(item.get("id", "?")) if isinstance(item, dict) else "?"
        if not isinstance(item, dict):
            raise CatalogError(str(path), entry, "process", "each item must be a table")
        p = _Table(path, entry, item, ("id", "title", "audience", "steps", "summary"))
        pid = p.get("id", str)
        if pid in out:
            p.fail("id", "duplicate process id")
        out[pid] = Process(
            pid,
            p.get("title", str),
            p.choice("audience", AUDIENCES),
            p.strings("steps", min_len=1),
            p.get("summary", str),
            str(path),
        )
    return out


def _load_known_codes(path: Path) -> set[str]:
    data = _read_toml(path)
    t = _Table(path, None, data, ("codes",))
    codes = set(t.strings("codes"))
    for code in codes:
        if not CODE_SHAPE.match(code):
            t.fail("codes", f"'{code}' is not a canonical code")
    return codes


def _alias_index(notices: Mapping[str, Notice]) -> dict[str, str]:
    index: dict[str, str] = {}
    for notice in notices.values():
        for alias in (notice.code, *notice.aliases):
            key = normalize_alias(alias)
            other = index.get(key)
            if other and other != notice.code:
                raise CatalogError(
                    notice.path, notice.code, "aliases", f"'{alias}' is already an alias of {other}"
                )
            index[key] = notice.code
    return index


def _variant_index(notices: Mapping[str, Notice], by_alias: Mapping[str, str]) -> dict[str, str]:
    index: dict[str, str] = {}
    for notice in notices.values():
        for code in notice.variants:
            if code in by_alias or code in index:
                other = by_alias.get(code) or index[code]
                raise CatalogError(
                    notice.path,
                    notice.code,
                    "variants",
                    f"'{code}' is already a code, alias or variant of {other}",
                )
            index[code] = notice.code
    return index


def _check_links(notices: Mapping[str, Notice], processes: Mapping[str, Process]) -> None:
    for notice in notices.values():
        for key in ("previous", "next"):
            for code in getattr(notice, key):
                if code not in notices:
                    raise CatalogError(
                        notice.path,
                        notice.code,
                        key,
                        f"names '{code}', which is not in the catalog",
                    )
        for ref in notice.stages:
            process = processes.get(ref.process)
            if process is None:
                hint = difflib.get_close_matches(ref.process, list(processes), n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise CatalogError(
                    notice.path,
                    notice.code,
                    "stages",
                    f"process '{ref.process}' is not in processes.toml{extra}",
                )
            if ref.step > process.length:
                raise CatalogError(
                    notice.path,
                    notice.code,
                    "stages",
                    f"step {ref.step} is past the end of '{ref.process}' ({process.length} steps)",
                )
    for process in processes.values():
        used = {ref.step for n in notices.values() for ref in n.stages if ref.process == process.id}
        missing = [s for s in range(1, process.length + 1) if s not in used]
        if missing:
            raise CatalogError(
                process.path, process.id, "steps", f"no notice sits at step(s) {missing}"
            )
