"""A worker: a fork of the zygote that runs tests, each in a fresh fork or in itself.

Scopes across forks (ARCHITECTURE.md, "the crux"): before forking a test child the
worker sets up the item's collectors and its higher-scoped fixtures, so children inherit
them; the child tears down only the item (and whatever it set up itself); the worker
tears down a scope once, when the next item no longer shares it.
"""

from __future__ import annotations

import collections
import faulthandler
import gc
import json
import os
import select
import signal
import sys
import traceback
from typing import Any, Callable

import pytest

from tach_harness import inherited_imports, leaks, pytest_compat, trace
from tach_harness.process import (
    ParentGone,
    become_child_subreaper,
    die_with_parent,
    guard_descendants,
    kill_leftover_processes,
    signal_name,
)
from tach_harness.protocol import Connection, Message, ProtocolError, Refused, handshake
from tach_harness.results import (
    Result,
    crash_result,
    harness_error_result,
    merge_scope_teardown,
    result_from_reports,
)

EXIT_PROTOCOL_ERROR = 70
# What pytest itself treats as a test outcome rather than a reason to stop the run.
_TEST_OUTCOMES = (Exception, pytest.skip.Exception, pytest.fail.Exception)
# Statuses that count towards -x / --maxfail (the supervisor's TestStatus.failsRun()).
FAILING_STATUSES = frozenset({"fail", "error", "crash", "timeout", "harness_error"})


def run_worker(
    session: pytest.Session, plugin: Any, number: int, zygote_pid: int, sandbox_policy: dict | None = None
) -> int:
    """Body of a freshly forked worker; returns its exit code (the caller os._exit()s)."""
    try:
        guard_descendants(zygote_pid)  # the zygote's death kills this worker's tree first
    except ParentGone:
        return 1
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        conn = Connection.connect(plugin.settings.socket_path)
        handshake(conn, "worker", plugin.settings.token, {"worker": number})
    except Refused as exc:
        sys.stderr.write(f"tach worker {number}: refused by the supervisor: {exc}\n")
        return 2
    try:
        child_sandbox = enter_sandbox(conn, sandbox_policy)
    except (ProtocolError, OSError) as exc:
        sys.stderr.write(f"tach worker {number}: protocol error: {exc}\n")
        return EXIT_PROTOCOL_ERROR
    config = session.config
    pytest_compat.start_worker_capture(config)
    become_child_subreaper()
    # Progress output of many workers would interleave on the zygote's stdout.
    pytest_compat.silence_terminal_reporter(config)
    try:
        Worker(conn, session, plugin, child_sandbox).serve()
    except (ProtocolError, OSError) as exc:
        sys.stderr.write(f"tach worker {number}: protocol error: {exc}\n")
        return EXIT_PROTOCOL_ERROR
    return 0


def enter_sandbox(conn: Connection, policy: dict | None) -> Any:
    """Enter the worker's layer of the sandbox; the test children's layer, or None.

    A layer that cannot be entered is a warning to the supervisor (which names its error
    code), and this worker's tests run without the sandbox: never a failed run.
    """
    if not policy:
        return None
    from tach_harness import sandbox

    try:
        layer = sandbox.worker_sandbox(policy)
        layer.enter()
        children = layer.for_children()
        return children if children.confines else None  # degraded: nothing to do per test
    except sandbox.SandboxError as exc:
        conn.send({"type": "warning", "topic": "sandbox", "step": str(exc).split(":")[0],
                   "message": f"sandbox {policy.get('backend', '?')} could not be entered by a worker: {exc}; "
                              "its tests run without it"})
        return None


