"""A generated export of 200 k members, split into parts and checked on a
local Dask cluster of two worker processes: the same findings as the check in
parts in one process and as the check of the whole export; and the same
statistics as those of the whole export in one process.

usage: distributed_test.py DANGJIAN_GENERATE DANGJIAN
"""
import contextlib
import io
import json
import pathlib
import subprocess
import sys
import tempfile

import dangjian
import dangjian.distributed
from distributed import Client, LocalCluster, get_task_stream

AS_OF = "2026-11-30"
PART_BYTES = 2 << 20  # about 40 parts of the 77 MB export, cut between committees


def canonical(findings):
    return sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in findings)


def main(generate, command):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        export, parts = tmp / "city.djs", tmp / "parts"
        subprocess.run([generate, "--members", "200000", "--seed", "7", "--out", export], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([command, "split", export, "--out", parts, "--part-size", str(PART_BYTES)], check=True,
                       stdout=subprocess.DEVNULL)
        n = dangjian.split_parts(parts)
        assert n >= 20, n

        # The whole check and the check in parts in one process, by the command.
        whole = json.loads(subprocess.run([command, "check", export, "--as-of", AS_OF, "--format", "json"],
                                          check=True, capture_output=True).stdout)
        assert len(whole["findings"]) > 1000, len(whole["findings"])
        in_parts = [f for line in subprocess.run([command, "check", export, "--as-of", AS_OF, "--format", "json",
                                                  "--parts", str(PART_BYTES)], check=True,
                                                 capture_output=True).stdout.splitlines()
                    for f in json.loads(line).get("findings", [])]
        expected = canonical(whole["findings"])
        assert canonical(in_parts) == expected

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            assert len(client.nthreads()) == 2
            lines = tmp / "findings.jsonl"
            with get_task_stream(client) as tasks:
                report = dangjian.distributed.check(client, parts, as_of=AS_OF, out=lines, progress=False)
            gathered = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
            assert canonical(gathered) == expected, "the cluster's findings differ from the whole check's"
            assert report.findings == [] and report.as_of == AS_OF and report.profile_id == whole["profileId"]
            assert report.summary == whole["summary"] and report.summary["total"] == len(gathered)
            # In part order: the lines are the check in parts' findings as it reports them.
            assert [json.dumps(f, sort_keys=True) for f in gathered] == [json.dumps(f, sort_keys=True) for f in in_parts]
            # Both workers checked parts: four runs a worker thread, spread over them.
            assert len(tasks.data) == 8 and len({t["worker"] for t in tasks.data}) == 2, tasks.data

            # From a shell, one report as JSON, at the same scheduler.
            one = tmp / "report.json"
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                assert dangjian.distributed.main([cluster.scheduler_address, str(parts), "--as-of", AS_OF,
                                                  "--out", str(one), "--tasks", "3"]) == 0
            assert "100% Completed" in stderr.getvalue(), stderr.getvalue()  # Dask's progress bar
            assert json.loads(stdout.getvalue())["summary"] == report.summary
            written = json.loads(one.read_text(encoding="utf-8"))
            assert canonical(written["findings"]) == expected
            assert written["summary"] == report.summary

            # Returned whole, without a file: the binding's findings, as its check returns them.
            kept = dangjian.distributed.check(client, parts, as_of=AS_OF, progress=False)
            own = dangjian.Checker().load(export).check(as_of=AS_OF)
            assert sorted(map(repr, kept.findings)) == sorted(map(repr, own.findings)) and len(own.findings) == len(expected)

            # The statistics, each run of parts on a worker and added up here: the whole export's in one
            # process, every org's row, every committee's roll-up (committees span parts) and the total.
            single = json.loads(subprocess.run([command, "stats", export, "--as-of", AS_OF, "--format", "json"],
                                               check=True, capture_output=True).stdout)
            assert len(single["committees"]) > 10 and single["total"]["fullMembers"] > 150000, single["total"]
            with get_task_stream(client) as tasks:
                tables = dangjian.distributed.stats(client, parts, as_of=AS_OF, out=tmp / "stats.json", progress=False)
            assert json.loads((tmp / "stats.json").read_text(encoding="utf-8")) == single
            assert tables == dangjian.Checker().load(export).stats(as_of=AS_OF)
            assert len(tasks.data) == 8 and len({t["worker"] for t in tasks.data}) == 2, tasks.data
            stdout = io.StringIO()
            with contextlib.redirect_stdout(stdout):
                assert dangjian.distributed.main([cluster.scheduler_address, str(parts), "stats", "--as-of", AS_OF,
                                                  "--quiet", "--tasks", "5"]) == 0
            assert json.loads(stdout.getvalue()) == single

            # A directory that is not one split: the binding's error, named.
            try:
                dangjian.distributed.check(client, tmp, as_of=AS_OF, progress=False)
            except dangjian.Error as e:
                assert e.name == "NOT_FOUND" and "parts.pb" in e.message, e
            else:
                raise AssertionError("a directory without parts was checked")
    print(f"{n} parts, {len(expected)} findings: the cluster's, the check in parts' and the whole check's agree; "
          f"the statistics of {len(single['orgs'])} orgs too")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
