"""The zygote: configure pytest, collect once, then only fork workers (docs/protocol.md)."""

from __future__ import annotations

import asyncio
import gc
import inspect
import io
import json
import os
import select
import signal
import sys
import traceback
from typing import Any, TextIO

import pytest

from tach_harness import pytest_compat
from tach_harness.process import (
    GUARD_SIGNAL,
    ParentGone,
    die_of,
    guard_descendants,
    install_guard_handler,
    kill_leftover_processes,
    reap_dead_children,
)
from tach_harness.protocol import Connection, ProtocolError, Refused, handshake
from tach_harness.results import skip_reason, one_line

EXIT_PROTOCOL_ERROR = 70
_ERROR_TEXT_CAP = 2000
# Plugins that run coroutine tests themselves; with one of them loaded we leave
# ``async def`` tests alone (simple rule, see ZygotePlugin.pytest_pyfunc_call).
_ASYNC_TEST_PLUGINS = ("asyncio", "anyio", "trio")


class Settings:
    """What the supervisor hands the zygote through its environment."""

    def __init__(self, environ: dict[str, str]) -> None:
        self.socket_path = environ["TACH_SOCKET"]
        self.token = environ["TACH_TOKEN"]
        self.supervisor_pid = int(environ["TACH_SUPERVISOR_PID"])
        self.pytest_args: list[str] = json.loads(environ.get("TACH_PYTEST_ARGS", "[]"))
        # Whether the supervisor wants the sandbox probe in the hello (it picks a backend).
        self.probe_sandbox = environ.get("TACH_SANDBOX_PROBE") == "1"
        if not isinstance(self.pytest_args, list) or not all(
            isinstance(arg, str) for arg in self.pytest_args
        ):
            raise ValueError("TACH_PYTEST_ARGS must be a JSON array of strings")


