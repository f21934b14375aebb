"""dangjian: the rules of party organizations in government organs (机关党建).

A binding over the library's C interface (libdangjian.so), with ctypes and no
compiled extension. It finds the library named by ``DANGJIAN_LIBRARY``, the
one it carries (installed with ``DANGJIAN_LIBRARY`` set: see setup.py),
``build/lib/libdangjian.so`` of the repository it sits in, or
``libdangjian.so.0`` where the system's loader looks.

    import datetime
    import dangjian

    checker = dangjian.Checker(profile="national")
    checker.load(dangjian.sample())                # a dict, bytes, a path or a protobuf message
    report = checker.check(as_of=datetime.date(2026, 11, 30), rules="term, setup", lang="en")
    for f in report.findings:
        print(f.severity, f.rule_id, f.org_id, f.message)
    print(report.to_json(indent=2))                # every result: to_dict() and to_json()

    dangjian.dues("EMPLOYED", "3000.01")           # Decimal('30.00')

Dates are ``datetime.date``, ``datetime.datetime`` or "YYYY-MM-DD"; rules a
list of ids or families, or one string of them ("term, setup"). A Checker
holds one profile and one loaded snapshot; ``check`` and ``agenda`` on a
loaded Checker are safe from many threads at once.
"""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import decimal
import json
import os
import pathlib
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

from . import _native as _n

__all__ = [
    "Error", "Checker", "Engine", "Delta", "Report", "Finding", "Agenda", "AgendaItem", "Rule", "Profile",
    "Assessment", "AssessedOrg", "CategoryScore", "ItemScore", "Deduction", "ComponentScore",
    "dues", "rules", "profiles", "sample", "stats", "version", "SAMPLE_AS_OF", "split", "split_parts",
]

Date = Union[datetime.date, str]
"""A date: ``datetime.date``, ``datetime.datetime`` (its date) or "YYYY-MM-DD"."""
Rules = Union[str, Iterable[str]]
"""Rule ids or families: a list, or one string of them separated by commas."""

SAMPLE_AS_OF = "2026-11-30"
"""The date the bundled sample is meant to be checked as of."""

Error = _n.Error


def _call(status: int) -> None:
    if status != _n.DJ_OK:
        raise Error(status, _n.last_error())


def _buffer_call(fn, *args) -> bytes:
    buffer = _n.Buffer()
    _call(fn(*args, ctypes.byref(buffer)))
    return _n.take(buffer)


def version() -> str:
    """The library's version, e.g. "0.3.0"."""
    return _n.lib.dj_version_string().decode()


def _date(value: Optional[Date], name: str) -> Optional[bytes]:
    """A date argument as the C interface takes it."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat().encode()
    if isinstance(value, str):
        return _n.encode(value, name)
    raise Error(1, f"{name}: a datetime.date, a datetime.datetime or \"YYYY-MM-DD\", not {type(value).__name__}")


def _rules(value: Optional[Rules]) -> Optional[bytes]:
    """Rule ids or families as the C interface takes them: one string, commas between."""
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray)):
        raise Error(1, "rules: a string or a list of strings, not bytes")
    text = value if isinstance(value, str) else ",".join(str(r) for r in value)
    return _n.encode(text, "rules") if text.strip(" ,") else None


# ---- results: attributes named as the schema's fields, in snake_case ---------

class _Result:
    """What every result can become: a dict of its fields, and JSON."""

    def to_dict(self) -> Dict[str, Any]:
        """The fields, nested results as dicts, as the attributes name them."""
        return dataclasses.asdict(self)

    def to_json(self, **kwargs) -> str:
        """``to_dict()`` as JSON; ``kwargs`` go to ``json.dumps`` (``indent=2``)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _snake_keys(value: Any) -> Any:
    """A message's JSON with every key in snake_case, as the attributes name fields."""
    if isinstance(value, dict):
        # int64 fields come as strings in JSON: amounts in cents back to int
        return {_snake(k): int(v) if k.endswith("Cents") else _snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake_keys(v) for v in value]
    return value


def _build(cls, record: Dict[str, Any]):
    fields = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in record.items():
        name = _snake(key)
        if name in fields:
            values[name] = value
    return cls(**values)


@dataclasses.dataclass(frozen=True)
class Finding(_Result):
    """One finding of a check (dangjian.v1.Finding)."""
    rule_id: str = ""
    severity: str = ""          # VIOLATION, WARNING or NOTICE
    org_id: str = ""
    member_id: str = ""
    activity_id: str = ""
    unit_id: str = ""
    period: str = ""            # 2026, 2026-H1, 2026-Q3, 2026-07
    due_on: str = ""
    message: str = ""
    citation: str = ""
    evidence: Dict[str, str] = dataclasses.field(default_factory=dict)
    message_key: str = ""
    # The same finding's key in every check, Engine report and delta, in any
    # run: "life.group_meeting/org:b-gaj-xz-g2/period:2026-05" (dangjian/report.h).
    key: str = ""


