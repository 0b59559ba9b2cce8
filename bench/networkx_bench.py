#!/usr/bin/env python3
"""Runs the networkx suite, in one go, under pytest, pytest-xdist and tach; prints wall time,
peak memory and ratios, and checks that tach gives every node id pytest's status.

    bench/run.sh                 # all runners, -n 2
    bench/networkx_bench.py --runs pytest,tach-fork --workers 2

Peak memory is the highest sum of PSS (proportional set size: copy-on-write pages shared by
forks count once, split among them) over the runner's whole process tree, sampled once a second
(reading PSS walks page tables, so sampling is kept rare). Results go to bench/results/networkx-TIMESTAMP.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def site_dir() -> Path:
    import networkx

    return Path(networkx.__file__).resolve().parent.parent


def tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(name: str, command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    peak = 0
    done = threading.Event()
    out = tempfile.TemporaryFile()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(pss_kb(p) for p in tree_pids(process.pid)))
            done.wait(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    out.seek(0)
    tail = out.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    print(f"  {name:<10} {wall:8.2f} s  peak {peak / 1024:7.1f} MiB  exit {code}  {tail[0] if tail else ''}", flush=True)
    return {"name": name, "command": command, "wall_s": wall, "peak_pss_mib": peak / 1024, "exit": code}


def fork_breakdown(trace_file: Path) -> dict:
    """Medians, p95s and totals of the harness's per-test trace (tach_harness/trace.py)."""
    import statistics

    rows = [json.loads(line) for line in trace_file.read_text().splitlines() if line.strip()]
    keys = [
        "fork_ms", "child_ms", "child_scheduled_ms", "child_setup_ms", "protocol_ms", "report_ms", "exit_ms",
        "after_ms", "inherit_ms", "child_faults", "child_utime_ms", "child_stime_ms", "worker_rss_kb",
    ]
    summary: dict = {"tests": len(rows)}
    print(f"\n  where a forked test's time goes ({len(rows)} tests; median / p95 / total over both workers):")
    for key in keys:
        values = sorted(r[key] for r in rows if key in r)
        if not values:
            continue
        p95 = values[int(len(values) * 0.95) - 1]
        total = sum(values)
        summary[key] = {"median": statistics.median(values), "p95": p95, "total": total, "max": values[-1]}
        shown_total = f"{total / 1000:9.1f} s" if key.endswith("_ms") else ""
        print(f"    {key:<15} {statistics.median(values):10.2f} {p95:10.2f} {shown_total}")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="pytest,xdist,tach-fork,tach-none")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    runs = args.runs.split(",")
    site = site_dir()
    work = Path(tempfile.mkdtemp(prefix="tach-bench-"))
    base_env = dict(os.environ)
    base_env.pop("TACH_FORMAT", None)
    common = ["-p", "no:cacheprovider", "networkx"]
    py = args.python
    n = str(args.workers)
    commands = {
        "pytest": [py, "-m", "pytest", "-q", "-p", "pytest_status_plugin", *common],
        "xdist": [py, "-m", "pytest", "-q", "-n", n, "-p", "pytest_status_plugin", *common],
        "tach-fork": [str(ROOT / "tach"), "-n", n, "--isolation", "fork", "--format", "json", "--python", py, "networkx", "--", "-p", "no:cacheprovider"],
        "tach-none": [str(ROOT / "tach"), "-n", n, "--isolation", "none", "--format", "json", "--python", py, "networkx", "--", "-p", "no:cacheprovider"],
    }
    # Build tach once up front so that no run pays for it.
    subprocess.run([str(ROOT / "tach"), "--version"], check=True, stdout=subprocess.DEVNULL)
    print(f"networkx suite in {site}, {os.cpu_count()} CPUs, {platform.platform()}, python {py}")
    results: dict[str, dict] = {}
    statuses: dict[str, dict[str, str]] = {}
    for name in runs:
        env = dict(base_env)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH", "")]))
        status_file = work / f"{name}.json"
        env["TACH_BENCH_STATUS"] = str(status_file)
        command = commands[name]
        if name.startswith("tach"):
            ndjson = work / f"{name}.ndjson"
            command = ["sh", "-c", " ".join(f"'{c}'" for c in command) + f" > '{ndjson}'"]
            env.pop("PYTHONPATH")
            if name == "tach-fork":
                env["TACH_TRACE"] = str(work / "fork-trace.ndjson")
        results[name] = run_measured(name, command, site, env)
        if name.startswith("tach"):
            got = {}
            for line in ndjson.read_text().splitlines():
                event = json.loads(line)
                if event.get("event") == "test_finished":
                    got[event["test"]] = event["status"]
            statuses[name] = got
        elif status_file.exists():
            statuses[name] = json.loads(status_file.read_text())

    print()
    reference = statuses.get("pytest")
    for name, result in results.items():
        line = f"  {name:<10} wall {result['wall_s']:7.2f} s"
        for base in ("pytest", "xdist"):
            if base in results and base != name:
                line += f"   {result['wall_s'] / results[base]['wall_s']:.2f}x {base}"
        if reference is not None and name in statuses and name != "pytest":
            mine = statuses[name]
            differ = sorted(k for k in set(reference) | set(mine) if reference.get(k) != mine.get(k))
            result["status_differences"] = [[k, reference.get(k), mine.get(k)] for k in differ]
            line += f"   {len(mine)} ids, {len(differ)} differ from pytest"
        print(line)
        for k, want, got in result.get("status_differences", [])[:15]:
            print(f"      {k}: pytest {want}, {name} {got}")
    trace_file = work / "fork-trace.ndjson"
    if trace_file.exists():
        results["tach-fork"]["breakdown"] = fork_breakdown(trace_file)
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out_file = out_dir / time.strftime("networkx-%Y%m%d-%H%M%S.json")
    out_file.write_text(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "results": results}, indent=1))
    print(f"\nwritten {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
