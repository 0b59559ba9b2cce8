#!/usr/bin/env python3
"""What a fresh fork costs a Python process, before any test runs, and what lazy imports cost.

    python3 bench/micro/python_fork.py

1. fork → the child's first statement (Python's after-fork work), with and without
   networkx/numpy/scipy imported, and the page faults the child took for it;
2. a networkx call forked from a worker that has not yet imported what the call imports
   lazily (every child imports it again), and from one that has (what Tach's import
   inheritance gives later children).
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import time


def first_statement_ms(runs: int = 30) -> tuple[float, float]:
    r, w = os.pipe()
    times, faults = [], []
    for _ in range(runs):
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            at = time.perf_counter()
            flt = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            os.write(w, f"{at} {flt}\n".encode())
            os._exit(0)
        at, flt = os.read(r, 100).split()
        os.waitpid(pid, 0)
        times.append((float(at) - start) * 1000)
        faults.append(int(flt))
    return statistics.median(times), statistics.median(faults)


def forked_call_ms(call, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            call()
            os._exit(0)
        os.waitpid(pid, 0)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    gc.freeze()
    ms, faults = first_statement_ms()
    print(f"bare python:         fork -> child's first statement {ms:6.2f} ms, {faults:.0f} faults")
    import networkx as nx
    import numpy  # noqa: F401

    gc.freeze()
    ms, faults = first_statement_ms()
    print(f"networkx imported:   fork -> child's first statement {ms:6.2f} ms, {faults:.0f} faults")

    def work() -> None:
        g = nx.gnp_random_graph(60, 0.1, seed=1)
        nx.shortest_path_length(g)
        nx.pagerank(g)  # imports scipy lazily
        nx.betweenness_centrality(g)

    import sys

    before = set(sys.modules)
    cold = forked_call_ms(work)
    work()
    gc.freeze()
    warm = forked_call_ms(work)
    print(f"networkx call in a fork, lazy imports not yet in the parent: {cold:7.1f} ms")
    print(f"the same once the parent has them ({len(set(sys.modules) - before)} modules):   {warm:7.1f} ms")


if __name__ == "__main__":
    main()