@dataclasses.dataclass(frozen=True)
class Report(_Result):
    """What a check returns (dangjian.v1.Report): the findings of the ``rules``
    asked for (empty: every enabled rule) over ``scope`` (empty: everything)."""
    as_of: str
    profile_id: str
    findings: List[Finding]
    summary: Dict[str, Any]
    scope: str = ""
    lang: str = ""
    rules: List[str] = dataclasses.field(default_factory=list)

    def of(self, rule_id: str) -> List[Finding]:
        """The findings of one rule."""
        return [f for f in self.findings if f.rule_id == rule_id]


def _report(data: Dict[str, Any]) -> Report:
    return Report(as_of=data.get("asOf", ""), profile_id=data.get("profileId", ""),
                  findings=[_build(Finding, f) for f in data.get("findings", [])],
                  summary=data.get("summary", {}), scope=data.get("scope", ""), lang=data.get("lang", ""),
                  rules=data.get("rules", []))


@dataclasses.dataclass(frozen=True)
class AgendaItem(_Result):
    """Something an org must still do, by when (dangjian.v1.AgendaItem)."""
    due_on: str = ""
    org_id: str = ""
    member_id: str = ""
    rule_id: str = ""
    period: str = ""
    activity: str = ""
    required: int = 0
    done: int = 0
    message: str = ""
    severity: str = ""


