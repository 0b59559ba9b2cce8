"""The sandbox of tach_harness.sandbox, applied in forked children.

Each case forks, applies the sandbox in the child, does one thing there and reports
through a pipe (a JSON line) and the exit code; the parent asserts and always reaps.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import select
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tach_harness import sandbox

PROBE = sandbox.probe()
CHILD_TIMEOUT = 20.0


def _missing(*features: str) -> str | None:
    """Why the sandbox cannot run here, or None."""
    for feature in features:
        if not PROBE.get(feature):
            return f"{feature}: {PROBE['reasons'].get(feature, 'unavailable')}"
    if os.uname().machine != "x86_64":
        return "the seccomp filter and syscall numbers are x86_64 only"
    return None


_WHY_NOT = _missing("namespaces", "overlayfs", "landlock_abi", "seccomp")
pytestmark = pytest.mark.skipif(_WHY_NOT is not None, reason=f"sandbox unavailable: {_WHY_NOT}")


@pytest.fixture
def policy() -> Iterator[dict[str, Any]]:
    """Every step required, over a throwaway project and scratch directory.

    Both lie under /tmp on purpose: the hardest layout for the mount order.
    """
    with tempfile.TemporaryDirectory(prefix="tach-sbx-") as root:
        project, scratch = Path(root, "project"), Path(root, "scratch")
        project.mkdir()
        scratch.mkdir()
        (project / "existing.txt").write_text("real\n")
        policy = {step: {"required": True} for step in sandbox.STEPS}
        policy.update(project=str(project), scratch=str(scratch), writable=[])
        yield policy


class Child:
    """A forked child that applies the policy, then runs `body`; its result comes back."""

    def __init__(self, policy: dict[str, Any], body: Callable[[], Any]) -> None:
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.read_end)
            self._be_child(policy, body, write_end)
        os.close(write_end)

    @staticmethod
    def _be_child(policy: dict[str, Any], body: Callable[[], Any], out: int) -> None:
        code = 1
        try:
            warnings = sandbox.apply(policy)
            answer = {"warnings": warnings, "value": body()}
            code = 0
        except BaseException as error:  # report anything, the parent asserts
            answer = {"error": f"{type(error).__name__}: {error}"}
        try:
            os.write(out, json.dumps(answer).encode() + b"\n")
        finally:
            os._exit(code)

    def result(self) -> Any:
        """The body's return value; fails the test on an error, a timeout or a crash."""
        data = b""
        deadline = time.monotonic() + CHILD_TIMEOUT
        try:
            while not data.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.read_end], [], [], left)[0]:
                    os.kill(self.pid, signal.SIGKILL)
                    pytest.fail(f"child {self.pid} timed out")
                chunk = os.read(self.read_end, 65536)
                if not chunk:
                    break
                data += chunk
        finally:
            os.close(self.read_end)
            _, status = os.waitpid(self.pid, 0)
        answer = json.loads(data) if data.endswith(b"\n") else {"error": "no answer"}
        assert "error" not in answer, f"{answer['error']} (status {status:#x})"
        assert os.waitstatus_to_exitcode(status) == 0
        assert answer["warnings"] == []
        return answer["value"]


def run(policy: dict[str, Any], body: Callable[[], Any]) -> Any:
    return Child(policy, body).result()


class Barrier:
    """Children report 'ready' through one pipe and wait for 'go' on their own pipe."""

    def __init__(self, parties: int) -> None:
        self.ready_read, self.ready_write = os.pipe()
        self.go = [os.pipe() for _ in range(parties)]

    def wait(self, index: int) -> None:
        """In child `index`: say ready, block until released."""
        os.write(self.ready_write, b"r")
        if os.read(self.go[index][0], 1) != b"g":
            raise RuntimeError("barrier broken")

    def release_when_all_ready(self) -> None:
        """In the parent, after forking: wait for every child, then release them all."""
        os.close(self.ready_write)
        for read_end, _ in self.go:
            os.close(read_end)
        count = 0
        while count < len(self.go):
            if not select.select([self.ready_read], [], [], CHILD_TIMEOUT)[0]:
                break
            chunk = os.read(self.ready_read, 16)
            if not chunk:
                break
            count += len(chunk)
        for _, write_end in self.go:
            os.write(write_end, b"g")
            os.close(write_end)
        os.close(self.ready_read)
        assert count == len(self.go), f"only {count} children got ready"


def both_at_once(policy: dict[str, Any], body: Callable[[Barrier, int], Any]) -> list[Any]:
    barrier = Barrier(2)
    children = [Child(policy, lambda i=i: body(barrier, i)) for i in range(2)]
    try:
        barrier.release_when_all_ready()
    finally:
        results = [child.result() for child in children]
    return results


# -- isolation between concurrent tests ------------------------------------------------

