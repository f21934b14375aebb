"""A split export checked on a local Dask cluster: the time of the check and
each worker's peak resident memory (bench/README.md).

usage: python3 bench/cluster.py DIR --workers N [--as-of YYYY-MM-DD] [--tasks T]

DIR is what `dangjian split` wrote. The cluster is N worker processes of
one thread each on this machine; the time is from the first part handed out
to the last finding written (to a temporary file), the cluster's start left
out; with each worker's CPU seconds and the client's (reading and writing the
findings), which a busy machine changes less than the time. Needs the binding importable (PYTHONPATH=bindings/python) and its
library (DANGJIAN_LIBRARY or the build beside it).
"""
import argparse
import json
import os
import resource
import tempfile
import time

import dangjian
import dangjian.distributed
from distributed import Client, LocalCluster


def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--as-of", default="2026-11-30")
    parser.add_argument("--tasks", type=int)
    a = parser.parse_args()
    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        before = client.run(peak_kb)
        cpu_before = client.run(cpu_seconds)
        client_before = cpu_seconds()
        with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
            start = time.monotonic()
            report = dangjian.distributed.check(client, a.dir, as_of=a.as_of, out=out.name, tasks=a.tasks,
                                                progress=False)
            elapsed = time.monotonic() - start
            client_cpu = cpu_seconds() - client_before
            written = os.path.getsize(out.name)
        peaks = client.run(peak_kb)
        cpu = client.run(cpu_seconds)
    print(json.dumps({"workers": a.workers, "parts": dangjian.split_parts(a.dir), "seconds": round(elapsed, 1),
                      "findings": report.summary["total"], "findings_bytes": written,
                      "worker_peak_mb": sorted(round(kb / 1024) for kb in peaks.values()),
                      "worker_idle_mb": sorted(round(kb / 1024) for kb in before.values()),
                      "worker_cpu_s": sorted(round(cpu[w] - cpu_before[w], 1) for w in cpu),
                      "client_cpu_s": round(client_cpu, 1)}))


if __name__ == "__main__":
    main()