@dataclasses.dataclass(frozen=True)
class Agenda(_Result):
    """What each org must still do within ``days`` of ``as_of`` (dangjian.v1.Agenda)."""
    as_of: str
    days: int
    profile_id: str
    items: List[AgendaItem]
    scope: str = ""
    rules: List[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class Rule(_Result):
    """A rule of the catalogue (dangjian.v1.RuleDescription)."""
    id: str = ""
    severity: str = ""
    subject: str = ""
    citation: str = ""
    title: str = ""
    explanation: str = ""
    always_on: bool = False
    enabled: Optional[bool] = None   # in a profile's list: whether it checks the rule (else None)
    local: bool = False              # in a profile's list: one of the profile's own rules


@dataclasses.dataclass(frozen=True)
class Profile(_Result):
    """A built-in profile (dangjian.v1.ProfileSummary)."""
    id: str = ""
    title: str = ""
    extends: str = ""


@dataclasses.dataclass(frozen=True)
class Deduction(_Result):
    """Points an item lost, and the finding that cost them."""
    points: float = 0.0
    rule_id: str = ""
    org_id: str = ""
    member_id: str = ""
    activity_id: str = ""
    unit_id: str = ""
    period: str = ""
    message: str = ""


@dataclasses.dataclass(frozen=True)
class ItemScore(_Result):
    """One item of a rubric's category: PASS, FAIL, NOT_APPLICABLE or UNKNOWN."""
    id: str = ""
    title: str = ""
    points: float = 0.0
    earned: float = 0.0
    result: str = ""
    deductions: List[Deduction] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class CategoryScore(_Result):
    id: str = ""
    title: str = ""
    weight: float = 0.0
    earned: float = 0.0
    points: float = 0.0
    score: float = 0.0          # out of 100 under the model
    items: List[ItemScore] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class ComponentScore(_Result):
    id: str = ""
    weight: float = 0.0
    score: float = 0.0
    given: bool = False         # False: a manual component with no score, counted as 0


@dataclasses.dataclass(frozen=True)
class AssessedOrg(_Result):
    """An org (or a unit) as a rubric scores it, ranked among its kind."""
    org_id: str = ""
    name: str = ""
    kind: str = ""              # an Org.Kind, or UNIT
    score: float = 0.0          # out of 100 under the model
    earned: float = 0.0
    maximum: float = 0.0
    categories: List[CategoryScore] = dataclasses.field(default_factory=list)
    components: List[ComponentScore] = dataclasses.field(default_factory=list)
    composite: float = 0.0      # out of 100
    tier: str = ""
    tier_title: str = ""
    rank: int = 0               # 1 = best; ties share a rank
    peers: int = 0
    bottom: bool = False
    bottom_two_years: bool = False

    def deductions(self) -> List[Deduction]:
        """Every point it lost, item by item."""
        return [d for c in self.categories for i in c.items for d in i.deductions]


@dataclasses.dataclass(frozen=True)
class Assessment(_Result):
    """What ``assess`` returns (dangjian.v1.Assessment): the orgs by kind, then rank."""
    rubric_id: str
    model: str
    as_of: str
    profile_id: str
    orgs: List[AssessedOrg]
    scope: str = ""             # the org whose subtree was assessed; empty: everything

    def of(self, org_id: str) -> Optional[AssessedOrg]:
        """The org (or unit) with this id, or None."""
        return next((o for o in self.orgs if o.org_id == org_id), None)


def _assessment(data: Dict[str, Any]) -> Assessment:
    def item(i):
        return dataclasses.replace(_build(ItemScore, i), deductions=[_build(Deduction, d) for d in i.get("deductions", [])])

    def category(c):
        return dataclasses.replace(_build(CategoryScore, c), items=[item(i) for i in c.get("items", [])])

    def org(o):
        return dataclasses.replace(_build(AssessedOrg, o), categories=[category(c) for c in o.get("categories", [])],
                                   components=[_build(ComponentScore, c) for c in o.get("components", [])])

    return Assessment(rubric_id=data.get("rubricId", ""), model=data.get("model", ""), as_of=data.get("asOf", ""),
                      profile_id=data.get("profileId", ""), orgs=[org(o) for o in data.get("orgs", [])],
                      scope=data.get("scope", ""))


# ---- the catalogue, profiles, dues, the sample --------------------------------

def rules(lang: str = "zh", profile: Union[str, os.PathLike, None] = None) -> List[Rule]:
    """Every rule: id, default severity, subject, citation, title, explanation.
    With a ``profile`` (as ``Checker`` takes it), the rules of that profile: the
    catalogue's, then its own local rules, each with the profile's severity and
    ``enabled`` saying whether the profile checks it."""
    if profile is None:
        data = json.loads(_buffer_call(_n.lib.dj_rules, _n.encode(lang, "lang"), _n.FORMAT_JSON))
        return [_build(Rule, r) for r in data.get("rules", [])]
    handle = _ProfileHandle(profile)
    data = json.loads(_buffer_call(_n.lib.dj_profile_rules, handle.pointer, _n.encode(lang, "lang"), _n.FORMAT_JSON))
    return [_build(Rule, {"enabled": False, **r}) for r in data.get("rules", [])]


def profiles() -> List[Profile]:
    """The built-in profiles, ``national`` first."""
    data = json.loads(_buffer_call(_n.lib.dj_profile_list, _n.FORMAT_JSON))
    return [_build(Profile, p) for p in data.get("profiles", [])]


_DUES_CATEGORIES = {"EMPLOYED": 1, "RETIRED": 2, "STUDENT": 3, "UNEMPLOYED": 4, "LOW_INCOME": 5, "FARMER": 6,
                    "OTHER_FLAT": 7}


def dues(category: str, income: Union[str, decimal.Decimal, int, None] = None, *,
         profile: Union[str, "_ProfileHandle", None] = None) -> decimal.Decimal:
    """The standard monthly dues in yuan for a category (EMPLOYED, RETIRED, STUDENT,
    UNEMPLOYED, LOW_INCOME, FARMER, OTHER_FLAT) and an after-tax monthly income in
    yuan ("3000.01"); the flat categories need no income."""
    code = _DUES_CATEGORIES.get(str(category).upper())
    if code is None:
        raise Error(1, f"category: {category!r} is not a dues category")
    cents = -1
    if income is not None:
        not_an_amount = Error(1, f"income: {income!r} is not an amount in yuan (\"3000.01\")")
        try:
            amount = decimal.Decimal(str(income))
            if not amount.is_finite() or amount < 0 or amount >= 10**15:
                raise not_an_amount
            if amount != amount.quantize(decimal.Decimal("0.01")):
                raise Error(1, f"income: {income!r} has more than two decimals")
        except decimal.InvalidOperation:
            raise not_an_amount from None
        cents = int(amount * 100)
    handle = _ProfileHandle(profile) if profile is not None and not isinstance(profile, _ProfileHandle) else profile
    out = ctypes.c_int64()
    _call(_n.lib.dj_dues_standard(code, cents, handle.pointer if handle else None, ctypes.byref(out)))
    return (decimal.Decimal(out.value) / 100).quantize(decimal.Decimal("0.01"))


def sample() -> bytes:
    """The bundled sample city, as Snapshot JSON; check it as of SAMPLE_AS_OF."""
    return _buffer_call(_n.lib.dj_sample)


# ---- profiles and snapshots --------------------------------------------------

def stats(snapshot: Any, profile: Union[str, os.PathLike] = "national", as_of: Optional[Date] = None,
          scope: Optional[str] = None, from_: Optional[Date] = None) -> Dict[str, Any]:
    """The organizational-life and dues tables of a snapshot (anything
    ``Checker.load`` takes) under a profile: ``Checker.stats``.

        import dangjian

        s = dangjian.stats(dangjian.sample(), as_of=dangjian.SAMPLE_AS_OF)
        print(s["total"]["months"][-1]["meetings"])   # [{'activity': 'GENERAL_MEETING'}, ..., {'activity': 'THEME_DAY', 'held': 68, 'owed': 68, ...}]
    """
    return Checker(profile).load(snapshot).stats(as_of=as_of, scope=scope, from_=from_)


class _ProfileHandle:
    """A resolved profile: a built-in id, a textproto file, or textproto text."""

    def __init__(self, profile: Union[str, os.PathLike]):
        self.pointer = ctypes.c_void_p()
        text = str(profile)
        if isinstance(profile, os.PathLike) or (text.endswith((".textproto", ".txtpb", ".json")) and os.path.exists(text)):
            data = pathlib.Path(profile).read_bytes()
            fmt = _n.FORMAT_JSON if text.endswith(".json") else _n.FORMAT_TEXTPROTO
            _call(_n.lib.dj_profile_parse(data, len(data), fmt, ctypes.byref(self.pointer)))
        elif "\n" in text or ":" in text:
            data = text.encode("utf-8")
            _call(_n.lib.dj_profile_parse(data, len(data), _n.FORMAT_TEXTPROTO, ctypes.byref(self.pointer)))
        else:
            _call(_n.lib.dj_profile_builtin(_n.encode(text, "profile"), ctypes.byref(self.pointer)))

    def resolved(self) -> Dict[str, Any]:
        return json.loads(_buffer_call(_n.lib.dj_profile_resolved, self.pointer, _n.FORMAT_JSON))

    def __del__(self):
        pointer = getattr(self, "pointer", None)
        if pointer:
            self.pointer = ctypes.c_void_p()
            _n.lib.dj_profile_destroy(pointer)


def _snapshot_bytes(snapshot: Any, format: Optional[str]) -> tuple:
    """(bytes, C format) of a snapshot given as a dict, bytes, str/Path or protobuf message."""
    formats = {"json": _n.FORMAT_JSON, "binary": _n.FORMAT_BINARY, "pb": _n.FORMAT_BINARY, "delimited": _n.FORMAT_DELIMITED,
               "djs": _n.FORMAT_DELIMITED}
    if format is not None and format not in formats:
        raise Error(1, f"format: {format!r} is not json, binary or delimited")
    if isinstance(snapshot, dict):
        return json.dumps(snapshot, ensure_ascii=False).encode("utf-8"), _n.FORMAT_JSON
    if hasattr(snapshot, "SerializeToString"):
        return snapshot.SerializeToString(), _n.FORMAT_BINARY
    if isinstance(snapshot, (str, os.PathLike)):
        path = pathlib.Path(snapshot)
        suffix = path.suffix.lower().lstrip(".")
        fmt = formats.get(format or {"json": "json", "pb": "binary", "bin": "binary", "djs": "delimited"}.get(suffix, ""))
        if fmt is None:
            raise Error(1, f"{path}: unknown snapshot format (use .json, .pb or .djs, or format=)")
        return path.read_bytes(), fmt
    if isinstance(snapshot, (bytes, bytearray, memoryview)):
        data = bytes(snapshot)
        if format is None:
            format = "json" if data.lstrip()[:1] == b"{" else "binary"
        return data, formats[format]
    raise Error(1, f"snapshot: a dict, bytes, a path or a protobuf message, not {type(snapshot).__name__}")


def _agenda(call, as_of, days, scope, lang) -> "Agenda":
    """An agenda from ``call(options)``, which returns the Agenda message's JSON."""
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 0 <= days < 2**31):
        raise Error(1, f"days: {days!r} is not a number of days (0 or more)")
    options = _n.AgendaOptions(ctypes.sizeof(_n.AgendaOptions), _date(as_of, "as_of"),
                               _n.DEFAULT_HORIZON if days is None else days, _n.encode(scope, "scope"),
                               _n.encode(lang, "lang"), _n.FORMAT_JSON)
    data = json.loads(call(ctypes.byref(options)))
    return Agenda(as_of=data.get("asOf", ""), days=data.get("days", 0), profile_id=data.get("profileId", ""),
                  items=[_build(AgendaItem, i) for i in data.get("items", [])], scope=data.get("scope", ""),
                  rules=data.get("rules", []))