class _StderrTee(io.TextIOBase):
    """Passes writes through to stderr and remembers them, to explain a pytest exit."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.seen: list[str] = []
        self.recording = True

    def write(self, text: str) -> int:
        if self.recording:
            self.seen.append(text)
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()

    def fileno(self) -> int:
        return self.target.fileno()

    def isatty(self) -> bool:
        return self.target.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.target.encoding

    def explanation(self) -> str:
        """One line saying why pytest stopped, from what it printed on stderr."""
        lines = [line for line in "".join(self.seen).splitlines() if line.strip()]
        error_lines = [line[1:].strip() for line in lines if line.startswith("E ")]
        for line in lines:
            if line.startswith("ImportError while loading conftest"):
                detail = f": {error_lines[-1]}" if error_lines else ""
                return one_line(line.rstrip(".") + detail)
        for line in lines:  # argparse: "prog: error: unrecognized arguments: --x"
            prog, sep, problem = line.partition(": error: ")
            if sep and " " not in prog:
                return one_line(f"ERROR: {problem}")
        for line in reversed(lines):
            if line.startswith("ERROR:"):
                return one_line(line)
        if error_lines:
            return one_line(error_lines[-1])
        return one_line(lines[-1]) if lines else ""


def _collection_error_message(longrepr_text: str) -> str:
    """The last ``E`` line of a collection failure, or the (capped) whole text."""
    for line in reversed(longrepr_text.splitlines()):
        if line.startswith("E "):
            return line.rstrip()
    text = longrepr_text.strip()
    return text if len(text) <= _ERROR_TEXT_CAP else text[: _ERROR_TEXT_CAP - 3] + "..."


def _timeout_of(item: pytest.Item) -> float | None:
    marker = item.get_closest_marker("timeout")
    if marker is None:
        return None
    value = marker.args[0] if marker.args else marker.kwargs.get("timeout")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def describe_test(item: pytest.Item) -> dict[str, Any]:
    """One entry of ``collected.tests``."""
    path, line, _ = item.location
    return {
        "id": item.nodeid,
        "file": path,
        "line": line + 1 if line is not None else None,
        "timeout": _timeout_of(item),
    }


class ZygotePlugin:
    """Takes over pytest's run loop: report the collection, then serve the supervisor."""

    def __init__(self, conn: Connection, settings: Settings, tee: _StderrTee) -> None:
        self.conn = conn
        self.settings = settings
        self.tee = tee
        self.collection_errors: list[dict[str, str]] = []
        self.skipped_files: list[dict[str, str]] = []
        self.deselected = 0
        self.loop_started = False
        self.items: dict[str, pytest.Item] = {}
        self.workers: dict[int, int] = {}  # pid -> worker number
        self.report_sink: list[pytest.TestReport] | None = None
        self.failure: str | None = None

    # -- collection -----------------------------------------------------------------

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(
                {
                    "path": report.nodeid.split("::")[0],
                    "message": _collection_error_message(str(report.longrepr)),
                }
            )
        elif report.skipped:
            # A whole file skipped at collection (pytest.importorskip, a module-level
            # pytest.skip): pytest counts it as skipped, so the supervisor does too.
            self.skipped_files.append({"path": report.nodeid.split("::")[0], "reason": skip_reason(report)})

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    # -- running --------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        self.loop_started = True
        # Conftests and plugins ran meanwhile: the guard must still be ours (docs/protocol.md).
        install_guard_handler()
        self.items = {item.nodeid: item for item in session.items}
        pytest_compat.stop_global_capture(session.config)
        # Stopping the capture put the tee back as sys.stderr; forks get the real one.
        self.tee.recording = False
        if sys.stderr is self.tee:
            sys.stderr = self.tee.target
        gc.collect()
        gc.freeze()
        self.conn.send(
            {
                "type": "collected",
                "tests": [describe_test(item) for item in session.items],
                "errors": self.collection_errors,
                "skipped": self.skipped_files,
                "deselected": self.deselected,
            }
        )
        try:
            self.serve_supervisor(session)
        except (OSError, ProtocolError) as exc:
            # pytest would swallow this as an internal error; keep it for run_zygote.
            self.failure = f"{type(exc).__name__}: {exc}" if isinstance(exc, OSError) else str(exc)
            self.kill_workers()
        return True

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.report_sink is not None:
            self.report_sink.append(report)

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool | None:
        """Run an ``async def`` test no plugin claims in a fresh event loop.

        Simple rule: if pytest-asyncio, anyio's or pytest-trio's plugin is loaded, the
        test is theirs (or pytest's own "not natively supported" failure).
        """
        if not inspect.iscoroutinefunction(pyfuncitem.obj):
            return None
        manager = pyfuncitem.config.pluginmanager
        if any(manager.has_plugin(name) for name in _ASYNC_TEST_PLUGINS):
            return None
        asyncio.run(pyfuncitem.obj(**pytest_compat.kwargs_for_test_function(pyfuncitem)))
        return True

    # -- serving the supervisor -----------------------------------------------------

    def serve_supervisor(self, session: pytest.Session) -> None:
        while True:
            self.reap_workers()
            self.check_supervisor()
            ready, _, _ = select.select([self.conn], [], [], 0.5)
            if not ready:
                continue
            message = self.conn.receive()
            if message["type"] == "spawn":
                self.spawn_worker(session, int(message["worker"]), message.get("sandbox"))
            elif message["type"] == "shutdown":
                self.kill_workers()
                return
            else:
                raise ProtocolError(f"unexpected message '{message['type']}' for the zygote")

    def spawn_worker(self, session: pytest.Session, number: int, sandbox_policy: dict | None) -> None:
        zygote_pid = os.getpid()
        pid = os.fork()
        if pid == 0:
            self._become_worker(session, number, zygote_pid, sandbox_policy)
        self.workers[pid] = number
        self.conn.send({"type": "spawned", "worker": number, "pid": pid})

    def _become_worker(
        self, session: pytest.Session, number: int, zygote_pid: int, sandbox_policy: dict | None
    ) -> None:
        """Runs in the forked worker and never returns into pytest."""
        code = EXIT_PROTOCOL_ERROR
        try:
            from tach_harness.worker import run_worker

            self.conn.close()
            code = run_worker(session, self, number, zygote_pid, sandbox_policy)
        except BaseException:
            try:
                traceback.print_exc(file=sys.__stderr__)
            finally:
                _flush_and_exit(EXIT_PROTOCOL_ERROR)
        _flush_and_exit(code)

    def check_supervisor(self) -> None:
        """The zygote watches its parent: should PDEATHSIG not have come, the poll does it."""
        if os.getppid() != self.settings.supervisor_pid:
            install_guard_handler()
            os.kill(os.getpid(), GUARD_SIGNAL)  # the guard: kill the tree, clean up, die
            kill_leftover_processes()  # only if the handler did not run
            die_of(GUARD_SIGNAL)

    def reap_workers(self) -> None:
        for pid, _ in reap_dead_children():
            self.workers.pop(pid, None)

    def kill_workers(self) -> None:
        for pid in list(self.workers):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in list(self.workers):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.workers.clear()


