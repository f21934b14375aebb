"""dangjian: the rules of party organizations in government organs (机关党建).

A binding over the library's C interface (libdangjian.so), with ctypes and no
compiled extension. It finds ``build/lib/libdangjian.so`` of the repository it
sits in, or the library named by ``DANGJIAN_LIBRARY``.

    import dangjian

    checker = dangjian.Checker(profile="national")
    checker.load(dangjian.sample())                # a dict, bytes, a path or a protobuf message
    report = checker.check(as_of=dangjian.SAMPLE_AS_OF, lang="en")
    for f in report.findings:
        print(f.severity, f.rule_id, f.org_id, f.message)

    dangjian.dues("EMPLOYED", "3000.01")           # Decimal('30.00')

A Checker holds one profile and one loaded snapshot; ``check`` and ``agenda``
on a loaded Checker are safe from many threads at once.
"""
from __future__ import annotations

import ctypes
import dataclasses
import decimal
import json
import os
import pathlib
from typing import Any, Callable, Dict, List, Optional, Sequence, Union

from . import _native as _n

__all__ = [
    "Error", "Checker", "Engine", "Delta", "Report", "Finding", "Agenda", "AgendaItem", "Rule", "Profile",
    "dues", "rules", "profiles", "sample", "version", "SAMPLE_AS_OF",
]

SAMPLE_AS_OF = "2026-11-30"
"""The date the bundled sample is meant to be checked as of."""

_CODES = {1: "INVALID_ARGUMENT", 2: "BAD_INPUT", 3: "NOT_FOUND", 4: "INTERNAL", 5: "VERSION_MISMATCH", 6: "NO_MEMORY",
          7: "STOPPED"}


class Error(Exception):
    """A failure of the library: ``code`` (the C interface's DJ_ number), ``name`` and ``message``."""

    def __init__(self, code: int, message: str):
        super().__init__(f"{_CODES.get(code, code)}: {message}")
        self.code = code
        self.name = _CODES.get(code, str(code))
        self.message = message


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


# ---- results: attributes named as the schema's fields, in snake_case ---------

def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _build(cls, record: Dict[str, Any]):
    fields = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for key, value in record.items():
        name = _snake(key)
        if name in fields:
            values[name] = value
    return cls(**values)


@dataclasses.dataclass(frozen=True)
class Finding:
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


@dataclasses.dataclass(frozen=True)
class Report:
    """What a check returns (dangjian.v1.Report)."""
    as_of: str
    profile_id: str
    findings: List[Finding]
    summary: Dict[str, Any]
    scope: str = ""
    lang: str = ""

    def of(self, rule_id: str) -> List[Finding]:
        """The findings of one rule."""
        return [f for f in self.findings if f.rule_id == rule_id]


def _report(data: Dict[str, Any]) -> Report:
    return Report(as_of=data.get("asOf", ""), profile_id=data.get("profileId", ""),
                  findings=[_build(Finding, f) for f in data.get("findings", [])],
                  summary=data.get("summary", {}), scope=data.get("scope", ""), lang=data.get("lang", ""))


@dataclasses.dataclass(frozen=True)
class AgendaItem:
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
class Agenda:
    as_of: str
    days: int
    profile_id: str
    items: List[AgendaItem]
    scope: str = ""


@dataclasses.dataclass(frozen=True)
class Rule:
    """A rule of the catalogue (dangjian.v1.RuleDescription)."""
    id: str = ""
    severity: str = ""
    subject: str = ""
    citation: str = ""
    title: str = ""
    explanation: str = ""
    always_on: bool = False


@dataclasses.dataclass(frozen=True)
class Profile:
    id: str = ""
    title: str = ""
    extends: str = ""


# ---- the catalogue, profiles, dues, the sample --------------------------------

def rules(lang: str = "zh") -> List[Rule]:
    """Every rule: id, default severity, subject, citation, title, explanation."""
    data = json.loads(_buffer_call(_n.lib.dj_rules, _n.encode(lang), _n.FORMAT_JSON))
    return [_build(Rule, r) for r in data.get("rules", [])]


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
        amount = decimal.Decimal(str(income))
        if amount != amount.quantize(decimal.Decimal("0.01")):
            raise Error(1, f"income: {income!r} has more than two decimals")
        cents = int(amount * 100)
    handle = _ProfileHandle(profile) if profile is not None and not isinstance(profile, _ProfileHandle) else profile
    out = ctypes.c_int64()
    _call(_n.lib.dj_dues_standard(code, cents, handle.pointer if handle else None, ctypes.byref(out)))
    return (decimal.Decimal(out.value) / 100).quantize(decimal.Decimal("0.01"))


