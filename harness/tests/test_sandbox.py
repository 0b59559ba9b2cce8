"""The sandbox of tach_harness.sandbox: a worker layer, and a layer per test child.

Each case forks a "worker" that enters the worker layer and then runs bodies, each in a
fresh child that applies the child layer; results come back through a pipe (one JSON
line per body) and the exit codes. The test process always reaps what it forked.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import select
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tach_harness import sandbox

PROBE = sandbox.probe()
CHILD_TIMEOUT = 20.0
FULL_DENY = ["mount", "umount2", "pivot_root", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount",
             "fspick", "mount_setattr", "kexec_load", "kexec_file_load", "init_module", "finit_module",
             "delete_module", "bpf", "reboot", "swapon", "swapoff", "setns", "unshare", "keyctl", "add_key",
             "request_key", "process_vm_writev", "open_by_handle_at"]


def _missing(*features: str) -> str | None:
    """Why the sandbox cannot run here, or None."""
    for feature in features:
        if not PROBE.get(feature):
            return f"{feature}: {PROBE['reasons'].get(feature, 'unavailable')}"
    if os.uname().machine != "x86_64":
        return "the seccomp filter and syscall numbers are x86_64 only"
    return None


_WHY_NOT = _missing("namespaces", "overlayfs", "landlock_abi", "seccomp")
needs_sandbox = pytest.mark.skipif(_WHY_NOT is not None, reason=f"sandbox unavailable: {_WHY_NOT}")


@pytest.fixture(params=["native", "python"])
def implementation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The child layer applied by native/'s libtach.so, or by the Python fallback."""
    if request.param == "native":
        if sandbox.native_library() is None:
            pytest.skip("native/target/lib/libtach.so is not built (mvn -pl native compile)")
    else:
        monkeypatch.setattr(sandbox, "native_library", lambda: None)
    return request.param


@pytest.fixture
def policy(implementation: str) -> Iterator[dict[str, Any]]:
    """The landlock-seccomp backend's policy over a throwaway project and scratch directory.

    Both lie under /tmp on purpose: the hardest layout for the mount order.
    """
    with tempfile.TemporaryDirectory(prefix="tach-sbx-") as root:
        project, scratch = Path(root, "project"), Path(root, "scratch")
        project.mkdir()
        (project / "existing.txt").write_text("real\n")
        yield {"backend": "landlock-seccomp", "namespaces": True, "overlays": [str(project), "/tmp"],
               "loopback": True, "landlock": {"writable": [str(project), "/tmp", "/dev/shm"]},
               "seccomp_deny": FULL_DENY, "scratch": str(scratch)}


class Worker:
    """A forked worker that enters the worker layer, then runs each body in a sandboxed child."""

    def __init__(self, policy: dict[str, Any], *bodies: Callable[[], Any], cwd: str | None = None) -> None:
        self.read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.read_end)
            if cwd is not None:
                os.chdir(cwd)
            self._be_worker(policy, bodies, write_end)
        os.close(write_end)

    @staticmethod
    def _be_worker(policy: dict[str, Any], bodies: tuple[Callable[[], Any], ...], out: int) -> None:
        code = 1
        try:
            layer = sandbox.worker_sandbox(policy)
            layer.enter()
            child_layer = layer.for_children()
            for body in bodies:
                pid = os.fork()
                if pid == 0:
                    Worker._be_child(child_layer, body, out)
                _, status = os.waitpid(pid, 0)
                if status != 0:
                    os.write(out, json.dumps({"error": f"child status {status:#x}"}).encode() + b"\n")
            code = 0
        except BaseException as error:
            os.write(out, json.dumps({"error": f"worker: {type(error).__name__}: {error}"}).encode() + b"\n")
        finally:
            os._exit(code)

    @staticmethod
    def _be_child(layer: sandbox.ChildSandbox, body: Callable[[], Any], out: int) -> None:
        code = 1
        try:
            layer.apply()
            answer = {"value": body()}
            code = 0
        except BaseException as error:  # report anything, the test asserts
            answer = {"error": f"{type(error).__name__}: {error}"}
        try:
            os.write(out, json.dumps(answer).encode() + b"\n")
        finally:
            os._exit(code)

    def results(self) -> list[Any]:
        """The bodies' return values; fails the test on an error, a timeout or a crash."""
        data = b""
        deadline = time.monotonic() + CHILD_TIMEOUT
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.read_end], [], [], left)[0]:
                    os.kill(self.pid, signal.SIGKILL)
                    pytest.fail(f"worker {self.pid} timed out")
                chunk = os.read(self.read_end, 65536)
                if not chunk:
                    break
                data += chunk
        finally:
            os.close(self.read_end)
            _, status = os.waitpid(self.pid, 0)
        answers = [json.loads(line) for line in data.splitlines()]
        errors = [a["error"] for a in answers if "error" in a]
        assert not errors, errors
        assert os.waitstatus_to_exitcode(status) == 0
        return [a["value"] for a in answers]