def _assess(call, rubric, as_of, manual, previous, scope, lang) -> "Assessment":
    """An assessment from ``call(rubric_bytes, rubric_size, options)``, which
    returns the Assessment message's JSON."""
    def as_json(value):
        if value is None:
            return None
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False).encode("utf-8")
        if isinstance(value, Assessment):
            raise Error(1, "previous: the assessment's JSON as the library wrote it (a dict or a file), "
                           "not an Assessment object")
        return pathlib.Path(value).read_bytes()

    text = str(rubric)
    if isinstance(rubric, os.PathLike) or os.path.exists(text):
        rubric_bytes = pathlib.Path(rubric).read_bytes()
    elif "\n" in text or ":" in text:
        rubric_bytes = text.encode("utf-8")
    else:
        rubric_bytes = None
    manual_bytes, previous_bytes = as_json(manual), as_json(previous)
    options = _n.AssessOptions(ctypes.sizeof(_n.AssessOptions), _date(as_of, "as_of"), _n.encode(scope, "scope"),
                               _n.encode(lang, "lang"),
                               manual_bytes, len(manual_bytes or b""), previous_bytes, len(previous_bytes or b""),
                               _n.FORMAT_JSON)
    data = call(rubric_bytes if rubric_bytes is not None else _n.encode(text, "rubric"),
                len(rubric_bytes) if rubric_bytes is not None else 0, ctypes.byref(options))
    return _assessment(json.loads(data))