def test_two_children_bind_the_same_port_at_once(policy: dict[str, Any]) -> None:
    def bind(barrier: Barrier, index: int) -> str:
        with socket.socket() as server:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
            server.bind(("127.0.0.1", 1616))
            server.listen()
            barrier.wait(index)  # both are bound now
            return f"bound {server.getsockname()}"

    assert both_at_once(policy, bind) == ["bound ('127.0.0.1', 1616)"] * 2


def test_two_children_create_tmp_x_db_exclusively_at_once(policy: dict[str, Any]) -> None:
    assert not os.path.exists("/tmp/x.db"), "a real /tmp/x.db exists already"

    def create(barrier: Barrier, index: int) -> bool:
        fd = os.open("/tmp/x.db", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.write(fd, b"sqlite? no")
        barrier.wait(index)  # both files exist now
        os.close(fd)
        return os.path.exists("/tmp/x.db")

    assert both_at_once(policy, create) == [True, True]
    assert not os.path.exists("/tmp/x.db")


def test_project_writes_stay_in_the_child(policy: dict[str, Any]) -> None:
    project = Path(policy["project"])

    def write() -> list[str]:
        (project / "out.txt").write_text("from the test\n")
        (project / "existing.txt").write_text("changed\n")
        return [(project / "out.txt").read_text(), (project / "existing.txt").read_text()]

    assert run(policy, write) == ["from the test\n", "changed\n"]
    assert sorted(os.listdir(project)) == ["existing.txt"]
    assert (project / "existing.txt").read_text() == "real\n"


def test_scratch_is_thrown_away(policy: dict[str, Any]) -> None:
    run(policy, lambda: Path("/tmp/tach-sbx-leftover").write_text("x"))
    assert os.listdir(policy["scratch"]) == []
    assert not os.path.exists("/tmp/tach-sbx-leftover")


# -- what the sandbox refuses ----------------------------------------------------------

def _errno_of(action: Callable[[], Any]) -> str:
    try:
        action()
    except OSError as error:
        return errno.errorcode.get(error.errno or 0, str(error.errno))
    return "no error"


def test_writes_to_home_and_etc_fail_with_eacces(policy: dict[str, Any]) -> None:
    home = os.path.expanduser("~")
    if home.startswith(("/tmp", policy["project"])):
        pytest.skip(f"$HOME ({home}) is writable by design here")

    def write() -> list[str]:
        return [_errno_of(lambda: open(os.path.join(path, "tach-sbx-probe"), "w"))
                for path in (home, "/etc")]

    assert run(policy, write) == ["EACCES", "EACCES"]
    assert not os.path.exists(os.path.join(home, "tach-sbx-probe"))


def _libc_errno(result: int) -> str:
    return "no error" if result == 0 else errno.errorcode[ctypes.get_errno()]


def test_mount_and_ptrace_fail_with_eperm(policy: dict[str, Any]) -> None:
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)
    ptrace_attach = 16  # PTRACE_ATTACH, <sys/ptrace.h>

    def forbidden() -> list[str]:
        mount = libc.mount(b"tmpfs", b"/mnt", b"tmpfs", ctypes.c_ulong(0), None)
        umount = libc.umount2(b"/tmp", 0)
        attach = libc.ptrace(ctypes.c_long(ptrace_attach), ctypes.c_long(parent), None, None)
        unshare = libc.unshare(sandbox.CLONE_NEWNS)
        fsopen = libc.syscall(ctypes.c_long(sandbox.SYS_fsopen), b"tmpfs", 0)
        return [_libc_errno(r) for r in (mount, umount, attach, unshare, fsopen)]

    assert run(policy, forbidden) == ["EPERM"] * 5


# -- what still works ------------------------------------------------------------------

def test_subprocesses_and_threads_still_work(policy: dict[str, Any]) -> None:
    import threading

    def spawn() -> list[Any]:
        echo = subprocess.run(["echo", "hi"], capture_output=True, text=True, check=True)
        started = time.monotonic()
        subprocess.run(["sleep", "0.05"], check=True)
        slept = time.monotonic() - started
        seen: list[int] = []
        thread = threading.Thread(target=lambda: seen.append(1))
        thread.start()
        thread.join()
        return [echo.stdout, slept >= 0.05, seen, os.path.exists("/dev/null")]

    assert run(policy, spawn) == ["hi\n", True, [1], True]


def test_dev_shm_is_private_and_writable(policy: dict[str, Any]) -> None:
    import multiprocessing

    name = f"tach-sbx-shm-{os.getpid()}"

    def use_shm() -> list[Any]:
        lock = multiprocessing.Lock()  # a POSIX semaphore: a file in /dev/shm
        with lock:
            Path("/dev/shm", name).write_text("x")
        return [Path("/dev/shm", name).exists()]

    assert run(policy, use_shm) == [True]
    assert not os.path.exists(f"/dev/shm/{name}")