def run(policy: dict[str, Any], *bodies: Callable[[], Any]) -> Any:
    results = Worker(policy, *bodies).results()
    return results[0] if len(bodies) == 1 else results


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
        """In the test process, after forking: wait for every child, then release them all."""
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


def on_two_workers_at_once(policy: dict[str, Any], body: Callable[[Barrier, int], Any]) -> list[Any]:
    """Two workers, one test each, both inside `body` at the same moment (as with -n 2)."""
    barrier = Barrier(2)
    workers = [Worker(policy, lambda i=i: body(barrier, i)) for i in range(2)]
    try:
        barrier.release_when_all_ready()
    finally:
        results = [worker.results()[0] for worker in workers]
    return results


# -- isolation between concurrent tests ------------------------------------------------

@needs_sandbox
def test_two_tests_on_two_workers_bind_the_same_port_at_once(policy: dict[str, Any]) -> None:
    def bind(barrier: Barrier, index: int) -> str:
        with socket.socket() as server:
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
            server.bind(("127.0.0.1", 1616))
            server.listen()
            barrier.wait(index)  # both are bound now
            return f"bound {server.getsockname()}"

    assert on_two_workers_at_once(policy, bind) == ["bound ('127.0.0.1', 1616)"] * 2


@needs_sandbox
def test_two_tests_create_tmp_x_db_exclusively_at_once(policy: dict[str, Any]) -> None:
    assert not os.path.exists("/tmp/x.db"), "a real /tmp/x.db exists already"

    def create(barrier: Barrier, index: int) -> bool:
        fd = os.open("/tmp/x.db", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.write(fd, b"sqlite? no")
        barrier.wait(index)  # both files exist now
        os.close(fd)
        return os.path.exists("/tmp/x.db")

    assert on_two_workers_at_once(policy, create) == [True, True]
    assert not os.path.exists("/tmp/x.db")


@needs_sandbox
def test_consecutive_tests_of_one_worker_do_not_see_each_others_writes(policy: dict[str, Any]) -> None:
    project = Path(policy["project"] if "project" in policy else policy["overlays"][0])

    def write() -> list[str]:
        (project / "out.txt").write_text("from the test\n")
        (project / "existing.txt").write_text("changed\n")
        Path("/tmp/x.db").write_text("x")
        return [(project / "out.txt").read_text(), (project / "existing.txt").read_text()]

    def look() -> list[bool]:
        return [(project / "out.txt").exists(), (project / "existing.txt").read_text() == "real\n",
                os.path.exists("/tmp/x.db")]

    assert run(policy, write, look) == [["from the test\n", "changed\n"], [False, True, False]]
    assert sorted(os.listdir(project)) == ["existing.txt"]
    assert (project / "existing.txt").read_text() == "real\n"
    assert not os.path.exists("/tmp/x.db")


@needs_sandbox
def test_relative_writes_in_the_project_directory_vanish_too(policy: dict[str, Any]) -> None:
    """Worker and test run in the project (as pytest does): their relative paths go through the overlay."""
    project = policy["overlays"][0]

    def write() -> bool:
        Path("relative.txt").write_text("x")
        return Path("relative.txt").exists() and os.path.exists(os.path.join(project, "relative.txt"))

    assert Worker(policy, write, cwd=project).results() == [True]
    assert sorted(os.listdir(project)) == ["existing.txt"]


@needs_sandbox
def test_a_server_the_worker_starts_is_reachable_from_its_tests(policy: dict[str, Any]) -> None:
    """What a session fixture starts in the worker shares the worker's network namespace."""
    read_end, write_end = os.pipe()

    def connect() -> str:
        port = int(os.read(read_end, 16))
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            return client.recv(5).decode()

    pid = os.fork()
    if pid == 0:  # the worker: its "session fixture" is a thread-free accept loop in a child
        code = 1
        try:
            layer = sandbox.worker_sandbox(policy)
            layer.enter()
            server = socket.socket()
            server.bind(("127.0.0.1", 0))
            server.listen()
            os.write(write_end, str(server.getsockname()[1]).encode())
            child_layer = layer.for_children()
            test = os.fork()
            if test == 0:
                child_layer.apply()
                os._exit(0 if connect() == "hello" else 3)
            peer, _ = server.accept()
            peer.sendall(b"hello")
            peer.close()
            _, status = os.waitpid(test, 0)
            code = os.waitstatus_to_exitcode(status)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    os.close(read_end)
    os.close(write_end)
    assert os.waitstatus_to_exitcode(status) == 0


@needs_sandbox
def test_the_scratch_directory_is_left_empty_on_the_machine(policy: dict[str, Any]) -> None:
    run(policy, lambda: Path("/tmp/tach-sbx-leftover").write_text("x"))
    assert not os.path.exists("/tmp/tach-sbx-leftover")
    assert os.listdir(policy["scratch"]) == []


# -- what the sandbox refuses ----------------------------------------------------------

def _errno_of(action: Callable[[], Any]) -> str:
    try:
        action()
    except OSError as error:
        return errno.errorcode.get(error.errno or 0, str(error.errno))
    return "no error"


@needs_sandbox
def test_writes_to_home_and_etc_fail_with_eacces(policy: dict[str, Any]) -> None:
    home = os.path.expanduser("~")
    if home.startswith(("/tmp", policy["overlays"][0])):
        pytest.skip(f"$HOME ({home}) is writable by design here")

    def write() -> list[str]:
        return [_errno_of(lambda: open(os.path.join(path, "tach-sbx-probe"), "w"))
                for path in (home, "/etc")]

    assert run(policy, write) == ["EACCES", "EACCES"]
    assert not os.path.exists(os.path.join(home, "tach-sbx-probe"))


def _libc_errno(result: int) -> str:
    return "no error" if result == 0 else errno.errorcode[ctypes.get_errno()]


@needs_sandbox
def test_mount_unshare_and_ptrace_of_the_supervisor_fail_with_eperm(policy: dict[str, Any]) -> None:
    supervisor = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)
    ptrace_attach = 16  # PTRACE_ATTACH, <sys/ptrace.h>

    def forbidden() -> list[str]:
        mount = libc.mount(b"tmpfs", b"/mnt", b"tmpfs", ctypes.c_ulong(0), None)
        umount = libc.umount2(b"/tmp", 0)
        attach = libc.ptrace(ctypes.c_long(ptrace_attach), ctypes.c_long(supervisor), None, None)
        unshare = libc.unshare(sandbox.CLONE_NEWNS)
        fsopen = libc.syscall(ctypes.c_long(sandbox.SYS_fsopen), b"tmpfs", 0)
        return [_libc_errno(r) for r in (mount, umount, attach, unshare, fsopen)]

    assert run(policy, forbidden) == ["EPERM"] * 5


