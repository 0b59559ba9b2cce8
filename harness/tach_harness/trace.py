"""Where a forked test's time goes, per test, for benchmarks: ``TACH_TRACE=FILE``.

When set, each worker appends one JSON line per test it forked::

    {"test": ID, "fork_ms": 3.2, "child_ms": 48.1, "after_ms": 2.4, "inherit_ms": 0.1,
     "child_faults": 1650, "child_utime_ms": 20.3, "child_stime_ms": 19.1, "worker_rss_kb": 88548,
     "child_scheduled_ms": 0.4, "child_setup_ms": 5.1, "protocol_ms": 30.2, "report_ms": 2.0,
     "exit_ms": 9.9}

The last five split ``child_ms`` at marks the child takes itself: from the fork to its
first instruction, its own set-up, pytest's protocol, building the report, and the exit.

``fork_ms`` is the worker's ``fork()``; ``child_ms`` the child's whole life as the worker
waits for it (set-up, pytest's protocol, exit); ``after_ms`` reading the result and
reaping leftovers; ``inherit_ms`` importing what the child imported; the child's page
faults and CPU times come from ``wait4``'s rusage. Off (nothing measured) when unset.
"""

from __future__ import annotations

import json
import os
import resource
import time

_path = os.environ.get("TACH_TRACE")


def enabled() -> bool:
    return _path is not None


def now() -> float:
    return time.perf_counter()


def record_forked_test(
    test_id: str,
    fork_started: float,
    forked: float,
    child_done: float,
    after_done: float,
    inherit_done: float,
    child_usage: resource.struct_rusage,
    child_marks: dict[str, float],
) -> None:
    if _path is None:
        return
    with open(f"/proc/{os.getpid()}/statm") as statm:
        rss_kb = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    line = {
        "test": test_id,
        "fork_ms": round((forked - fork_started) * 1000, 3),
        "child_ms": round((child_done - forked) * 1000, 3),
        "after_ms": round((after_done - child_done) * 1000, 3),
        "inherit_ms": round((inherit_done - after_done) * 1000, 3),
        "child_faults": child_usage.ru_minflt,
        "child_utime_ms": round(child_usage.ru_utime * 1000, 3),
        "child_stime_ms": round(child_usage.ru_stime * 1000, 3),
        "worker_rss_kb": rss_kb,
    }
    # Inside the child (the clocks agree: both are CLOCK_MONOTONIC).
    points = ["child_start", "protocol_start", "protocol_end", "exit"]
    if all(p in child_marks for p in points):
        line["child_scheduled_ms"] = round((child_marks["child_start"] - forked) * 1000, 3)
        line["child_setup_ms"] = round((child_marks["protocol_start"] - child_marks["child_start"]) * 1000, 3)
        line["protocol_ms"] = round((child_marks["protocol_end"] - child_marks["protocol_start"]) * 1000, 3)
        line["report_ms"] = round((child_marks["exit"] - child_marks["protocol_end"]) * 1000, 3)
        line["exit_ms"] = round((child_done - child_marks["exit"]) * 1000, 3)
    with open(_path, "a") as out:
        out.write(json.dumps(line) + "\n")
