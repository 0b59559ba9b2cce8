#!/usr/bin/env python3
"""`tach list` against `pytest --collect-only -q` on the networkx suite, in one go.

    bench/list_bench.py [--repeat 5] [--suite DIR]

Both run in the suite's directory (networkx's installed package by default) with the same
interpreter. tach runs twice per round: once with --no-cache (every file parsed) and once
with its parse cache warm. Wall time includes JVM and interpreter start. Prints the median of
each, the ratios against pytest (target: tach at most 1/15 of pytest), and whether the node-id
sets are equal (differences are printed). Results go to bench/results/list-TIMESTAMP.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def networkx_dir() -> Path:
    import networkx

    return Path(networkx.__file__).resolve().parent


def timed(command: list[str], cwd: Path) -> tuple[float, str, str, int]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout, done.stderr, done.returncode


def pytest_ids(stdout: str) -> set[str]:
    # -q prints the ids, a blank line, then "N tests collected in S s".
    return {line for line in stdout.splitlines() if "::" in line and not line.startswith(" ")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--suite", type=Path, default=None, help="suite directory (default: networkx's package)")
    args = parser.parse_args()
    suite = (args.suite or networkx_dir()).resolve()
    py = sys.executable
    tach = str(ROOT / "tach")
    subprocess.run([tach, "--version"], check=True, capture_output=True)  # builds once, outside the timing

    commands = {
        "pytest --collect-only -q": [py, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        "tach list (no cache)": [tach, "list", "--no-cache", "--python", py],
        "tach list (cache warm)": [tach, "list", "--python", py],
    }
    print(f"suite {suite}, {os.cpu_count()} CPUs, {platform.platform()}, python {py}")
    times: dict[str, list[float]] = {name: [] for name in commands}
    outputs: dict[str, str] = {}
    for round_no in range(args.repeat):
        for name, command in commands.items():
            seconds, stdout, stderr, code = timed(command, suite)
            if code not in (0, 3) and name.startswith("tach"):
                print(f"{name} exited {code}:\n{stderr}", file=sys.stderr)
                return 1
            times[name].append(seconds)
            outputs[name] = stdout
        print(f"round {round_no + 1}: " + ", ".join(f"{n} {t[-1]:.2f}s" for n, t in times.items()))

    base = statistics.median(times["pytest --collect-only -q"])
    result = {"suite": str(suite), "cpus": os.cpu_count(), "platform": platform.platform(), "runs": {}}
    print()
    for name, values in times.items():
        median = statistics.median(values)
        result["runs"][name] = {"median_s": median, "all_s": values, "ratio_to_pytest": median / base}
        print(f"{name:28} median {median:6.2f} s   {median / base:6.3f} x pytest   (1/{base / median:.1f})")

    expected = pytest_ids(outputs["pytest --collect-only -q"])
    listed = {line for line in outputs["tach list (cache warm)"].splitlines() if line}
    missing, extra = sorted(expected - listed), sorted(listed - expected)
    result.update(pytest_ids=len(expected), tach_ids=len(listed), missing=missing, extra=extra)
    print(f"\nnode ids: pytest {len(expected)}, tach {len(listed)}, "
          f"missing from tach {len(missing)}, only in tach {len(extra)}")
    for line in missing[:20]:
        print(f"  missing: {line}")
    for line in extra[:20]:
        print(f"  extra:   {line}")
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    out_file = out_dir / time.strftime("list-%Y%m%d-%H%M%S.json")
    out_file.write_text(json.dumps(result, indent=2))
    print(f"\nwritten {out_file}")
    return 0 if not missing and not extra else 1


if __name__ == "__main__":
    sys.exit(main())
