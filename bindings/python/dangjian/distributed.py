"""A split export checked on a Dask cluster (Debian's python3-distributed).

``dangjian split`` (or ``dangjian.split``) writes an export as parts that
stand alone: part files, the hierarchy and an index in one directory.
``check`` hands the parts to the cluster's workers, each checking its parts
through the binding as ``checker.check_split_parts`` does, and gathers one
result: the summary of every part added up, and the findings written to a
file (JSON lines, or one report) or returned.

    from distributed import Client
    import dangjian.distributed

    client = Client("tcp://scheduler:8786")
    report = dangjian.distributed.check(client, "/shared/nation-parts", as_of="2026-11-30",
                                        out="findings.jsonl")
    print(report.summary["total"], report.summary["bySeverity"])

Every worker must import ``dangjian`` and find libdangjian.so (installed with
pip, or through ``PYTHONPATH`` and ``DANGJIAN_LIBRARY``) and read DIR's
``parts.pb``, ``hierarchy.djs`` and the part files it is given, at the same
path: a shared file system, or the directory copied to each machine.

From a shell: ``python3 -m dangjian.distributed SCHEDULER DIR [options]``
(``--help``); SCHEDULER ``local:N`` starts a cluster of N worker processes on
this machine.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import json
import os
import sys
from typing import Any, Dict, List, Optional, Sequence, Union

import dangjian

__all__ = ["check", "main"]

# One part's report as a worker hands it back: its fields, the findings as
# dicts (Finding.to_dict).
_Part = Dict[str, Any]


def _check_parts(dir: str, parts: Sequence[int], profile: str, as_of: Optional[str], rules: Optional[str],
                 lang: str, from_: Optional[str]) -> List[_Part]:
    """On a worker: the parts ``parts`` of ``dir``, each checked alone."""
    checker = dangjian.Checker(profile)
    out: List[_Part] = []

    def each(part: int, _parts: int, report: dangjian.Report) -> None:
        out.append({"part": part, "as_of": report.as_of, "profile_id": report.profile_id, "rules": report.rules,
                    "summary": report.summary, "findings": [f.to_dict() for f in report.findings]})

    checker.check_split_parts(dir, parts, each, as_of=as_of, rules=rules, lang=lang, from_=from_)
    return out


def _add(total: Dict[str, Any], summary: Dict[str, Any]) -> None:
    """Adds one part's summary (a Summary message's JSON) to ``total``: the
    count and each map's counts (by rule, severity and org)."""
    total["total"] = total.get("total", 0) + summary.get("total", 0)
    for key in ("byRule", "bySeverity", "byOrg"):
        counts = total.setdefault(key, {})
        for name, n in summary.get(key, {}).items():
            counts[name] = counts.get(name, 0) + n


