#!/usr/bin/env python3
"""What each sandbox backend adds to a forked test, in one run (issue 4).

    bench/sandbox_bench.py [--runs 200] [--suite 500 [--rounds 3]]

For each backend a worker process is forked that enters the worker layer of the backend's
policy (namespaces, overlays, loopback: paid once per worker). On each round every worker
forks one test child, which applies the test layer (a fresh mount namespace with overlays
stacked on the worker's, Landlock, seccomp: paid per test), writes and removes a file in
/tmp and exits; the worker measures fork -> waitpid. Rounds interleave the backends so
machine noise hits them alike.

  none              no sandbox: the floor
  degraded          nothing that needs privileges (subreaper and process-group cleanup,
                    which cost nothing per fork)
  namespaces        per test: unshare(CLONE_NEWNS), tmpfs, overlays over the project and
                    /tmp, a fresh /dev/shm
  landlock-seccomp  all of the above plus Landlock and the seccomp filter
  landlock-seccomp/py  the same, the test layer applied by the Python fallback instead
                    of native/'s libtach.so

Prints median and p95 per backend and the median added over `none` (target: the full
sandbox adds at most 2 ms per test). Backends the kernel refuses are reported and skipped.
With --suite N it also times whole `./tach -n 1` runs of N trivial tests per backend
(interleaved rounds) and prints the wall time added per test against --no-isolation.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "harness"))
from tach_harness import sandbox  # noqa: E402


DENY = ["mount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
        "mount_setattr", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "bpf",
        "reboot", "swapon", "swapoff", "setns", "unshare", "keyctl", "add_key", "request_key",
        "process_vm_writev", "open_by_handle_at"]  # LandlockSeccompBackend.DENIED_SYSCALLS


def level_policies(project: str, scratch: str) -> dict[str, dict]:
    """The wire policies of the three backends (what tach-sandbox makes), and no sandbox."""
    namespaces = {"backend": "namespaces", "namespaces": True, "overlays": [project, "/tmp"], "loopback": True,
                  "scratch": scratch}
    return {
        "none": {"backend": "none"},
        "degraded": {"backend": "degraded"},
        "namespaces": namespaces,
        "landlock-seccomp": dict(namespaces, backend="landlock-seccomp",
                                 landlock={"writable": [project, "/tmp", "/dev/shm"]}, seccomp_deny=DENY),
    }


class Worker:
    """A forked worker that entered its layer; on each command it forks one test child
    (which applies the child layer, writes and removes a file in /tmp, and exits) and
    answers the fork -> waitpid wall time. Levels are interleaved through these."""

    def __init__(self, policy: dict, native: bool = True) -> None:
        self.native = native
        self.commands_read, self.commands = os.pipe()
        self.answers, answers_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.commands)
            os.close(self.answers)
            self._serve(policy, answers_write)
        os.close(self.commands_read)
        os.close(answers_write)

    def _serve(self, policy: dict, out: int) -> None:
        code = 1
        try:
            layer = sandbox.worker_sandbox(policy)
            layer.enter()
            child = layer.for_children(native=self.native)
            while os.read(self.commands_read, 1) == b"g":
                os.write(out, struct.pack("d", fork_once(child)))
            code = 0
        except BaseException as error:
            os.write(out, struct.pack("d", -1.0))
            sys.stderr.write(f"worker for {policy['backend']}: {error}\n")
        finally:
            os._exit(code)

    def one(self) -> float:
        os.write(self.commands, b"g")
        data = os.read(self.answers, 8)
        value = struct.unpack("d", data)[0] if len(data) == 8 else -1.0
        if value < 0:
            raise RuntimeError("the worker could not sandbox a child")
        return value

    def close(self) -> None:
        os.write(self.commands, b"q")
        os.close(self.commands)
        os.close(self.answers)
        os.waitpid(self.pid, 0)


def fork_once(child) -> float:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            child.apply()
            path = f"/tmp/tach-sandbox-bench-{os.getpid()}"
            with open(path, "w") as out:
                out.write("x")
            os.unlink(path)
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"sandboxed child failed with {os.waitstatus_to_exitcode(status)}")
    return elapsed


def suite_runs(tests: int, rounds: int) -> None:
    """Whole `tach -n 1` runs of `tests` trivial tests per backend, rounds interleaved.

    Per test, from TACH_TRACE (written by the worker, outside the overlays): fork ->
    waitpid of the test child plus the worker's cleanup after it, and the child's page
    faults; median and p95 over every test of every round. Wall times are printed too, but
    a few seconds of machine noise swamp a millisecond per test in them.
    """
    tach = Path(__file__).resolve().parent.parent / "tach"
    with tempfile.TemporaryDirectory(prefix="tach-sandbox-suite-") as project, \
            tempfile.TemporaryDirectory(prefix="tach-sandbox-trace-", dir="/var/tmp") as traces:
        per_file = 50
        for start in range(0, tests, per_file):
            body = "".join(f"def test_{i}():\n    pass\n\n" for i in range(start, min(tests, start + per_file)))
            Path(project, f"test_{start // per_file:03}.py").write_text(body)
        Path(project, "pytest.ini").write_text("[pytest]\n")
        backends = {"none": ["--no-isolation"], "degraded": ["--sandbox", "degraded"],
                    "namespaces": ["--sandbox", "namespaces"], "landlock-seccomp": ["--sandbox", "landlock-seccomp"]}
        walls: dict[str, list[float]] = {name: [] for name in backends}
        per_test: dict[str, list[float]] = {name: [] for name in backends}
        faults: dict[str, list[int]] = {name: [] for name in backends}
        for round_number in range(rounds):
            for name, flags in backends.items():
                trace = Path(traces, f"{name}-{round_number}.ndjson")
                started = time.perf_counter()
                done = subprocess.run([str(tach), "-n", "1", "-q", *flags], cwd=project, capture_output=True,
                                      text=True, env=dict(os.environ, TACH_TRACE=str(trace)))
                walls[name].append(time.perf_counter() - started)
                if done.returncode != 0 or "warning" in done.stderr:
                    print(f"  {name}: exit {done.returncode}: {done.stderr.strip()[:200]}")
                for line in trace.read_text().splitlines() if trace.exists() else []:
                    record = json.loads(line)
                    if "fork_ms" in record:
                        per_test[name].append(record["fork_ms"] + record["child_ms"] + record["after_ms"])
                        faults[name].append(record["child_faults"])
    floor = statistics.median(per_test["none"]) if per_test["none"] else 0.0
    print(f"\nwhole runs: {tests} trivial tests, -n 1, {rounds} rounds interleaved; per test from TACH_TRACE:")
    print("fork -> waitpid of the test child + the worker's cleanup after it")
    print(f"{'backend':18} {'median':>9} {'p95':>9} {'added':>9} {'faults':>7} {'wall':>8}")
    for name in backends:
        values = per_test[name]
        if not values:
            print(f"{name:18} (no trace)")
            continue
        median = statistics.median(values)
        print(f"{name:18} {median:7.2f}ms {p95(values):7.2f}ms {median - floor:7.2f}ms "
              f"{statistics.median(faults[name]):7.0f} {statistics.median(walls[name]):6.2f} s")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--suite", type=int, default=0, metavar="N",
                        help="also time whole tach runs of N trivial tests per backend")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of whole runs (with --suite)")
    args = parser.parse_args()
    found = sandbox.probe()
    print(f"kernel features: {({k: v for k, v in found.items() if k != 'reasons'})}")
    for feature, reason in found["reasons"].items():
        print(f"  unavailable: {feature}: {reason}")
    with tempfile.TemporaryDirectory(prefix="tach-sandbox-bench-") as root:
        project = os.path.join(root, "project")
        scratch = os.path.join(root, "scratch")
        os.makedirs(project)
        workers: dict[str, Worker] = {}
        levels = [(name, policy, True) for name, policy in level_policies(project, scratch).items()]
        if sandbox.native_library() is not None:
            levels.append(("landlock-seccomp/py", level_policies(project, scratch)["landlock-seccomp"], False))
        else:
            print("  native/target/lib/libtach.so is not built: every level uses the Python layer")
        for name, policy, native in levels:
            worker = Worker(policy, native)
            try:
                worker.one()
                workers[name] = worker
            except Exception as refused:  # the kernel or user does not allow this level
                print(f"  skipped {name}: {refused}")
                worker.close()
        times: dict[str, list[float]] = {name: [] for name in workers}
        try:
            for _ in range(args.runs):
                for name, worker in workers.items():
                    times[name].append(worker.one())
        finally:
            for worker in workers.values():
                worker.close()
    floor = statistics.median(times["none"])
    print(f"\n{args.runs} test children per backend, interleaved; fork -> waitpid wall time of a child")
    print("that applies the test layer, writes and removes a file in /tmp, and exits")
    print(f"{'level':18} {'median':>9} {'p95':>9} {'added (median)':>15}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:18} {median * 1e3:7.2f}ms {p95(values) * 1e3:7.2f}ms {(median - floor) * 1e3:13.2f}ms")
    if args.suite:
        suite_runs(args.suite, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
