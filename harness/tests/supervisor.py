"""A fake supervisor for the harness tests: the Java side of docs/protocol.md, in Python.

It listens on a Unix socket, starts ``python -m tach_harness zygote`` on a tmp project,
does the handshakes, spawns workers, hands out batches (one per module), collects
results and always kills the whole process tree at the end.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from tach_harness.protocol import Connection, Message, ProtocolError

HARNESS_DIR = Path(__file__).resolve().parent.parent
TOKEN = "test-token-1234"
# Third-party plugins that happen to be installed cost ~0.7 s per zygote at session
# finish; the outcome tests run with them on, the others keep the suite fast.
QUIET_ARGS = ["-p", "no:cacheprovider", "-p", "no:benchmark", "-p", "no:hypothesispytest"]


# Starts its arguments as a child that takes it for the supervisor, then waits forever.
STAND_IN_PARENT = (
    "import os, subprocess, sys, time; os.environ['TACH_SUPERVISOR_PID'] = str(os.getpid()); "
    "subprocess.Popen(sys.argv[1:]); time.sleep(10**6)"
)


def processes_with_env(name: str, value: str) -> list[int]:
    """Live processes (not zombies) whose environment holds ``name=value``."""
    wanted = f"{name}={value}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                if stat.read().rpartition(b")")[2].split()[0] == b"Z":
                    continue
            with open(f"/proc/{entry}/environ", "rb") as environ:
                if wanted in environ.read().split(b"\0"):
                    found.append(int(entry))
        except (OSError, IndexError):
            pass
    return found


def module_of(test_id: str) -> str:
    return test_id.split("::")[0]


def batches_by_module(test_ids: list[str]) -> list[list[str]]:
    batches: list[list[str]] = []
    for test_id in test_ids:
        if batches and module_of(batches[-1][-1]) == module_of(test_id):
            batches[-1].append(test_id)
        else:
            batches.append([test_id])
    return batches


def descendants_of(root: int) -> list[int]:
    """Every live descendant of ``root`` (from /proc), children before grandchildren."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rpartition(b")")[2].split()
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            pass
    found: list[int] = []
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        kids = [pid for pid, ppid in parents.items() if ppid == parent]
        found.extend(kids)
        frontier.extend(kids)
    return found


class RunOutcome:
    def __init__(self) -> None:
        self.results: dict[str, Message] = {}
        self.started: dict[str, Message] = {}
        self.messages: list[tuple[int, Message]] = []
        self.worker_pids: dict[int, int] = {}