def test_sockets_to_localhost_work(policy: dict[str, Any]) -> None:
    def talk() -> str:
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            with socket.create_connection(server.getsockname(), timeout=5) as client:
                peer, _ = server.accept()
                with peer:
                    client.sendall(b"ping")
                    return peer.recv(4).decode()

    assert run(policy, talk) == "ping"


def test_dev_null_and_tmp_path_base_are_writable(policy: dict[str, Any], tmp_path: Path) -> None:
    policy["writable"] = [str(tmp_path)]

    def write() -> bool:
        with open("/dev/null", "w") as null:
            null.write("x")
        (tmp_path / "made-in-child").write_text("x")
        return (tmp_path / "made-in-child").exists()

    assert run(policy, write) is True
    # tmp_path lies under /tmp here, so the overlay took the write.
    assert not (tmp_path / "made-in-child").exists()


# -- policy handling -------------------------------------------------------------------

def test_optional_step_that_fails_is_a_warning(policy: dict[str, Any]) -> None:
    policy = {"overlays": True, "loopback": True, "scratch": policy["scratch"]}
    pid = os.fork()
    if pid == 0:  # no namespaces: neither step may touch the machine's mounts or lo
        warnings = sandbox.apply(policy)
        os._exit(0 if [w.split(":")[0] for w in warnings]
                 == ["overlays", "overlays", "loopback"] else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_required_step_that_fails_raises(policy: dict[str, Any]) -> None:
    policy = {"overlays": {"required": True}, "scratch": policy["scratch"]}
    pid = os.fork()
    if pid == 0:
        try:
            sandbox.apply(policy)
            os._exit(1)
        except sandbox.SandboxError:
            os._exit(0)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_probe_reports_every_feature() -> None:
    found = sandbox.probe()
    assert set(found) == {"landlock_abi", "seccomp", "namespaces", "overlayfs", "reasons"}
    assert found["landlock_abi"] >= 1


# -- cost ------------------------------------------------------------------------------

def _in_child(work: Callable[[], Any]) -> Any:
    """Runs work() in a fresh fork and returns its (JSON-able) result; the child must exit 0."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            os.write(write_end, json.dumps(work()).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        data = reader.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(data)


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _timed_apply(policy: dict[str, Any], prepared: bool) -> float:
    """apply() in a fresh fork: seconds in all."""
    ready = sandbox.prepare(policy) if prepared else None
    return _in_child(lambda: _seconds(lambda: sandbox.apply(policy) if ready is None else ready.apply()))


def _steps_timed(policy: dict[str, Any]) -> dict[str, float]:
    """Per-step seconds of one prepared apply() in a fresh fork."""
    ready = sandbox.prepare(policy)
    ready.timings = {}

    def steps() -> dict[str, float]:
        ready.apply()
        return ready.timings

    return _in_child(steps)


def _summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank
    return f"median {statistics.median(ordered) * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms"


def _noop_child() -> float:
    """Seconds a fresh fork spends on nothing: the timer calls alone."""
    return _in_child(lambda: _seconds(lambda: None))


def _round_trip(prepared: sandbox.Prepared) -> float:
    """Seconds from fork to waitpid of a child that applies `prepared`, writes and
    removes a file in /tmp, and exits: what the sandbox adds to a test, exit included."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            prepared.apply()
            path = f"/tmp/tach-sbx-round-trip-{os.getpid()}"
            with open(path, "w") as out:
                out.write("x")
            os.unlink(path)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return time.perf_counter() - started


def test_cost_of_apply(policy: dict[str, Any]) -> None:
    """Median and p95 of apply() over 50 forked children each (issue 4 targets <= 2 ms)."""
    runs = 50
    cold = [_timed_apply(policy, prepared=False) for _ in range(runs)]
    warm = [_timed_apply(policy, prepared=True) for _ in range(runs)]
    steps = [_steps_timed(policy) for _ in range(runs)]
    per_step = ", ".join(f"{step} {statistics.median(s[step] for s in steps) * 1e3:.2f}"
                         for step in sandbox.STEPS)
    bare, full = sandbox.prepare({}), sandbox.prepare(policy)
    pairs = [(_round_trip(bare), _round_trip(full)) for _ in range(runs)]  # interleaved
    added = [with_sandbox - without for without, with_sandbox in pairs]
    print(f"\nsandbox cost over {runs} forked children each:"
          f"\n  apply(policy):             {_summary(cold)}"
          f"\n  prepare() before fork, apply(prepared): {_summary(warm)}"
          f"\n  per-step medians, prepared (ms): {per_step}"
          f"\n  empty child (timer only):  {_summary([_noop_child() for _ in range(runs)])}"
          f"\n  fork..waitpid, no sandbox: {_summary([a for a, _ in pairs])}"
          f"\n  fork..waitpid, sandbox:    {_summary([b for _, b in pairs])}"
          f"\n  added per test (paired):   {_summary(added)}")
    assert statistics.median(warm) < 1.0  # a sanity bound; the 2 ms target is reported