class Worker:
    def __init__(self, conn: Connection, session: pytest.Session, plugin: Any, child_sandbox: Any = None) -> None:
        self.conn = conn
        self.child_sandbox = child_sandbox
        self.sandbox_warned: set[str] = set()
        self.session = session
        self.config = session.config
        self.plugin = plugin
        self.items: dict[str, pytest.Item] = plugin.items
        self.queue: collections.deque[tuple[pytest.Item, str]] = collections.deque()
        self.held: tuple[pytest.Item, Result] | None = None
        # Created once; truncated before each fork. The child writes its result JSON
        # into the first and faulthandler's dump into the second.
        self.await_verdicts = False  # -x / --maxfail: failures wait for the supervisor's count
        self.stop_after_failure = False
        self.last_item: pytest.Item | None = None
        self.result_fd = os.memfd_create("tach-result")
        self.crash_fd = os.memfd_create("tach-crash")

    # -- conversation -----------------------------------------------------------------

    def serve(self) -> None:
        self.conn.send({"type": "ready"})
        while True:
            message = self.conn.receive()
            if message["type"] == "run":
                self.enqueue(message)
                if self.run_queue():
                    break
                self.conn.send({"type": "ready"})
            elif message["type"] == "stop":
                break
            else:
                raise ProtocolError(f"unexpected message '{message['type']}' for a worker")
        if self.held is not None:
            self.release_held(nextitem=None)
        elif self.last_item is not None:
            self.tear_down_everything(self.last_item)
        self.conn.send({"type": "bye"})

    def tear_down_everything(self, last: pytest.Item) -> None:
        """End every scope after a stop; the test it would belong to has been reported already."""
        report = self.teardown_scopes(last, None)
        if report is not None and report.failed:
            sys.stderr.write(f"tach worker: scope teardown after {last.nodeid} failed:\n{report.longreprtext}\n")

    def enqueue(self, message: Message) -> None:
        self.await_verdicts = bool(message.get("ack_failures", False))
        for test in message.get("tests", []):
            test_id = str(test.get("id"))
            item = self.items.get(test_id)
            if item is None:
                self.conn.send(harness_error_result(test_id, f"unknown test id {test_id!r}", os.getpid()))
                continue
            self.queue.append((item, str(test.get("mode", "fork"))))

    def run_queue(self) -> bool:
        """Run the queue; True when the supervisor said stop (-x, --maxfail, Ctrl-C) meanwhile."""
        while self.queue:
            if self.stop_requested():
                self.queue.clear()  # tests not started are dropped, as pytest -x drops them
                return True
            item, mode = self.queue.popleft()
            self.last_item = item
            self.release_held(nextitem=item)
            if self.stop_after_failure:
                self.queue.clear()
                return True
            nextitem = self.queue[0][0] if self.queue else None
            result = self.run_test(item, nextitem, mode)
            # The next item decides which scopes end here; it may not be known yet.
            self.held = (item, result)
        return False

    def stop_requested(self) -> bool:
        """Between two tests, look (without waiting) for a ``stop`` from the supervisor."""
        readable, _, _ = select.select([self.conn], [], [], 0)
        if not readable:
            return False
        message = self.conn.receive()
        if message["type"] != "stop":
            raise ProtocolError(f"unexpected message '{message['type']}' while running a batch")
        return True

    def release_held(self, nextitem: pytest.Item | None) -> None:
        """Tear down the scopes ``nextitem`` does not share, then send the held result."""
        if self.held is None:
            return
        item, result = self.held
        self.held = None
        report = self.teardown_scopes(item, nextitem)
        if report is not None:
            merge_scope_teardown(result, report)
        self.conn.send(result)
        if nextitem is not None and self.await_verdicts and result.get("status") in FAILING_STATUSES:
            self.stop_after_failure = self.await_verdict()

    def await_verdict(self) -> bool:
        """Under -x / --maxfail, wait for the supervisor to count a failure: True means stop."""
        message = self.conn.receive()
        if message["type"] not in ("continue", "stop"):
            raise ProtocolError(f"unexpected message '{message['type']}' after a failure")
        return message["type"] == "stop"

    # -- running one test -------------------------------------------------------------

    def run_test(self, item: pytest.Item, nextitem: pytest.Item | None, mode: str) -> Result:
        if mode == "inline":
            return self.run_test_inline(item, nextitem)
        if mode == "fork":
            return self.run_test_in_child(item, nextitem)
        return harness_error_result(item.nodeid, f"unknown mode {mode!r}", os.getpid())

    def run_test_inline(self, item: pytest.Item, nextitem: pytest.Item | None) -> Result:
        self.conn.send({"type": "started", "test": item.nodeid, "pid": os.getpid()})
        before = leaks.Before() if leaks.ENABLED else None
        pids = leaks.descendants() if leaks.ENABLED else {}
        reports = self.run_pytest_protocol(item, nextitem)
        result = result_from_reports(item.nodeid, reports, os.getpid())
        if before is not None:
            leaks.merge(result, {**before.after(), "processes": leaks.leftover_processes(pids)})
        kill_leftover_processes()
        return result

    def run_test_in_child(self, item: pytest.Item, nextitem: pytest.Item | None) -> Result:
        self.set_up_shared_scopes(item)
        for fd in (self.result_fd, self.crash_fd):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
        worker_pid = os.getpid()
        # What the worker built since the zygote froze (fixtures, previous results) moves to
        # the permanent generation too: a collection in the child must not walk (and so
        # copy-on-write) the worker's pages.
        gc.freeze()
        inherited_imports.start_recording()
        pids = leaks.descendants() if leaks.ENABLED else None
        fork_started = trace.now()
        pid = os.fork()
        if pid == 0:
            self.be_test_child(item, nextitem, worker_pid)
        forked = trace.now()
        self.conn.send({"type": "started", "test": item.nodeid, "pid": pid})
        _, status, usage = os.wait4(pid, 0)
        child_done = trace.now()
        result = self.result_of_child(item, pid, status)
        if pids is not None:  # --report-leaks: what is still alive is about to be killed
            leaks.merge(result, {"processes": leaks.leftover_processes(pids)})
        kill_leftover_processes()
        self.forward_sandbox_warning(result.pop("sandbox_warning", None))
        after_done = trace.now()
        inherited_imports.inherit_imports(result.pop("imported", None) or [])
        if trace.enabled():
            trace.record_forked_test(
                item.nodeid, fork_started, forked, child_done, after_done, trace.now(), usage,
                result.pop("trace", None) or {},
            )
        return result

    def set_up_shared_scopes(self, item: pytest.Item) -> None:
        """Set up collectors and higher-scoped fixtures in the worker, for children to inherit.

        Errors are swallowed: pytest caches a failed collector or fixture setup, so the
        child's own setup raises it again and reports it exactly as pytest would.
        """
        with pytest_compat.capturing_into_report(self.config, "setup", item):
            try:
                pytest_compat.setup_collectors_of(item)
                if pytest_compat.supports_fixture_presetup(item):
                    for name in pytest_compat.higher_scoped_fixture_names(item):
                        pytest_compat.request_fixture(item, name)
            except _TEST_OUTCOMES:
                pass

    def be_test_child(self, item: pytest.Item, nextitem: pytest.Item | None, worker_pid: int) -> None:
        """Body of the test child; never returns."""
        code = 70
        marks = {"child_start": trace.now()} if trace.enabled() else None
        try:
            die_with_parent(worker_pid)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the worker's guard is not the test's
            os.setpgid(0, 0)  # the supervisor kills the test's whole group on timeout
            self.conn.close()
            sandbox_warning = self.apply_sandbox()
            faulthandler.enable(file=self.crash_fd, all_threads=True)
            counts = pytest_compat.finalizer_counts(item)
            if marks is not None:
                marks["protocol_start"] = trace.now()
            before = leaks.Before() if leaks.ENABLED else None
            reports = self.run_pytest_protocol(item, nextitem)
            if marks is not None:
                marks["protocol_end"] = trace.now()
            result = result_from_reports(item.nodeid, reports, os.getpid())
            leaks.merge(result, leaks.in_child(before, self.child_sandbox))
            report = self.finalize_what_child_set_up(item, counts)
            if report is not None:
                merge_scope_teardown(result, report)
            # For the worker only (it removes the keys before the result goes out).
            result["imported"] = inherited_imports.recorded_imports()
            if sandbox_warning:
                result["sandbox_warning"] = sandbox_warning
            if marks is not None:
                marks["exit"] = trace.now()
                result["trace"] = marks
            self.write_result(result)
            code = 0
        except BaseException:
            os.write(self.crash_fd, traceback.format_exc().encode("utf-8", "replace"))
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)

    def apply_sandbox(self) -> str | None:
        """In the test child: apply the children's layer; a failure is a warning, not a crash."""
        if self.child_sandbox is None:
            return None
        try:
            self.child_sandbox.apply()
        except OSError as exc:  # SandboxError: one line naming the step
            return str(exc)
        return None

    def forward_sandbox_warning(self, warning: str | None) -> None:
        """Tell the supervisor once per failing step that a test ran less confined than chosen."""
        if not warning:
            return
        step = warning.split(":")[0]
        if step in self.sandbox_warned:
            return
        self.sandbox_warned.add(step)
        self.conn.send({"type": "warning", "topic": "sandbox", "step": step,
                        "message": f"a test's sandbox could not be applied: {warning}; it ran less confined"})

    def finalize_what_child_set_up(
        self, item: pytest.Item, counts: list[tuple[Any, int]]
    ) -> pytest.TestReport | None:
        """Finalizers run exactly once, in the process that set the fixture up.

        A higher-scoped fixture first requested inside the child (getfixturevalue) added
        its finalizer to an enclosing node; the worker never sees it, so run it here.
        """

        def finalize() -> None:
            pytest_compat.teardown_scopes_set_up_since(item, counts)
            errors: list[BaseException] = []
            for finalizer in pytest_compat.pop_finalizers_added_since(item, counts):
                try:
                    finalizer()
                except _TEST_OUTCOMES as exc:
                    errors.append(exc)
            if errors:
                raise errors[0]

        if not self.finalizers_added_since(item, counts):
            return None
        return self.report_of_teardown(item, finalize)

    @staticmethod
    def finalizers_added_since(item: pytest.Item, counts: list[tuple[Any, int]]) -> bool:
        now = dict(pytest_compat.finalizer_counts(item))
        return len(now) != len(counts) or any(now.get(node) != n for node, n in counts)

    def write_result(self, result: Result) -> None:
        data = json.dumps(result, ensure_ascii=False).encode("utf-8", "replace")
        view = memoryview(data)
        while view:
            written = os.write(self.result_fd, view)
            view = view[written:]

    def result_of_child(self, item: pytest.Item, pid: int, status: int) -> Result:
        size = os.fstat(self.result_fd).st_size
        data = os.pread(self.result_fd, size, 0) if size else b""
        out, err = pytest_compat.read_captured_output(self.config)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and data:
            try:
                return json.loads(data.decode("utf-8"))
            except ValueError as exc:
                return harness_error_result(item.nodeid, f"unreadable result from test process: {exc}", pid)
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            message = f"test process killed by signal {number} ({signal_name(number)})"
        else:
            message = f"test process exited with code {os.WEXITSTATUS(status)} before reporting"
        crash_size = os.fstat(self.crash_fd).st_size
        dump = os.pread(self.crash_fd, crash_size, 0).decode("utf-8", "replace") if crash_size else ""
        return crash_result(item.nodeid, message, out, dump + err, pid)

    # -- pytest's protocol and scope teardown -----------------------------------------

    def run_pytest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> list[pytest.TestReport]:
        """pytest's whole runtest protocol (plugins' wrappers included), item teardown only."""
        reports: list[pytest.TestReport] = []
        self.plugin.report_sink = reports
        try:
            with pytest_compat.teardown_of_item_only(item):
                item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        finally:
            self.plugin.report_sink = None
        return [report for report in reports if report.nodeid == item.nodeid]

    def teardown_scopes(self, item: pytest.Item, nextitem: pytest.Item | None) -> pytest.TestReport | None:
        """Tear down, once and in this process, the scopes ``nextitem`` does not share."""
        if pytest_compat.setup_stack_is_empty(item):
            return None
        return self.report_of_teardown(
            item, lambda: pytest_compat.teardown_scopes_not_shared_with(item, nextitem)
        )

    def report_of_teardown(self, item: pytest.Item, teardown: Callable[[], None]) -> pytest.TestReport:
        """Run ``teardown`` as pytest runs a teardown phase: captured, and made a report."""
        pytest_compat.clear_report_sections(item)

        def captured_teardown() -> None:
            with pytest_compat.capturing_into_report(self.config, "teardown", item):
                teardown()

        call = pytest.CallInfo.from_call(captured_teardown, when="teardown", reraise=(KeyboardInterrupt,))
        # Built directly, not through pytest_runtest_makereport: plugins' makereport
        # hooks expect a live item (funcargs), which this one no longer is.
        return pytest.TestReport.from_item_and_call(item, call)
