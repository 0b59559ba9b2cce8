"""Fixture scopes mean what they mean under pytest, across the worker/test-child forks.

Fixtures of every scope append "setup NAME PID" / "teardown NAME PID" to a log file;
the tests count the lines and check where (in which process) each one ran.
"""

from __future__ import annotations

import collections
import textwrap
from pathlib import Path

import pytest

from tests.supervisor import FakeSupervisor, RunOutcome

CONFTEST = textwrap.dedent(
    """
    import os
    import pytest

    def log(event, name):
        with open(os.environ["TACH_FIXTURE_LOG"], "a") as f:
            f.write(f"{event} {name} {os.getpid()}\\n")

    @pytest.fixture(scope="session")
    def session_fix():
        log("setup", "session")
        yield
        log("teardown", "session")

    @pytest.fixture(scope="module")
    def module_fix(request, session_fix):
        name = "module:" + request.module.__name__
        log("setup", name)
        yield
        log("teardown", name)

    @pytest.fixture(scope="class")
    def class_fix(request, module_fix):
        name = "class:" + request.module.__name__ + "." + request.cls.__name__
        log("setup", name)
        yield
        log("teardown", name)

    @pytest.fixture
    def function_fix(request, module_fix):
        name = "function:" + request.node.nodeid
        log("setup", name)
        yield
        log("teardown", name)

    @pytest.fixture(scope="module")
    def dynamic_module_fix(request):
        name = "dynamic:" + request.module.__name__
        log("setup", name)
        yield
        log("teardown", name)
    """
)

MODULE = textwrap.dedent(
    """
    import pytest

    def setup_module():
        from conftest import log
        log("setup", "xunit:" + __name__)

    def teardown_module():
        from conftest import log
        log("teardown", "xunit:" + __name__)

    def test_one(function_fix):
        pass

    def test_two(function_fix, module_fix):
        pass

    @pytest.mark.usefixtures("class_fix")
    class TestGroup:
        def test_a(self, function_fix):
            pass

        def test_b(self, function_fix):
            pass
    """
)

PACKAGE_CONFTEST = textwrap.dedent(
    """
    import pytest
    from conftest import log

    @pytest.fixture(scope="package")
    def package_fix(session_fix):
        log("setup", "package:pkg")
        yield
        log("teardown", "package:pkg")
    """
)

PACKAGE_MODULE = textwrap.dedent(
    """
    def test_in_package(package_fix, function_fix):
        pass

    def test_in_package_too(package_fix, module_fix):
        pass
    """
)

DYNAMIC_MODULE = textwrap.dedent(
    """
    def test_static(module_fix):
        pass

    def test_requests_module_fixture_dynamically(request, function_fix):
        request.getfixturevalue("dynamic_module_fix")

    def test_after_dynamic(module_fix):
        pass
    """
)

PROJECT = {
    "conftest.py": CONFTEST,
    **{f"test_m{n}.py": MODULE for n in range(1, 5)},
    "pkg/__init__.py": "",
    "pkg/conftest.py": PACKAGE_CONFTEST,
    "pkg/test_p1.py": PACKAGE_MODULE,
    "pkg/test_p2.py": PACKAGE_MODULE,
    "test_dynamic.py": DYNAMIC_MODULE,
}


class ScopeRun:
    def __init__(self, outcome: RunOutcome, log_lines: list[tuple[str, str, int]], workers: int, mode: str) -> None:
        self.outcome = outcome
        self.lines = log_lines
        self.workers = workers
        self.mode = mode
        self.worker_of_test: dict[str, int] = {}
        for number, message in outcome.messages:
            if message["type"] == "started":
                self.worker_of_test[message["test"]] = number
        self.worker_pids = set(outcome.worker_pids.values())

    def setups(self, prefix: str) -> list[tuple[str, int]]:
        return [(name, pid) for event, name, pid in self.lines if event == "setup" and name.startswith(prefix)]

    def workers_that_ran(self, module_prefix: str = "") -> set[int]:
        return {w for test, w in self.worker_of_test.items() if test.startswith(module_prefix)}


def read_log(path: Path) -> list[tuple[str, str, int]]:
    lines = []
    for line in path.read_text().splitlines():
        event, name, pid = line.split(" ")
        lines.append((event, name, int(pid)))
    return lines