class FakeSupervisor:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.project = tmp_path / "project"
        self.project.mkdir()
        self.socket_path = str(tmp_path / "tach.sock")
        self.listener: socket.socket | None = None
        self.zygote: subprocess.Popen[bytes] | None = None
        self.zygote_conn: Connection | None = None
        self.inbox: queue.Queue[tuple[int, Message | Exception]] = queue.Queue()
        self.workers: dict[int, Connection] = {}
        self.collected: Message | None = None
        self.stderr_path = tmp_path / "zygote.err"
        self.stdout_path = tmp_path / "zygote.out"
        self.sandbox: dict | None = None  # the policy sent with every spawn, when set

    # -- setup ------------------------------------------------------------------------

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def start_zygote(self, args: list[str] | None = None, env: dict[str, str] | None = None,
                     token: str = TOKEN, via_parent: bool = False) -> None:
        """Start the zygote; ``via_parent`` puts a stand-in supervisor process between us and
        it (``self.zygote`` is then that parent), so a test can kill the zygote's parent."""
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.socket_path)
        self.listener.listen(64)
        self.listener.settimeout(30)
        environ = dict(os.environ)
        environ.pop("PYTEST_CURRENT_TEST", None)
        environ.pop("PYTEST_ADDOPTS", None)
        environ.update(
            TACH_SOCKET=self.socket_path,
            TACH_TOKEN=token,
            TACH_SUPERVISOR_PID=str(os.getpid()),
            TACH_PYTEST_ARGS=json.dumps(args if args is not None else QUIET_ARGS),
            PYTHONPATH=os.pathsep.join([str(HARNESS_DIR), environ.get("PYTHONPATH", "")]),
            PYTHONDONTWRITEBYTECODE="1",
        )
        environ.update(env or {})
        command = [sys.executable, "-m", "tach_harness", "zygote"]
        if via_parent:
            command = [sys.executable, "-c", STAND_IN_PARENT] + command
        self.zygote = subprocess.Popen(
            command,
            cwd=self.project,
            env=environ,
            stdin=subprocess.DEVNULL,
            stdout=open(self.stdout_path, "wb"),
            stderr=open(self.stderr_path, "wb"),
        )

    def accept(self) -> tuple[Connection, Message]:
        assert self.listener is not None
        sock, _ = self.listener.accept()
        sock.settimeout(None)
        conn = Connection(sock)
        return conn, conn.receive()

    def welcome(self, conn: Connection, hello: Message, token: str = TOKEN) -> bool:
        if hello.get("token") != token:
            conn.send({"type": "refused", "reason": "wrong token"})
            conn.close()
            return False
        conn.send({"type": "welcome", "protocol": 1})
        return True

    def connect_zygote(self, timeout: float = 30) -> Message:
        """Handshake with the zygote and return its first message after welcome."""
        conn, hello = self.accept()
        assert hello["type"] == "hello" and hello["role"] == "zygote", hello
        assert self.welcome(conn, hello)
        self.zygote_conn = conn
        conn.sock.settimeout(timeout)
        message = conn.receive()
        conn.sock.settimeout(None)
        if message["type"] == "collected":
            self.collected = message
        return message

    def collect(self, files: dict[str, str], args: list[str] | None = None,
                env: dict[str, str] | None = None, via_parent: bool = False) -> Message:
        self.write(files)
        self.start_zygote(args, env, via_parent=via_parent)
        message = self.connect_zygote()
        assert message["type"] == "collected", (message, self.zygote_stderr())
        return message

    def zygote_stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    # -- workers ------------------------------------------------------------------------

    def spawn_workers(self, count: int) -> dict[int, int]:
        assert self.zygote_conn is not None
        pids: dict[int, int] = {}
        for number in range(1, count + 1):
            spawn = {"type": "spawn", "worker": number}
            if self.sandbox is not None:
                spawn["sandbox"] = self.sandbox
            self.zygote_conn.send(spawn)
            spawned = self.zygote_conn.receive()
            assert spawned == {"type": "spawned", "worker": number, "pid": spawned["pid"]}, spawned
            pids[number] = spawned["pid"]
        for _ in range(count):
            conn, hello = self.accept()
            assert hello["role"] == "worker" and hello["pid"] == pids[hello["worker"]], hello
            assert self.welcome(conn, hello)
            self.workers[hello["worker"]] = conn
            threading.Thread(target=self._read_worker, args=(hello["worker"], conn), daemon=True).start()
        return pids

    def _read_worker(self, number: int, conn: Connection) -> None:
        while True:
            try:
                message = conn.receive()
            except (ProtocolError, OSError) as exc:
                self.inbox.put((number, exc))
                return
            self.inbox.put((number, message))
            if message["type"] == "bye":
                return

    def run(self, workers: int = 1, mode: str = "fork", tests: list[str] | None = None,
            timeout: float = 60, on_result: Callable[[Message], None] | None = None,
            batches: list[list[str]] | None = None,
            on_started: Callable[[Message], None] | None = None) -> RunOutcome:
        """Spawn workers, run the tests batched by module, stop the workers, shut down."""
        assert self.collected is not None
        test_ids = tests if tests is not None else [t["id"] for t in self.collected["tests"]]
        pending = batches if batches is not None else batches_by_module(test_ids)
        outcome = RunOutcome()
        outcome.worker_pids = self.spawn_workers(workers)
        running = set(outcome.worker_pids)
        deadline = time.monotonic() + timeout
        while running:
            try:
                number, message = self.inbox.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"run did not finish in {timeout}s; results so far: "
                                     f"{sorted(outcome.results)}; zygote stderr: {self.zygote_stderr()}")
            if isinstance(message, Exception):
                raise AssertionError(f"worker {number} connection failed: {message}; "
                                     f"zygote stderr: {self.zygote_stderr()}")
            outcome.messages.append((number, message))
            kind = message["type"]
            if kind == "ready":
                if pending:
                    batch = pending.pop(0)
                    self.workers[number].send({"type": "run", "tests": [{"id": t, "mode": mode} for t in batch]})
                else:
                    self.workers[number].send({"type": "stop"})
            elif kind == "started":
                outcome.started[message["test"]] = message
                if on_started is not None:
                    on_started(message)
            elif kind == "result":
                assert message["test"] not in outcome.results, f"two results for {message['test']}"
                outcome.results[message["test"]] = message
                if on_result is not None:
                    on_result(message)
            elif kind == "bye":
                running.discard(number)
        self.shutdown()
        return outcome

    def shutdown(self, timeout: float = 20) -> int:
        assert self.zygote is not None and self.zygote_conn is not None
        self.zygote_conn.send({"type": "shutdown"})
        return self.zygote.wait(timeout)

    # -- cleanup ----------------------------------------------------------------------

    def kill_everything(self) -> None:
        """Kill the zygote and every descendant of it (workers, test children, daemons)."""
        if self.zygote is not None and self.zygote.poll() is None:
            for pid in [self.zygote.pid] + descendants_of(self.zygote.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        if self.zygote is not None:
            try:
                self.zygote.wait(10)
            except subprocess.TimeoutExpired:
                pass
        for conn in list(self.workers.values()) + ([self.zygote_conn] if self.zygote_conn else []):
            conn.close()
        if self.listener is not None:
            self.listener.close()
