"""A generated export of 200 k members, split into parts and checked on a
local Dask cluster of two worker processes: the same findings as the check in
parts in one process and as the check of the whole export.

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

        checker = dangjian.Checker()
        whole = checker.load(export).check(as_of=AS_OF)
        assert len(whole.findings) > 1000, len(whole.findings)
        in_parts = []
        checker.check_in_parts(export, lambda _k, _n, report: in_parts.extend(f.to_dict() for f in report.findings),
                               part_bytes=PART_BYTES, as_of=AS_OF)
        expected = canonical(f.to_dict() for f in whole.findings)
        assert canonical(in_parts) == expected

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            assert len(client.nthreads()) == 2
            lines = tmp / "findings.jsonl"
            with get_task_stream(client) as tasks:
                report = dangjian.distributed.check(client, parts, as_of=AS_OF, out=lines, progress=False)
            gathered = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
            assert canonical(gathered) == expected, "the cluster's findings differ from the whole check's"
            assert report.findings == [] and report.as_of == AS_OF and report.profile_id == whole.profile_id
            assert report.summary["total"] == whole.summary["total"] == len(gathered)
            assert report.summary["bySeverity"] == whole.summary["bySeverity"]
            assert report.summary["byRule"] == whole.summary["byRule"]
            assert report.summary["byOrg"] == whole.summary["byOrg"]
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

            # Returned whole, without a file.
            kept = dangjian.distributed.check(client, parts, as_of=AS_OF, progress=False)
            assert canonical(f.to_dict() for f in kept.findings) == expected

            # A directory that is not one split: the binding's error, named.
            try:
                dangjian.distributed.check(client, tmp, as_of=AS_OF, progress=False)
            except dangjian.Error as e:
                assert e.name == "NOT_FOUND" and "parts.pb" in e.message, e
            else:
                raise AssertionError("a directory without parts was checked")
    print(f"{n} parts, {len(expected)} findings: the cluster's, the check in parts' and the whole check's agree")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