def split(path: Union[str, os.PathLike], dir: Union[str, os.PathLike], part_bytes: int = 1 << 30,
          profile: Union[str, os.PathLike, None] = None) -> int:
    """Writes a delimited stream (.djs) as parts that are checked apart
    (``dangjian split``): about ``part_bytes`` of it a part, into ``dir`` with
    the hierarchy and an index. Returns the number of parts. ``profile`` gives
    the load limits (default: the library's)."""
    handle = _ProfileHandle(profile) if profile is not None else None
    parts = ctypes.c_size_t()
    _call(_n.lib.dj_split(os.fsencode(path), os.fsencode(dir), part_bytes, handle.pointer if handle else None,
                          ctypes.byref(parts)))
    return parts.value


def split_parts(dir: Union[str, os.PathLike]) -> int:
    """The number of parts in a directory ``split`` wrote."""
    parts = ctypes.c_size_t()
    _call(_n.lib.dj_split_parts(os.fsencode(dir), ctypes.byref(parts)))
    return parts.value


def _each_part(call, each: Callable[[int, int, Any], Optional[bool]], as_of, rules, lang, from_,
               read: Callable[[bytes], Any] = lambda raw: _report(json.loads(raw))) -> None:
    """Runs ``call(options, callback)`` (a check in parts), ``each`` called with
    every part's report as ``read`` makes it of the report's JSON; an
    exception ``each`` raises is raised here."""
    options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _date(as_of, "as_of"), _date(from_, "from_"), None,
                              _rules(rules), _n.encode(lang, "lang"), _n.FORMAT_JSON)
    raised: List[BaseException] = []

    def on_part(_context, part, parts, report, size):
        try:
            return 0 if each(part, parts, read(ctypes.string_at(report, size))) is not False else 1
        except BaseException as e:  # carried over the C frames, raised below
            raised.append(e)
            return 1

    callback = _n.PartFn(on_part)
    status = call(ctypes.byref(options), ctypes.cast(callback, ctypes.c_void_p))
    if raised:
        raise raised[0]
    _call(status)