def _batches(parts: int, tasks: int) -> List[List[int]]:
    """The parts 0..parts-1 in ``tasks`` runs of consecutive parts, as even as
    can be (a worker reads the hierarchy once a run)."""
    tasks = max(1, min(tasks, parts))
    return [list(range(parts * t // tasks, parts * (t + 1) // tasks)) for t in range(tasks)]


def check(client: Any, dir: Union[str, os.PathLike], *, profile: str = "national", as_of: Optional[dangjian.Date] = None,
          rules: Optional[dangjian.Rules] = None, lang: str = "zh", from_: Optional[dangjian.Date] = None,
          out: Union[str, os.PathLike, None] = None, tasks: Optional[int] = None,
          progress: bool = True) -> dangjian.Report:
    """Checks every part of the split directory ``dir`` on the cluster of
    ``client`` (a ``distributed.Client``) and returns the report of the whole
    export: its summary the parts' added up; its findings every part's, in
    part order, unless ``out`` is given. ``out`` ending in ``.json`` gets the
    whole report as one JSON object; any other path one finding a line (JSON
    lines, the findings' fields as ``Finding.to_dict`` names them), the
    returned report then carrying the summary alone.

    ``profile`` is a built-in id or a profile file every worker can read;
    ``as_of`` defaults to today here, one day for every part. ``tasks``: how many runs of parts are handed
    out (default: four for each of the cluster's threads); each run reads the
    hierarchy once. ``progress`` shows Dask's progress bar on stderr while
    the parts are checked."""
    dir = os.fspath(dir)
    parts = dangjian.split_parts(dir)
    profile = os.fspath(profile)
    as_of_text = dangjian._date(as_of if as_of is not None else datetime.date.today(), "as_of")
    from_text = dangjian._date(from_, "from_")
    rules_text = dangjian._rules(rules)
    args = (profile, as_of_text.decode() if as_of_text else None, rules_text.decode() if rules_text else None, lang,
            from_text.decode() if from_text else None)
    if tasks is None:
        threads = sum(client.nthreads().values()) or 1
        tasks = 4 * threads
    futures = [client.submit(_check_parts, dir, batch, *args, pure=False) for batch in _batches(parts, tasks)]
    if progress and futures:
        import distributed
        with contextlib.redirect_stdout(sys.stderr):  # the bar on stderr, stdout kept for results
            distributed.progress(futures, notebook=False)

    summary: Dict[str, Any] = {"total": 0, "byRule": {}, "bySeverity": {}, "byOrg": {}}
    kept: List[dangjian.Finding] = []
    first: Optional[_Part] = None
    lines = out is not None and not os.fspath(out).endswith(".json")
    sink = open(out, "w", encoding="utf-8") if lines else None
    try:
        # In part order, a run at a time: the client holds one run's findings.
        for future in futures:
            for part in future.result():
                first = first or part
                _add(summary, part["summary"])
                if sink is not None:
                    for f in part["findings"]:
                        sink.write(json.dumps(f, ensure_ascii=False) + "\n")
                else:
                    kept.extend(dangjian.Finding(**f) for f in part["findings"])
            future.release()
    finally:
        if sink is not None:
            sink.close()
    report = dangjian.Report(as_of=as_of_text.decode(), profile_id=first["profile_id"] if first else "", findings=kept,
                             summary=summary, lang=lang, rules=first["rules"] if first else [])
    if out is not None and not lines:
        with open(out, "w", encoding="utf-8") as f:
            f.write(report.to_json() + "\n")
        report = dataclasses.replace(report, findings=[])
    return report


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python3 -m dangjian.distributed SCHEDULER DIR [options]``."""
    parser = argparse.ArgumentParser(
        prog="python3 -m dangjian.distributed",
        description="Checks a directory `dangjian split` wrote on a Dask cluster: each part on a worker, the "
                    "findings gathered. Prints the summary of the whole export as JSON.")
    parser.add_argument("scheduler", metavar="SCHEDULER",
                        help="the scheduler's address (tcp://host:8786), or local:N for N worker processes here")
    parser.add_argument("dir", metavar="DIR", help="the parts, at this path on every worker")
    parser.add_argument("--profile", default="national", help="a built-in profile or a file (default national)")
    parser.add_argument("--as-of", help="the date to judge as of, YYYY-MM-DD (default today)")
    parser.add_argument("--from", dest="from_", help="judge the periods that begin on or after this day")
    parser.add_argument("--rules", help="only these rules or families (term,setup)")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"), help="the language of the findings")
    parser.add_argument("--out", help="where to write the findings: FILE.jsonl one a line, FILE.json one report")
    parser.add_argument("--tasks", type=int, help="runs of parts handed out (default: 4 a worker thread)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    a = parser.parse_args(argv)

    from distributed import Client, LocalCluster
    cluster = None
    if a.scheduler.startswith("local"):
        _, _, n = a.scheduler.partition(":")
        if n and not n.isdigit():
            parser.error(f"SCHEDULER: local:N takes a number of workers, not {n!r}")
        cluster = LocalCluster(n_workers=int(n or 2), threads_per_worker=1, processes=True)
        client = Client(cluster)
    else:
        client = Client(a.scheduler)
    try:
        report = check(client, a.dir, profile=a.profile, as_of=a.as_of, rules=a.rules, lang=a.lang, from_=a.from_,
                       out=a.out, tasks=a.tasks, progress=not a.quiet)
    except dangjian.Error as e:
        print(f"dangjian.distributed: {e.message}", file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    json.dump({"asOf": report.as_of, "profileId": report.profile_id, "summary": report.summary}, sys.stdout,
              ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
