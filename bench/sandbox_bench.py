#!/usr/bin/env python3
"""What each sandbox level adds to a forked test, in one run (issue 4, harness side).

    bench/sandbox_bench.py [--runs 200]

For each level it forks a child `--runs` times, applies the sandbox there (prepared once
before, as a worker will), and measures fork -> waitpid wall time; the levels are interleaved
round by round so machine noise hits them alike. Levels, as the issue's backends will use them:

  none              fork and exit: the floor
  degraded          nothing that needs privileges (same as none here; the worker's subreaper
                    and process-group cleanup cost nothing per fork)
  namespaces        mount + network namespaces, private mounts, overlays over /tmp and the
                    project, loopback up
  landlock-seccomp  all of the above plus Landlock and the seccomp filter

Prints median and p95 per level and the median added over `none` (target: the full sandbox
adds at most 2 ms per test). Levels the kernel refuses are reported and skipped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "harness"))
from tach_harness import sandbox  # noqa: E402


def level_policies(project: str, scratch: str) -> dict[str, dict | None]:
    base = {"project": project, "scratch": scratch, "writable": []}
    namespaces = dict(base, namespaces=True, private_mounts=True, overlays=True, loopback=True)
    return {
        "none": None,
        "degraded": None,
        "namespaces": namespaces,
        "landlock-seccomp": dict(namespaces, landlock=True, seccomp=True),
    }


def fork_once(prepared) -> float:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            if prepared is not None and prepared.apply():
                code = 3  # a step did not apply: the measurement would lie
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"sandboxed child failed with {os.waitstatus_to_exitcode(status)}")
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    found = sandbox.probe()
    print(f"kernel features: {({k: v for k, v in found.items() if k != 'reasons'})}")
    for feature, reason in found["reasons"].items():
        print(f"  unavailable: {feature}: {reason}")
    with tempfile.TemporaryDirectory(prefix="tach-sandbox-bench-") as root:
        project = os.path.join(root, "project")
        scratch = os.path.join(root, "scratch")
        os.makedirs(project)
        os.makedirs(scratch)
        prepared = {}
        for name, policy in level_policies(project, scratch).items():
            try:
                prepared[name] = None if policy is None else sandbox.prepare(policy)
                fork_once(prepared[name])
            except Exception as refused:  # the kernel or user does not allow this level
                print(f"  skipped {name}: {refused}")
                prepared.pop(name, None)
        times: dict[str, list[float]] = {name: [] for name in prepared}
        for _ in range(args.runs):
            for name, ready in prepared.items():
                times[name].append(fork_once(ready))
    floor = statistics.median(times["none"])
    print(f"\n{args.runs} forks per level, interleaved; fork -> waitpid wall time")
    print(f"{'level':18} {'median':>9} {'p95':>9} {'added (median)':>15}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:18} {median * 1e3:7.2f}ms {p95(values) * 1e3:7.2f}ms {(median - floor) * 1e3:13.2f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
