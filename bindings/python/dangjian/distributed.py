"""A split export checked on a Dask cluster (Debian's python3-distributed).

``dangjian split`` (or ``dangjian.split``) writes an export as parts that
stand alone: part files, the hierarchy and an index in one directory.
``check`` hands the parts to the cluster's workers, each checking its parts
through the binding as ``checker.check_split_parts`` does, and gathers one
result: the summary of every part added up, and the findings written to a
file (JSON lines, or one report) or returned. ``stats`` does the same for the
statistics (``Checker.stats``): each worker computes its parts', the client
adds them up into those of the whole export.

    from distributed import Client
    import dangjian.distributed

    client = Client("tcp://scheduler:8786")
    report = dangjian.distributed.check(client, "/shared/nation-parts", as_of="2026-11-30",
                                        out="findings.jsonl")
    print(report.summary["total"], report.summary["bySeverity"])
    tables = dangjian.distributed.stats(client, "/shared/nation-parts", as_of="2026-11-30")
    print(tables["total"]["full_members"])

Every worker must import ``dangjian`` and find libdangjian.so (installed with
pip, or through ``PYTHONPATH`` and ``DANGJIAN_LIBRARY``) and read DIR's
``parts.pb``, ``hierarchy.djs`` and the part files it is given, at the same
path: a shared file system, or the directory copied to each machine. The
client reads ``parts.pb`` (and, for ``stats``, ``hierarchy.djs``) there too.

From a shell: ``python3 -m dangjian.distributed SCHEDULER DIR [check|stats] [options]``
(``--help``); SCHEDULER ``local:N`` starts a cluster of N worker processes on
this machine.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import sys
from typing import Any, Dict, List, Optional, Sequence, Union

import dangjian

__all__ = ["check", "stats", "main"]

def _check_parts(dir: str, parts: Sequence[int], profile: str, as_of: Optional[str], rules: Optional[str],
                 lang: str, from_: Optional[str]) -> List[bytes]:
    """On a worker: the parts ``parts`` of ``dir``, each checked alone, their
    reports as the library's JSON (a Report message), read on the client."""
    checker = dangjian.Checker(profile)
    out: List[bytes] = []
    checker._check_split_parts(dir, parts, lambda _part, _parts, report: out.append(report), as_of, rules, lang, from_,
                               read=bytes)
    return out