@needs_sandbox
def test_a_test_may_still_trace_its_own_child(policy: dict[str, Any]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)

    def trace_child() -> str:
        child = subprocess.Popen(["sleep", "5"])
        try:
            result = libc.ptrace(ctypes.c_long(16), ctypes.c_long(child.pid), None, None)
            return _libc_errno(result)
        finally:
            child.kill()
            child.wait()

    assert run(policy, trace_child) == "no error"


# -- what still works ------------------------------------------------------------------

@needs_sandbox
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


@needs_sandbox
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


@needs_sandbox
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


@needs_sandbox
def test_dev_null_and_an_extra_writable_directory_are_writable(policy: dict[str, Any], tmp_path: Path) -> None:
    policy["landlock"]["writable"].append(str(tmp_path))

    def write() -> bool:
        with open("/dev/null", "w") as null:
            null.write("x")
        (tmp_path / "made-in-child").write_text("x")
        return (tmp_path / "made-in-child").exists()

    assert run(policy, write) is True
    # tmp_path lies under /tmp here, so the overlay took the write.
    assert not (tmp_path / "made-in-child").exists()


# -- policy handling -------------------------------------------------------------------

def test_a_policy_that_confines_nothing_changes_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "written"
    assert run({"backend": "degraded"}, lambda: marker.write_text("x") and "ok") == "ok"
    assert marker.read_text() == "x"