def sample() -> bytes:
    """The bundled sample city, as Snapshot JSON; check it as of SAMPLE_AS_OF."""
    return _buffer_call(_n.lib.dj_sample)


# ---- profiles and snapshots --------------------------------------------------

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
            _call(_n.lib.dj_profile_builtin(text.encode("utf-8"), ctypes.byref(self.pointer)))

    def resolved(self) -> Dict[str, Any]:
        return json.loads(_buffer_call(_n.lib.dj_profile_resolved, self.pointer, _n.FORMAT_JSON))

    def __del__(self):
        pointer = getattr(self, "pointer", None)
        if pointer:
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

    def load(self, snapshot: Any, format: Optional[str] = None) -> "Checker":
        """Loads a snapshot: a dict (the JSON schema), bytes (JSON or binary; or give
        ``format``), a path (.json, .pb, .djs) or a generated protobuf message.
        A failed load raises Error and keeps the snapshot loaded before."""
        data, fmt = _snapshot_bytes(snapshot, format)
        new = ctypes.c_void_p()
        _call(_n.lib.dj_snapshot_load(data, len(data), fmt, ctypes.byref(new)))
        old, self._snapshot = self._snapshot, new
        if old:
            _n.lib.dj_snapshot_destroy(old)
        return self

    def _require_snapshot(self) -> None:
        if not self._snapshot:
            raise Error(1, "no snapshot loaded: call load() first")

    def check(self, as_of: Optional[str] = None, scope: Optional[str] = None, rules: Optional[Sequence[str]] = None,
              lang: str = "zh", from_: Optional[str] = None) -> Report:
        """Runs the profile's rules as of a date ("YYYY-MM-DD"; default today), over
        one org's subtree (``scope``) or everything, for some rules or families
        (``rules``) or all, with messages in ``lang`` ("zh" or "en")."""
        self._require_snapshot()
        options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _n.encode(as_of), _n.encode(from_), _n.encode(scope),
                                  _n.encode(",".join(rules)) if rules else None, _n.encode(lang), _n.FORMAT_JSON)
        data = json.loads(_buffer_call(_n.lib.dj_check, self._snapshot, self._profile.pointer, ctypes.byref(options)))
        return _report(data)

    def check_in_parts(self, path: Union[str, os.PathLike], each: Callable[[int, int, Report], Optional[bool]], *,
                       part_bytes: int = 1 << 30, as_of: Optional[str] = None, rules: Optional[Sequence[str]] = None,
                       lang: str = "zh", from_: Optional[str] = None) -> None:
        """Checks a delimited stream (.djs) too large to load at once, about
        ``part_bytes`` of it at a time, and calls ``each(part, parts, report)``
        with the report of each part in turn; ``each`` returning False stops it
        (Error STOPPED). Needs no snapshot loaded. A part must hold the records
        of its own orgs (dangjian/parts.h); a record that is not where its org is
        raises Error naming it and the part."""
        options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _n.encode(as_of), _n.encode(from_), None,
                                  _n.encode(",".join(rules)) if rules else None, _n.encode(lang), _n.FORMAT_JSON)
        raised: List[BaseException] = []

        def on_part(_context, part, parts, report, size):
            try:
                return 0 if each(part, parts, _report(json.loads(ctypes.string_at(report, size)))) is not False else 1
            except BaseException as e:  # carried over the C frames, raised below
                raised.append(e)
                return 1

        callback = _n.PartFn(on_part)
        status = _n.lib.dj_check_parts(os.fsencode(path), part_bytes, self._profile.pointer, ctypes.byref(options),
                                       ctypes.cast(callback, ctypes.c_void_p), None)
        if raised:
            raise raised[0]
        _call(status)

    def check_text(self, as_of: Optional[str] = None, scope: Optional[str] = None, lang: str = "zh") -> str:
        """The report for a person, as ``dangjian check`` prints it."""
        self._require_snapshot()
        options = _n.CheckOptions(ctypes.sizeof(_n.CheckOptions), _n.encode(as_of), None, _n.encode(scope), None,
                                  _n.encode(lang), _n.FORMAT_TEXT)
        return _buffer_call(_n.lib.dj_check, self._snapshot, self._profile.pointer, ctypes.byref(options)).decode("utf-8")

    def agenda(self, as_of: Optional[str] = None, days: int = 30, scope: Optional[str] = None,
               lang: str = "zh") -> Agenda:
        """What each org must still do within ``days`` of ``as_of``, by date."""
        self._require_snapshot()
        options = _n.AgendaOptions(ctypes.sizeof(_n.AgendaOptions), _n.encode(as_of), days, _n.encode(scope),
                                   _n.encode(lang), _n.FORMAT_JSON)
        data = json.loads(_buffer_call(_n.lib.dj_agenda, self._snapshot, self._profile.pointer, ctypes.byref(options)))
        return Agenda(as_of=data.get("asOf", ""), days=data.get("days", 0), profile_id=data.get("profileId", ""),
                      items=[_build(AgendaItem, i) for i in data.get("items", [])], scope=data.get("scope", ""))

    def assess(self, rubric: Union[str, os.PathLike] = "branch-standardization", as_of: Optional[str] = None,
               manual: Union[dict, str, os.PathLike, None] = None, previous: Union[dict, str, os.PathLike, None] = None,
               scope: Optional[str] = None, lang: str = "zh") -> Dict[str, Any]:
        """Scores the loaded snapshot's orgs with a rubric (a built-in id, a textproto
        file or text): the Assessment message as a dict (orgs with score, composite,
        tier, rank, bottom flags, and each item's deductions naming their findings).
        ``manual`` scores and last time's ``previous`` assessment are dicts or JSON files."""
        self._require_snapshot()

        def as_json(value):
            if value is None:
                return None
            if isinstance(value, dict):
                return json.dumps(value, ensure_ascii=False).encode("utf-8")
            return pathlib.Path(value).read_bytes()

        text = str(rubric)
        if isinstance(rubric, os.PathLike) or os.path.exists(text):
            rubric_bytes = pathlib.Path(rubric).read_bytes()
        elif "\n" in text or ":" in text:
            rubric_bytes = text.encode("utf-8")
        else:
            rubric_bytes = None
        manual_bytes, previous_bytes = as_json(manual), as_json(previous)
        options = _n.AssessOptions(ctypes.sizeof(_n.AssessOptions), _n.encode(as_of), _n.encode(scope), _n.encode(lang),
                                   manual_bytes, len(manual_bytes or b""), previous_bytes, len(previous_bytes or b""),
                                   _n.FORMAT_JSON)
        data = _buffer_call(_n.lib.dj_assess, self._snapshot, self._profile.pointer,
                            rubric_bytes if rubric_bytes is not None else text.encode("utf-8"),
                            len(rubric_bytes) if rubric_bytes is not None else 0, ctypes.byref(options))
        return json.loads(data)

    def __del__(self):
        snapshot = getattr(self, "_snapshot", None)
        if snapshot:
            _n.lib.dj_snapshot_destroy(snapshot)