def _stats_parts(dir: str, parts: Sequence[int], profile: str, as_of: str, from_: Optional[str]) -> bytes:
    """On a worker: the statistics of the parts ``parts`` of ``dir``, as one
    binary Statistics message, added up on the client."""
    return dangjian.Checker(profile)._stats_split_parts(dir, parts, as_of, from_, [], dangjian._n.FORMAT_BINARY)


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
    whole report as one JSON object, as ``dangjian check --format json``
    writes one; any other path one finding a line (JSON lines, each finding
    as the report writes it), the returned report then carrying the summary
    alone.

    ``profile`` is a built-in id or a profile file every worker can read;
    ``as_of`` defaults to today here, one day for every part. ``tasks``: how
    many runs of parts are handed out (default: four for each of the
    cluster's threads); each run reads the hierarchy once. ``progress`` shows Dask's progress bar on stderr while
    the parts are checked."""
    dir = os.fspath(dir)
    profile = os.fspath(profile)
    as_of_text = dangjian._date(as_of if as_of is not None else datetime.date.today(), "as_of")
    from_text = dangjian._date(from_, "from_")
    rules_text = dangjian._rules(rules)
    args = (profile, as_of_text.decode() if as_of_text else None, rules_text.decode() if rules_text else None, lang,
            from_text.decode() if from_text else None)
    futures = _run(client, _check_parts, dir, tasks, progress, *args)

    summary: Dict[str, Any] = {"total": 0, "byRule": {}, "bySeverity": {}, "byOrg": {}}
    kept: List[Dict[str, Any]] = []
    first: Dict[str, Any] = {}
    lines = out is not None and not os.fspath(out).endswith(".json")
    sink = open(out, "w", encoding="utf-8") if lines else None
    try:
        # In part order, a run at a time: the client holds one run's findings.
        for future in futures:
            for raw in future.result():
                part = json.loads(raw)
                first = first or part
                _add(summary, part.get("summary", {}))
                if sink is not None:
                    sink.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in part.get("findings", []))
                else:
                    kept.extend(part.get("findings", []))
            future.release()
    finally:
        if sink is not None:
            sink.close()
    whole = {"asOf": as_of_text.decode(), "profileId": first.get("profileId", ""), "findings": kept,
             "summary": summary, "lang": lang, "rules": first.get("rules", [])}
    if out is not None and not lines:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(whole, f, ensure_ascii=False)
            f.write("\n")
        whole["findings"] = []
    return dangjian._report(whole)


def _run(client: Any, fn: Any, dir: str, tasks: Optional[int], progress: bool, *args: Any) -> List[Any]:
    """``fn(dir, parts, *args)`` over every part of ``dir``, in ``tasks`` runs
    of parts (default: four for each of the cluster's threads); the futures in
    part order, Dask's progress bar on stderr while they run."""
    parts = dangjian.split_parts(dir)
    if tasks is None:
        threads = sum(client.nthreads().values()) or 1
        tasks = 4 * threads
    futures = [client.submit(fn, dir, batch, *args, pure=False) for batch in _batches(parts, tasks)]
    if progress and futures:
        import distributed
        with contextlib.redirect_stdout(sys.stderr):  # the bar on stderr, stdout kept for results
            distributed.progress(futures, notebook=False)
    return futures


def stats(client: Any, dir: Union[str, os.PathLike], *, profile: str = "national", as_of: Optional[dangjian.Date] = None,
          from_: Optional[dangjian.Date] = None, out: Union[str, os.PathLike, None] = None, tasks: Optional[int] = None,
          progress: bool = True) -> Dict[str, Any]:
    """The statistics of the whole export split in ``dir``, computed on the
    cluster of ``client``: each run of parts on a worker, added up here with
    the hierarchy, so that every org's row, every committee's roll-up and the
    total are those ``Checker.stats`` gives of the whole export loaded at
    once. Returned as ``Checker.stats`` returns them (a dict, keys in
    snake_case); ``out`` gets them as JSON too, as ``dangjian stats --format
    json`` writes them. ``profile``, ``as_of`` (default today here), ``tasks``
    and ``progress`` as for ``check``."""
    raw = _stats_json(client, dir, profile, as_of, from_, tasks, progress)
    if out is not None:
        with open(out, "wb") as f:
            f.write(raw)
    return dangjian._snake_keys(json.loads(raw))


def _stats_json(client: Any, dir: Union[str, os.PathLike], profile: Union[str, os.PathLike],
                as_of: Optional[dangjian.Date], from_: Optional[dangjian.Date], tasks: Optional[int],
                progress: bool) -> bytes:
    """``stats`` as the library's JSON."""
    dir = os.fspath(dir)
    profile = os.fspath(profile)
    checker = dangjian.Checker(profile)  # a profile that does not load fails here, before the cluster is asked
    as_of_text = dangjian._date(as_of if as_of is not None else datetime.date.today(), "as_of").decode()
    from_text = dangjian._date(from_, "from_")
    from_text = from_text.decode() if from_text else None
    futures = _run(client, _stats_parts, dir, tasks, progress, profile, as_of_text, from_text)
    gathered = [future.result() for future in futures]
    for future in futures:
        future.release()
    return checker._stats_split_parts(dir, [], as_of_text, from_text, gathered, dangjian._n.FORMAT_JSON)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python3 -m dangjian.distributed SCHEDULER DIR [check|stats] [options]``."""
    parser = argparse.ArgumentParser(
        prog="python3 -m dangjian.distributed",
        description="Checks a directory `dangjian split` wrote on a Dask cluster: each part on a worker, the "
                    "findings gathered. Prints the summary of the whole export as JSON. With stats, the "
                    "statistics of the whole export instead, as `dangjian stats --format json` prints them.")
    parser.add_argument("scheduler", metavar="SCHEDULER",
                        help="the scheduler's address (tcp://host:8786), or local:N for N worker processes here")
    parser.add_argument("dir", metavar="DIR", help="the parts, at this path on every worker")
    parser.add_argument("verb", nargs="?", default="check", choices=("check", "stats"),
                        help="check (default), or stats: the organizational-life and dues tables")
    parser.add_argument("--profile", default="national", help="a built-in profile or a file (default national)")
    parser.add_argument("--as-of", help="the date to judge as of, YYYY-MM-DD (default today)")
    parser.add_argument("--from", dest="from_", help="judge the periods that begin on or after this day")
    parser.add_argument("--rules", help="only these rules or families (term,setup)")
    parser.add_argument("--lang", default="zh", choices=("zh", "en"), help="the language of the findings")
    parser.add_argument("--out", help="where to write the findings: FILE.jsonl one a line, FILE.json one report; "
                                      "with stats, the statistics as JSON (the total alone printed)")
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
        if a.verb == "stats":
            if a.rules:
                parser.error("--rules: stats count every rule's obligations")
            raw = _stats_json(client, a.dir, a.profile, a.as_of, a.from_, a.tasks, not a.quiet)
        else:
            report = check(client, a.dir, profile=a.profile, as_of=a.as_of, rules=a.rules, lang=a.lang, from_=a.from_,
                           out=a.out, tasks=a.tasks, progress=not a.quiet)
    except dangjian.Error as e:
        print(f"dangjian.distributed: {e.message}", file=sys.stderr)
        return 2
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if a.verb == "stats":
        if a.out is None:
            sys.stdout.write(raw.decode("utf-8"))
            return 0
        with open(a.out, "wb") as f:
            f.write(raw)
        whole = json.loads(raw)
        json.dump({k: whole[k] for k in ("asOf", "from", "profileId", "total") if k in whole}, sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
        return 0
    json.dump({"asOf": report.as_of, "profileId": report.profile_id, "summary": report.summary}, sys.stdout,
              ensure_ascii=False, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