def test_malformed_policies_are_refused_with_the_step_named() -> None:
    with pytest.raises(sandbox.SandboxError, match="overlays and loopback need namespaces"):
        sandbox.worker_sandbox({"overlays": ["/tmp"], "scratch": "/tmp/s"})
    with pytest.raises(sandbox.SandboxError, match="seccomp: unknown system calls frobnicate"):
        sandbox.worker_sandbox({"seccomp_deny": ["mount", "frobnicate"]})
    with pytest.raises(sandbox.SandboxError, match='no "scratch"'):
        sandbox.worker_sandbox({"namespaces": True, "overlays": ["/tmp"]})


def test_a_worker_layer_that_cannot_be_entered_raises_naming_the_step(tmp_path: Path) -> None:
    """The scratch directory cannot be created: the worker hears why, nothing is mounted."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    policy = {"namespaces": True, "overlays": [str(tmp_path)], "scratch": str(blocker / "scratch")}
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        message = b"entered"
        try:
            sandbox.worker_sandbox(policy).enter()
        except sandbox.SandboxError as error:
            message = str(error).encode()
        finally:
            os.write(write_end, message)
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        message = reader.read().decode()
    os.waitpid(pid, 0)
    assert message.startswith("namespaces: ")


@needs_sandbox
def test_a_step_that_fails_in_the_child_is_named(policy: dict[str, Any], implementation: str) -> None:
    """The child's first mount target is missing (no worker layer made it): ENOENT, named."""
    layer = sandbox.ChildSandbox(sandbox.Policy(policy), as_root=os.geteuid() == 0, stacked=True)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        message = "applied"
        try:
            layer.apply()  # unshare(CLONE_NEWNS) first: a mount could only land in the child's namespace
        except sandbox.SandboxError as error:
            message = str(error)
        finally:
            os.write(write_end, message.encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        message = reader.read().decode()
    os.waitpid(pid, 0)
    assert message.startswith("mounts: ") and "tmpfs" in message and "ENOENT" in message, message


def test_probe_reports_every_feature() -> None:
    found = sandbox.probe()
    assert set(found) == {"landlock_abi", "seccomp", "namespaces", "user_namespace", "overlayfs", "reasons"}
    if "landlock_abi" not in found["reasons"]:
        assert found["landlock_abi"] >= 1


# -- as an unprivileged user -----------------------------------------------------------

NOBODY = 65534


@needs_sandbox
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become uid 65534 for the test")
def test_an_unprivileged_user_gets_the_same_sandbox_through_a_user_namespace(policy: dict[str, Any]) -> None:
    """As uid 65534 owning its project and run directory, as a user's own run would."""
    root = Path(policy["scratch"]).parent
    for path in (root, Path(policy["overlays"][0]), Path(policy["overlays"][0], "existing.txt")):
        os.chown(path, NOBODY, NOBODY)

    project = Path(policy["overlays"][0])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            # Changing uid made the process non-dumpable (/proc/self/* owned by root); a
            # user's own process is dumpable.
            ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE
            probe = sandbox.probe()
            if not probe["namespaces"]:
                os.write(write_end, json.dumps({"skip": probe["reasons"]["namespaces"]}).encode())
                os._exit(0)
            layer = sandbox.worker_sandbox(policy)
            layer.enter()
            child_layer = layer.for_children()
            child = os.fork()
            if child == 0:
                child_code = 1
                try:
                    child_layer.apply()
                    with socket.socket() as server:
                        server.bind(("127.0.0.1", 1616))
                    (project / "out.txt").write_text("x")
                    home_refused = _errno_of(lambda: open("/etc/tach-sbx-probe", "w"))
                    os.write(write_end, json.dumps({"value": [os.getuid(), home_refused]}).encode())
                    child_code = 0
                finally:
                    os._exit(child_code)
            _, status = os.waitpid(child, 0)
            code = os.waitstatus_to_exitcode(status)
        except BaseException as error:
            os.write(write_end, json.dumps({"error": f"{type(error).__name__}: {error}"}).encode())
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        answer = json.loads(reader.read() or b'{"error": "no answer"}')
    _, status = os.waitpid(pid, 0)
    if "skip" in answer:
        pytest.skip(f"user namespaces refused for uid {NOBODY}: {answer['skip']}")
    assert "error" not in answer, answer["error"]
    assert os.waitstatus_to_exitcode(status) == 0
    assert answer["value"] == [0, "EACCES"]  # uid 0 inside its own user namespace
    assert sorted(os.listdir(project)) == ["existing.txt"]