class Checker:
    """A profile and a loaded snapshot, checked as often as you like.

    ``profile`` is a built-in id ("national", "genhe-2020"), a path to a
    textproto or JSON profile, or textproto text that may ``extends`` a
    built-in one.
    """

    def __init__(self, profile: Union[str, os.PathLike] = "national"):
        self._profile = _ProfileHandle(profile)
        self._snapshot = ctypes.c_void_p()

    @property
    def profile(self) -> Dict[str, Any]:
        """The resolved profile, as the Policy message's JSON."""
        return self._profile.resolved()

    def load(self, snapshot: Any, format: Optional[str] = None, *, ignore_unknown_fields: bool = False) -> "Checker":
        """Loads a snapshot: a dict (the JSON schema), bytes (JSON or binary; or give
        ``format``), a path (.json, .pb, .djs), a workbook (.xlsx) or a folder of
        CSV tables (docs/schema.md) or a generated protobuf message. In JSON an integer is
        read where an id is a string (a database's BIGINT key);
        ``ignore_unknown_fields`` passes over the fields (JSON) and columns (CSV)
        the schema lacks instead of refusing them. A failed load raises Error and
        keeps the snapshot loaded before; a path that cannot be read raises the
        OSError of reading it (FileNotFoundError, PermissionError), as ``open``
        would."""
        new = ctypes.c_void_p()
        options = _n.LoadOptions(ctypes.sizeof(_n.LoadOptions), 1 if ignore_unknown_fields else 0)
        if isinstance(snapshot, (str, os.PathLike)) and format is None and (
                os.path.isdir(snapshot) or os.fsdecode(snapshot).lower().endswith(".xlsx")):
            _call(_n.lib.dj_snapshot_load_file(os.fsencode(snapshot), ctypes.byref(options), ctypes.byref(new)))
        else:
            data, fmt = _snapshot_bytes(snapshot, format)
            _call(_n.lib.dj_snapshot_load_with(data, len(data), fmt, ctypes.byref(options), ctypes.byref(new)))
        old, self._snapshot = self._snapshot, new
        if old:
            _n.lib.dj_snapshot_destroy(old)
        return self

    def _require_snapshot(self) -> None:
        if not self._snapshot:
            raise Error(1, "no snapshot loaded: call load() first")

    def check(self, as_of: Optional[Date] = None, scope: Optional[str] = None, rules: Optional[Rules] = None,
              lang: str = "zh", from_: Optional[Date] = None) -> Report:
        """Runs the profile's rules as of a date (default today), over one org's
        subtree (``scope``) or everything, for some rules or families (``rules``:
        a list, or "term, setup") or all, with messages in ``lang`` ("zh" or "en").
        Periods that begin before ``from_`` (default 1 January of as_of's year)
        are not judged."""
        self._require_snapshot()
        options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _date(as_of, "as_of"), _date(from_, "from_"),
                                  _n.encode(scope, "scope"), _rules(rules), _n.encode(lang, "lang"), _n.FORMAT_JSON)
        data = json.loads(_buffer_call(_n.lib.dj_check, self._snapshot, self._profile.pointer, ctypes.byref(options)))
        return _report(data)

    def check_in_parts(self, path: Union[str, os.PathLike], each: Callable[[int, int, Report], Optional[bool]], *,
                       part_bytes: int = 1 << 30, as_of: Optional[Date] = None, rules: Optional[Rules] = None,
                       lang: str = "zh", from_: Optional[Date] = None) -> None:
        """Checks a delimited stream (.djs) too large to load at once, about
        ``part_bytes`` of it at a time, and calls ``each(part, parts, report)``
        with the report of each part in turn; ``each`` returning False stops it
        (Error STOPPED). Needs no snapshot loaded. A part must hold the records
        of its own orgs (dangjian/parts.h); a record that is not where its org is
        raises Error naming it and the part."""
        _each_part(lambda options, callback: _n.lib.dj_check_parts(
            os.fsencode(path), part_bytes, self._profile.pointer, options, callback, None), each, as_of, rules, lang, from_)

    def check_split_parts(self, dir: Union[str, os.PathLike], parts: Iterable[int],
                          each: Callable[[int, int, Report], Optional[bool]], *, as_of: Optional[Date] = None,
                          rules: Optional[Rules] = None, lang: str = "zh", from_: Optional[Date] = None) -> None:
        """Checks ``parts`` (their numbers) of a directory ``split`` wrote, each
        alone, and calls ``each(part, parts, report)`` with each report in turn,
        as ``check_in_parts`` of the whole export does. ``dir`` needs only the
        index (parts.pb), the hierarchy (hierarchy.djs) and these parts' files.
        Needs no snapshot loaded."""
        self._check_split_parts(dir, parts, each, as_of, rules, lang, from_)

    def _check_split_parts(self, dir, parts, each, as_of, rules, lang, from_, **read) -> None:
        which = [int(k) for k in parts]
        if any(k < 0 for k in which):
            raise ValueError("parts: a part's number is 0 or more")
        array = (ctypes.c_size_t * len(which))(*which)
        _each_part(lambda options, callback: _n.lib.dj_check_split_parts(
            os.fsencode(dir), array, len(which), self._profile.pointer, options, callback, None),
            each, as_of, rules, lang, from_, **read)

    def stats_split_parts(self, dir: Union[str, os.PathLike], parts: Iterable[int], *, as_of: Optional[Date] = None,
                          from_: Optional[Date] = None) -> Dict[str, Any]:
        """The statistics (``stats``) of ``parts`` of a directory ``split``
        wrote, each part computed alone: each org's row once, the committees and
        the total rolled up from the hierarchy, so that all the parts give the
        ``stats`` of the whole export. ``dir`` needs the index, the hierarchy and
        these parts' files. Needs no snapshot loaded."""
        return _snake_keys(json.loads(self._stats_split_parts(dir, parts, as_of, from_, [], _n.FORMAT_JSON)))

    def _stats_split_parts(self, dir, parts, as_of, from_, gathered: Sequence[bytes], format: int,
                           lang: str = "zh") -> bytes:
        """The statistics of ``parts`` added to ``gathered`` (binary Statistics
        messages of other parts), in ``format`` (text in ``lang``)."""
        which = [int(k) for k in parts]
        if any(k < 0 for k in which):
            raise ValueError("parts: a part's number is 0 or more")
        options = _n.StatsOptions(ctypes.sizeof(_n.StatsOptions), _date(as_of, "as_of"), _date(from_, "from_"), None,
                                  _n.encode(lang, "lang"), format)
        return _buffer_call(_n.lib.dj_stats_split_parts, os.fsencode(dir), (ctypes.c_size_t * len(which))(*which),
                            len(which), self._profile.pointer, ctypes.byref(options),
                            (ctypes.c_char_p * len(gathered))(*gathered),
                            (ctypes.c_size_t * len(gathered))(*map(len, gathered)), len(gathered))

    def check_text(self, as_of: Optional[Date] = None, scope: Optional[str] = None, lang: str = "zh",
                   rules: Optional[Rules] = None, from_: Optional[Date] = None) -> str:
        """The report for a person, as ``dangjian check`` prints it."""
        self._require_snapshot()
        options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _date(as_of, "as_of"), _date(from_, "from_"),
                                  _n.encode(scope, "scope"), _rules(rules), _n.encode(lang, "lang"), _n.FORMAT_TEXT)
        return _buffer_call(_n.lib.dj_check, self._snapshot, self._profile.pointer, ctypes.byref(options)).decode("utf-8")

    def check_html(self, as_of: Optional[Date] = None, scope: Optional[str] = None, lang: str = "zh",
                   rules: Optional[Rules] = None, from_: Optional[Date] = None) -> str:
        """The report as one self-contained page, as ``dangjian check --format
        html`` writes it: members named by name where the snapshot gives them."""
        self._require_snapshot()
        options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _date(as_of, "as_of"), _date(from_, "from_"),
                                  _n.encode(scope, "scope"), _rules(rules), _n.encode(lang, "lang"), _n.FORMAT_HTML)
        return _buffer_call(_n.lib.dj_check, self._snapshot, self._profile.pointer, ctypes.byref(options)).decode("utf-8")

    def agenda(self, as_of: Optional[Date] = None, days: Optional[int] = None, scope: Optional[str] = None,
               lang: str = "zh", rules: Optional[Rules] = None) -> Agenda:
        """What each org must still do within ``days`` of ``as_of``, by date; by
        default 30 days and on to the end of the month they end in (a month's
        obligations all fall due on its last day). ``rules``: as for ``check``."""
        self._require_snapshot()
        return _agenda(lambda options: _buffer_call(_n.lib.dj_agenda_for_rules, self._snapshot, self._profile.pointer,
                                                    options, _rules(rules)), as_of, days, scope, lang)

    def assess(self, rubric: Union[str, os.PathLike] = "branch-standardization", as_of: Optional[Date] = None,
               manual: Union[dict, str, os.PathLike, None] = None,
               previous: Union[dict, "Assessment", str, os.PathLike, None] = None,
               scope: Optional[str] = None, lang: str = "zh") -> Assessment:
        """Scores the loaded snapshot's orgs with a rubric (a built-in id, a textproto
        file or text): an Assessment, its orgs with score, composite, tier, rank,
        bottom flags, and each item's deductions naming their findings.
        ``manual`` scores are a dict or a JSON file; last time's ``previous``
        assessment a dict, a JSON file, or the JSON of an Assessment returned before."""
        self._require_snapshot()
        return _assess(lambda rubric_bytes, size, options: _buffer_call(
            _n.lib.dj_assess, self._snapshot, self._profile.pointer, rubric_bytes, size, options),
            rubric, as_of, manual, previous, scope, lang)

    def stats(self, as_of: Optional[Date] = None, scope: Optional[str] = None,
              from_: Optional[Date] = None) -> Dict[str, Any]:
        """The organizational-life and dues tables (组织生活汇总, 党费) of the loaded
        snapshot: the Statistics message as a dict, its keys in snake_case.
        ``orgs`` has each org's own figures, ``committees`` each 机关党委 and
        党总支 rolled up, ``total`` the scope's; each a list of ``months``, every
        month with ``meetings`` held and owed by kind (``activities`` names them
        in order) and the dues paid and owed. Months from ``from_`` (default
        January of as_of's year) to ``as_of`` (default today)."""
        self._require_snapshot()
        options = _n.StatsOptions(ctypes.sizeof(_n.StatsOptions), _date(as_of, "as_of"), _date(from_, "from_"),
                                  _n.encode(scope, "scope"), None, _n.FORMAT_JSON)
        data = json.loads(_buffer_call(_n.lib.dj_stats, self._snapshot, self._profile.pointer, ctypes.byref(options)))
        return _snake_keys(data)

    def stats_html(self, as_of: Optional[Date] = None, scope: Optional[str] = None,
                   from_: Optional[Date] = None, lang: str = "zh") -> str:
        """The tables of ``stats`` as one self-contained page, as ``dangjian
        stats --format html`` writes it."""
        self._require_snapshot()
        options = _n.StatsOptions(ctypes.sizeof(_n.StatsOptions), _date(as_of, "as_of"), _date(from_, "from_"),
                                  _n.encode(scope, "scope"), _n.encode(lang, "lang"), _n.FORMAT_HTML)
        return _buffer_call(_n.lib.dj_stats, self._snapshot, self._profile.pointer, ctypes.byref(options)).decode("utf-8")

    def __del__(self):
        snapshot = getattr(self, "_snapshot", None)
        if snapshot:
            self._snapshot = ctypes.c_void_p()
            _n.lib.dj_snapshot_destroy(snapshot)