@pytest.fixture(scope="module", params=[(1, "fork"), (4, "fork"), (1, "inline"), (4, "inline")],
                ids=["1-worker-fork", "4-workers-fork", "1-worker-inline", "4-workers-inline"])
def scope_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ScopeRun:
    workers, mode = request.param
    tmp = tmp_path_factory.mktemp("scopes")
    log = tmp / "fixtures.log"
    log.touch()
    fake = FakeSupervisor(tmp)
    try:
        fake.collect(PROJECT, env={"TACH_FIXTURE_LOG": str(log)})
        outcome = fake.run(workers=workers, mode=mode)
    finally:
        fake.kill_everything()
    return ScopeRun(outcome, read_log(log), workers, mode)


def test_all_tests_pass(scope_run: ScopeRun) -> None:
    statuses = {test: r["status"] for test, r in scope_run.outcome.results.items()}
    assert set(statuses.values()) == {"pass"}, statuses
    assert len(statuses) == 4 * 4 + 2 * 2 + 3


def test_session_fixture_is_set_up_once_per_worker_that_ran_tests(scope_run: ScopeRun) -> None:
    setups = scope_run.setups("session")
    assert len(setups) == len(scope_run.workers_that_ran())
    assert {pid for _, pid in setups} <= scope_run.worker_pids


def test_package_fixture_is_set_up_once_per_worker_that_ran_the_package(scope_run: ScopeRun) -> None:
    setups = scope_run.setups("package:pkg")
    assert len(setups) == len(scope_run.workers_that_ran("pkg/"))
    assert {pid for _, pid in setups} <= scope_run.worker_pids


def test_module_and_xunit_fixtures_are_set_up_once_per_module_per_worker(scope_run: ScopeRun) -> None:
    modules = ["test_m1", "test_m2", "test_m3", "test_m4", "pkg.test_p1", "pkg.test_p2", "test_dynamic"]
    for module in modules:
        path = module.replace(".", "/") + ".py"
        expected = len(scope_run.workers_that_ran(path + "::"))
        assert len(scope_run.setups(f"module:{module}")) == expected, module
        if module.startswith("test_m"):
            assert len(scope_run.setups(f"xunit:{module}")) == expected, module
    assert {pid for _, pid in scope_run.setups("module:")} <= scope_run.worker_pids


def test_class_fixture_is_set_up_once_per_class(scope_run: ScopeRun) -> None:
    setups = scope_run.setups("class:")
    assert sorted(name for name, _ in setups) == [f"class:test_m{n}.TestGroup" for n in range(1, 5)]


def test_function_fixture_is_set_up_once_per_test_in_the_test_process(scope_run: ScopeRun) -> None:
    setups = scope_run.setups("function:")
    without = ("test_in_package_too", "test_static", "test_after_dynamic")
    users = [t for t in scope_run.outcome.results if not t.endswith(without)]
    assert sorted(name for name, _ in setups) == sorted(f"function:{t}" for t in users)
    for name, pid in setups:
        assert pid == scope_run.outcome.started[name[len("function:"):]]["pid"]
    if scope_run.mode == "fork":
        assert not {pid for _, pid in setups} & scope_run.worker_pids


def test_every_teardown_runs_exactly_once_in_the_process_of_its_setup(scope_run: ScopeRun) -> None:
    setups = collections.Counter((name, pid) for event, name, pid in scope_run.lines if event == "setup")
    teardowns = collections.Counter((name, pid) for event, name, pid in scope_run.lines if event == "teardown")
    assert setups == teardowns
    assert all(count == 1 for count in setups.values())
    for index, (event, name, pid) in enumerate(scope_run.lines):
        if event == "teardown":
            assert ("setup", name, pid) in scope_run.lines[:index]


def test_dynamically_requested_module_fixture_is_finalized_where_it_was_set_up(scope_run: ScopeRun) -> None:
    test = "test_dynamic.py::test_requests_module_fixture_dynamically"
    (setup,) = scope_run.setups("dynamic:")
    assert setup[1] == scope_run.outcome.started[test]["pid"]
    assert ("teardown", "dynamic:test_dynamic", setup[1]) in scope_run.lines
    if scope_run.mode == "fork":
        assert setup[1] not in scope_run.worker_pids  # the test child, not the worker
