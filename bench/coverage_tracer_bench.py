#!/usr/bin/env python3
"""What the coverage tracer costs a process, per Python version (issue 5, tracer only).

    bench/coverage_tracer_bench.py [--repeat 5]

Runs one pure-Python workload from the standard library (difflib, textwrap, json in pure
Python mode, fractions, statistics) in a fresh interpreter of each installed CPython 3.10+
(pyenv), without and with `tach_harness.coverage.Tracer` measuring the whole standard
library, interleaved; prints the median wall time and the overhead per version. 3.10/3.11
take the settrace path, 3.12+ sys.monitoring. The issue's targets (for whole `tach --cov`
runs, later): at most +10% on 3.12+, +30% on 3.11.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent / "harness"

WORKLOAD = """
import sys, time, sysconfig
sys.path.insert(0, sys.argv[1])
traced = sys.argv[2] == "traced"
if traced:
    from tach_harness.coverage import Tracer
    tracer = Tracer([sysconfig.get_paths()["stdlib"]])
    tracer.start()
started = time.perf_counter()
import difflib, textwrap, fractions, statistics, json.decoder, json.encoder, random
rng = random.Random(7)
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
for round_ in range(40):
    a = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(60)]
    b = list(a)
    for i in range(0, 60, 7):
        b[i] = b[i].upper()
    list(difflib.unified_diff(a, b, lineterm=""))
    textwrap.fill(" ".join(a), width=50)
    total = sum(fractions.Fraction(i, i + 1) for i in range(1, 200))
    statistics.median(float(x) for x in range(1, 500))
    decoder = json.decoder.JSONDecoder()
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the pure-Python scanner
    decoder.decode(json.dumps({"w": a, "n": list(range(200))}))
elapsed = time.perf_counter() - started
if traced:
    lines = sum(len(v) for v in tracer.stop().values())
else:
    lines = 0
print(f"{elapsed:.6f} {lines}")
"""


def interpreters() -> list[tuple[str, str]]:
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return [(".".join(map(str, sys.version_info[:3])), sys.executable)]
    found = []
    for version in subprocess.run([pyenv, "versions", "--bare"], capture_output=True, text=True).stdout.split():
        parts = version.split(".")
        if len(parts) >= 2 and parts[0] == "3" and parts[1].isdigit() and int(parts[1]) >= 10:
            prefix = subprocess.run([pyenv, "prefix", version], capture_output=True, text=True).stdout.strip()
            executable = os.path.join(prefix, "bin", "python3")
            if os.access(executable, os.X_OK):
                found.append((version, executable))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pythons = interpreters()
    times: dict[tuple[str, str], list[float]] = {}
    lines: dict[str, int] = {}
    for _ in range(args.repeat):
        for version, executable in pythons:
            for mode in ("plain", "traced"):
                out = subprocess.run([executable, "-c", WORKLOAD, str(HARNESS), mode],
                                     capture_output=True, text=True, check=True).stdout.split()
                times.setdefault((version, mode), []).append(float(out[0]))
                if mode == "traced":
                    lines[version] = int(out[1])
    print(f"{'python':10} {'plain':>10} {'traced':>10} {'overhead':>9} {'lines seen':>11}")
    for version, _ in pythons:
        plain = statistics.median(times[(version, "plain")])
        traced = statistics.median(times[(version, "traced")])
        print(f"{version:10} {plain * 1e3:8.1f}ms {traced * 1e3:8.1f}ms {100 * (traced / plain - 1):8.1f}% "
              f"{lines[version]:11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