_HEADER_VERSION = 300  # 0.3.0: the version of dangjian.h this package was written against
if _n.lib.dj_check_version(_HEADER_VERSION) != _n.DJ_OK:
    raise ImportError(f"dangjian: the library ({version()}) is older than this package expects (0.3.0)")


@dataclasses.dataclass
class Delta:
    """What one event changed: the findings it ``added`` and those it ``resolved``."""
    added: List[Finding]
    resolved: List[Finding]


class Engine:
    """A snapshot held in memory and changed one event at a time, its findings
    kept current: after any sequence of events they are those a full check of
    the changed snapshot gives.

        engine = dangjian.Engine(dangjian.sample(), as_of=dangjian.SAMPLE_AS_OF)
        delta = engine.apply({"statusChanged": {"memberId": "m-0001", "status": "FULL"}})

    An event is a dict in the schema's JSON (an ``Event`` message: memberAdded,
    memberRemoved, memberMoved, statusChanged, positionChanged, termOpened,
    activityRecorded, activityCorrected, duesPaid, orgAdded, orgMoved,
    orgDissolved). A rejected event raises Error and changes nothing. One
    thread at a time.
    """

    def __init__(self, snapshot: Any, profile: Union[str, os.PathLike] = "national", as_of: Optional[str] = None,
                 lang: str = "zh", from_: Optional[str] = None, format: Optional[str] = None):
        self._profile = _ProfileHandle(profile)
        data, fmt = _snapshot_bytes(snapshot, format)
        options = _n.EngineOptions(ctypes.sizeof(_n.EngineOptions), _n.encode(as_of), _n.encode(from_), _n.encode(lang))
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
        out = json.loads(_buffer_call(_n.lib.dj_engine_apply, self._engine, data, len(data), _n.FORMAT_JSON))
        return Delta(added=[_build(Finding, f) for f in out.get("added", [])],
                     resolved=[_build(Finding, f) for f in out.get("resolved", [])])

    def findings(self) -> List[Finding]:
        """Every current finding, in report order."""
        data = json.loads(_buffer_call(_n.lib.dj_engine_report, self._engine, _n.FORMAT_JSON))
        return [_build(Finding, f) for f in data.get("findings", [])]