def _flush_and_exit(code: int) -> None:
    """Leave a forked process without running pytest's session finish or atexit hooks."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass
    os._exit(code)


def _prepare_process(settings: Settings) -> None:
    # The supervisor's death (SIGKILL too) or a SIGTERM kills the whole tree below us.
    guard_descendants(settings.supervisor_pid)
    os.setpgid(0, 0)  # a terminal Ctrl-C reaches only the supervisor


def _send_fatal(conn: Connection, message: str, exit_code: int) -> None:
    try:
        conn.send({"type": "fatal", "message": one_line(message) or "pytest exited", "exit_code": exit_code})
    except OSError:
        pass


def _hello_details(settings: Settings) -> dict[str, Any]:
    details: dict[str, Any] = {"python": ".".join(map(str, sys.version_info[:3])), "pytest": pytest.__version__}
    if settings.probe_sandbox:
        # A throwaway child tries the unshare: this process (still small) is what forks
        # the workers that will enter the sandbox, so its answer is the one that counts.
        from tach_harness import sandbox

        details["sandbox"] = sandbox.probe()
    return details


def run_zygote() -> int:
    try:
        settings = Settings(dict(os.environ))
    except (KeyError, ValueError) as exc:
        sys.stderr.write(f"tach zygote: bad environment: {exc}\n")
        return 2
    try:
        _prepare_process(settings)
    except ParentGone:
        return 1
    try:
        conn = Connection.connect(settings.socket_path)
        handshake(
            conn,
            "zygote",
            settings.token,
            _hello_details(settings),
        )
    except Refused as exc:
        sys.stderr.write(f"tach zygote: refused by the supervisor: {exc}\n")
        return 2
    except (OSError, ProtocolError) as exc:
        sys.stderr.write(f"tach zygote: cannot talk to the supervisor: {exc}\n")
        return EXIT_PROTOCOL_ERROR
    try:
        return _run_pytest(conn, settings)
    finally:
        # What workers left to us (daemons re-parented when a worker died) dies with the run.
        kill_leftover_processes()


def _run_pytest(conn: Connection, settings: Settings) -> int:
    tee = _StderrTee(sys.stderr)
    sys.stderr = tee
    plugin = ZygotePlugin(conn, settings, tee)
    try:
        exit_code = int(pytest.main(settings.pytest_args, plugins=[plugin]))
    except ProtocolError as exc:
        sys.stderr = tee.target
        sys.stderr.write(f"tach zygote: protocol error: {exc}\n")
        return EXIT_PROTOCOL_ERROR
    except (Exception, SystemExit) as exc:
        sys.stderr = tee.target
        _send_fatal(conn, f"{type(exc).__name__}: {exc}", 3)
        traceback.print_exc()
        return 3
    finally:
        sys.stderr = tee.target
    if plugin.failure is not None:
        sys.stderr.write(f"tach zygote: {plugin.failure}\n")
        return EXIT_PROTOCOL_ERROR
    if plugin.loop_started:
        return 0
    _send_fatal(conn, tee.explanation() or f"pytest exited with code {exit_code}", exit_code)
    return exit_code or 2
