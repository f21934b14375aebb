"""Policy testing for pytest users: assertions on findings, and case files.

    import dangjian
    from dangjian.testing import assert_findings, run_cases

    report = dangjian.Checker("genhe-2020").load(dangjian.sample()).check(as_of="2026-11-30")
    assert_findings(report, present=[{"rule_id": "life.theme_day", "org_id": "b-kgq", "period": "2026-03"}],
                    absent=[{"rule_id": "setup.branch_min_full_members", "org_id": "b-gaj-xz"}])

    def test_my_cases():
        run_cases("tests/cases")          # fails with one line per failing case; run from the repository
"""
from __future__ import annotations

import ctypes
import json
import pathlib
from typing import Dict, Iterable, List, Optional, Union

from . import Error, Finding, Report, _buffer_call
from . import _native as _n

_FIELDS = ("rule_id", "org_id", "member_id", "activity_id", "unit_id", "period", "severity")


def _matches(expected: Dict[str, str], finding: Finding) -> bool:
    unknown = set(expected) - set(_FIELDS)
    if unknown:
        raise ValueError(f"expectation fields {sorted(unknown)} are not among {_FIELDS}")
    return all(getattr(finding, k) == v for k, v in expected.items() if v)


def _describe(expected: Dict[str, str]) -> str:
    return " ".join(f"{k}={v}" for k, v in expected.items() if v)


def assert_findings(report: Report, present: Iterable[Dict[str, str]] = (), absent: Iterable[Dict[str, str]] = (),
                    exact: bool = False) -> None:
    """Asserts that each of ``present`` matches a finding, that none of
    ``absent`` does, and, when ``exact``, that every finding matches one of
    ``present``. An expectation is a dict of finding fields (rule_id, org_id,
    member_id, activity_id, unit_id, period, severity)."""
    present, absent = list(present), list(absent)
    problems: List[str] = []
    for e in present:
        if not any(_matches(e, f) for f in report.findings):
            problems.append(f"missing {_describe(e)}")
    for e in absent:
        for f in report.findings:
            if _matches(e, f):
                problems.append(f"unexpected {f.rule_id} org={f.org_id} member={f.member_id}: {f.message}")
                break
    if exact:
        for f in report.findings:
            if not any(_matches(e, f) for e in present):
                problems.append(f"extra {f.rule_id} org={f.org_id} member={f.member_id} period={f.period}: {f.message}")
    if problems:
        raise AssertionError("\n".join(problems))


def run_case_file(path: Union[str, pathlib.Path]) -> dict:
    """Runs one case file; its CaseResults as a dict (results, passed, failed)."""
    path = pathlib.Path(path)
    data = path.read_bytes()
    fmt = _n.FORMAT_JSON if path.suffix == ".json" else _n.FORMAT_TEXTPROTO
    results = json.loads(_buffer_call(_n.lib.dj_run_cases, data, len(data), fmt, str(path.parent).encode()))
    for r in results.get("results", []):
        r["file"] = str(path)
    return results


def run_cases(*paths: Union[str, pathlib.Path]) -> int:
    """Runs case files and folders of them (.textproto, .txtpb, .json); raises
    AssertionError with one line per failing case. Returns how many passed."""
    files: List[pathlib.Path] = []
    for p in map(pathlib.Path, paths):
        files += sorted(x for x in p.rglob("*") if x.suffix in (".textproto", ".txtpb", ".json")) if p.is_dir() else [p]
    passed, failures = 0, []
    for f in files:
        try:
            results = run_case_file(f)
        except Error as e:
            failures.append(f"{f}: {e.message}")
            continue
        passed += results.get("passed", 0)
        for r in results.get("results", []):
            if not r.get("passed"):
                failures.append(f"{f}: {r.get('name', '')}: " + "; ".join(r.get("problems", [])))
    if failures:
        raise AssertionError(f"{len(failures)} failed, {passed} passed:\n" + "\n".join(failures))
    return passed