_HEADER_VERSION = 300  # 0.3.0: the version of dangjian.h this package was written against
if _n.lib.dj_check_version(_HEADER_VERSION) != _n.DJ_OK:
    raise ImportError(f"dangjian: the library ({version()}) is older than this package expects (0.3.0)")


@dataclasses.dataclass
class Delta(_Result):
    """What one event changed: the findings it ``added`` and those it ``resolved``."""
    added: List[Finding]
    resolved: List[Finding]


class Engine:
    """A snapshot held in memory and changed one event at a time, its findings
    kept current: after any sequence of events they are those a full check of
    the changed snapshot gives.

        import dangjian

        engine = dangjian.Engine(dangjian.sample(), as_of=dangjian.SAMPLE_AS_OF)
        # b-kgq has two full members; a third makes it a branch as it should be.
        delta = engine.apply({"memberAdded": {"id": "m9001", "orgId": "b-kgq", "status": "FULL"}})
        print([f.rule_id for f in delta.resolved])     # ['setup.branch_min_full_members']

    An event is a dict in the schema's JSON (an ``Event`` message: memberAdded,
    memberRemoved, memberMoved, statusChanged, positionChanged, termOpened,
    activityRecorded, activityCorrected, duesPaid, orgAdded, orgMoved,
    orgDissolved, memberEventRecorded). A rejected event raises Error and
    changes nothing.
    ``apply_batch`` applies a list of events as one, all or none, and
    ``advance`` moves the date. One thread at a time.
    """

    def __init__(self, snapshot: Any, profile: Union[str, os.PathLike] = "national", as_of: Optional[Date] = None,
                 lang: str = "zh", from_: Optional[Date] = None, format: Optional[str] = None):
        self._profile = _ProfileHandle(profile)
        data, fmt = _snapshot_bytes(snapshot, format)
        options = _n.EngineOptions(ctypes.sizeof(_n.EngineOptions), _date(as_of, "as_of"), _date(from_, "from_"),
                                   _n.encode(lang, "lang"))
        self._engine = ctypes.c_void_p()
        _call(_n.lib.dj_engine_create(data, len(data), fmt, self._profile.pointer, ctypes.byref(options),
                                      ctypes.byref(self._engine)))

    def __del__(self):
        engine = getattr(self, "_engine", None)
        if engine:
            _n.lib.dj_engine_destroy(engine)
            self._engine = None

    def apply(self, event: Dict[str, Any]) -> Delta:
        """Applies one event; the findings it added and resolved."""
        data = json.dumps(event, ensure_ascii=False).encode("utf-8")
        return self._delta(_buffer_call(_n.lib.dj_engine_apply, self._engine, data, len(data), _n.FORMAT_JSON))

    def apply_batch(self, events: List[Dict[str, Any]]) -> Delta:
        """Applies the events as one, each in turn, all or none: what the whole
        batch added and resolved. One rejected event raises Error naming it
        ("events[3].memberRemoved: …") and nothing changes."""
        data = json.dumps({"events": list(events)}, ensure_ascii=False).encode("utf-8")
        return self._delta(_buffer_call(_n.lib.dj_engine_apply_batch, self._engine, data, len(data), _n.FORMAT_JSON))

    def advance(self, as_of: Date) -> Delta:
        """Judges as of a later date from now on: what the days passed added and
        resolved (periods ended unmet, terms fallen due, reminders come into
        their window). A date before the engine's raises Error and changes nothing."""
        return self._delta(_buffer_call(_n.lib.dj_engine_advance, self._engine, _date(as_of, "as_of"), _n.FORMAT_JSON))

    @staticmethod
    def _delta(data: bytes) -> Delta:
        out = json.loads(data)
        return Delta(added=[_build(Finding, f) for f in out.get("added", [])],
                     resolved=[_build(Finding, f) for f in out.get("resolved", [])])

    def agenda(self, as_of: Optional[Date] = None, days: Optional[int] = None, scope: Optional[str] = None,
               lang: str = "zh", rules: Optional[Rules] = None) -> Agenda:
        """The agenda of the engine's data as it is now, as ``Checker.agenda``
        gives it; ``as_of`` defaults to the engine's date. No load."""
        return _agenda(lambda options: _buffer_call(_n.lib.dj_engine_agenda, self._engine, options, _rules(rules)),
                       as_of, days, scope, lang)

    def assess(self, rubric: Union[str, os.PathLike] = "branch-standardization", as_of: Optional[Date] = None,
               manual: Union[dict, str, os.PathLike, None] = None,
               previous: Union[dict, "Assessment", str, os.PathLike, None] = None,
               scope: Optional[str] = None, lang: str = "zh") -> Assessment:
        """An assessment of the engine's data as it is now, with its profile, as
        ``Checker.assess`` gives it; ``as_of`` defaults to the engine's date. No load."""
        return _assess(lambda rubric_bytes, size, options: _buffer_call(
            _n.lib.dj_engine_assess, self._engine, rubric_bytes, size, options),
            rubric, as_of, manual, previous, scope, lang)

    def export(self, format: str = "json") -> bytes:
        """The snapshot as it is now, every field as given and changed since, in
        ``format``: "json", "binary" (at most 2 GiB) or "delimited" (any size);
        what ``Engine`` and ``Checker.load`` read back."""
        formats = {"json": _n.FORMAT_JSON, "binary": _n.FORMAT_BINARY, "delimited": _n.FORMAT_DELIMITED}
        if format not in formats:
            raise Error(1, f"format: {format!r} is not json, binary or delimited")
        return _buffer_call(_n.lib.dj_engine_export, self._engine, formats[format])

    def findings(self) -> List[Finding]:
        """Every current finding, in report order."""
        data = json.loads(_buffer_call(_n.lib.dj_engine_report, self._engine, _n.FORMAT_JSON))
        return [_build(Finding, f) for f in data.get("findings", [])]
