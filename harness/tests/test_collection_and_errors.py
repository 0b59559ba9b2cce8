"""Collection errors, failing higher-scoped fixtures and pytest usage errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.supervisor import QUIET_ARGS, FakeSupervisor


def test_collection_error_is_reported_and_other_files_still_run(supervisor: FakeSupervisor) -> None:
    collected = supervisor.collect({
        "test_broken.py": "import module_that_does_not_exist\n\ndef test_never():\n    pass\n",
        "test_fine.py": "def test_one():\n    pass\n\ndef test_two():\n    pass\n",
    })
    assert collected["errors"] == [{
        "path": "test_broken.py",
        "message": "E   ModuleNotFoundError: No module named 'module_that_does_not_exist'",
    }]
    assert [t["id"] for t in collected["tests"]] == ["test_fine.py::test_one", "test_fine.py::test_two"]
    results = supervisor.run(workers=1).results
    assert {t: r["status"] for t, r in results.items()} == {
        "test_fine.py::test_one": "pass", "test_fine.py::test_two": "pass"}


def test_deselected_tests_are_counted_and_timeouts_read_from_markers(supervisor: FakeSupervisor) -> None:
    collected = supervisor.collect({"test_sel.py": textwrap.dedent(
        """
        import pytest

        @pytest.mark.timeout(2.5)
        def test_keep():
            pass

        def test_drop():
            pass
        """
    )}, args=[*QUIET_ARGS, "-k", "keep", "-W", "ignore::pytest.PytestUnknownMarkWarning"])
    assert collected["tests"] == [{"id": "test_sel.py::test_keep", "file": "test_sel.py", "line": 4, "timeout": 2.5}]
    assert collected["deselected"] == 1


MODULE_FIXTURE_RAISES = {
    "conftest.py": textwrap.dedent(
        """
        import os
        import pytest

        @pytest.fixture(scope="module")
        def database():
            with open(os.environ["TACH_FIXTURE_LOG"], "a") as f:
                f.write(f"setup database {os.getpid()}\\n")
            raise ConnectionError("database is down")
        """
    ),
    "test_db.py": textwrap.dedent(
        """
        def test_query(database):
            pass

        def test_insert(database):
            pass

        def test_delete(database):
            pass
        """
    ),
    "test_other.py": "def test_unaffected():\n    pass\n",
}


@pytest.mark.parametrize("mode", ["fork", "inline"])
def test_failing_module_fixture_errors_every_test_of_the_module_and_runs_once(
    supervisor: FakeSupervisor, tmp_path: Path, mode: str
) -> None:
    log = tmp_path / "fixture.log"
    supervisor.collect(MODULE_FIXTURE_RAISES, env={"TACH_FIXTURE_LOG": str(log)})
    results = supervisor.run(workers=1, mode=mode).results
    for name in ("test_query", "test_insert", "test_delete"):
        result = results[f"test_db.py::{name}"]
        assert result["status"] == "error", result
        assert result["when"] == "setup"
        assert result["message"] == "ConnectionError: database is down"
        assert "database is down" in result["longrepr"]
    assert results["test_other.py::test_unaffected"]["status"] == "pass"
    assert len(log.read_text().splitlines()) == 1


FAILING_MODULE_TEARDOWN = {
    "test_mod_teardown.py": textwrap.dedent(
        """
        import pytest

        @pytest.fixture(scope="module")
        def resource():
            yield
            print("tearing down resource")
            raise OSError("could not release resource")

        def test_first(resource):
            pass

        def test_last(resource):
            pass
        """
    ),
    "test_z_next.py": "def test_next_module():\n    pass\n",
}


@pytest.mark.parametrize("mode", ["fork", "inline"])
@pytest.mark.parametrize("batching", ["by-module", "one-batch"])
def test_failing_module_teardown_is_an_error_of_the_test_before_it(
    supervisor: FakeSupervisor, mode: str, batching: str
) -> None:
    collected = supervisor.collect(FAILING_MODULE_TEARDOWN)
    ids = [t["id"] for t in collected["tests"]]
    if batching == "by-module":
        results = supervisor.run(workers=1, mode=mode).results
    else:  # the teardown happens mid-batch, where the next item is already known
        results = supervisor.run(workers=1, mode=mode, batches=[ids]).results
    assert results["test_mod_teardown.py::test_first"]["status"] == "pass"
    last = results["test_mod_teardown.py::test_last"]
    assert last["status"] == "error" and last["when"] == "teardown"
    assert last["message"] == "OSError: could not release resource"
    assert "tearing down resource" in last["stdout"]
    assert results["test_z_next.py::test_next_module"]["status"] == "pass"


def test_conftest_import_error_is_a_fatal_one_line_message(supervisor: FakeSupervisor) -> None:
    supervisor.write({"conftest.py": "import no_such_module_for_conftest\n", "test_a.py": "def test_a():\n    pass\n"})
    supervisor.start_zygote()
    message = supervisor.connect_zygote()
    assert message["type"] == "fatal"
    assert "\n" not in message["message"]
    assert "conftest" in message["message"] and "no_such_module_for_conftest" in message["message"]
    assert message["exit_code"] == 4
    assert supervisor.zygote is not None and supervisor.zygote.wait(20) == 4


def test_unknown_plugin_is_a_fatal_one_line_message(supervisor: FakeSupervisor) -> None:
    supervisor.write({"test_a.py": "def test_a():\n    pass\n"})
    supervisor.start_zygote(args=["-p", "no_such_plugin_anywhere"])
    message = supervisor.connect_zygote()
    assert message["type"] == "fatal"
    assert "no_such_plugin_anywhere" in message["message"] and "\n" not in message["message"]
    assert supervisor.zygote is not None and supervisor.zygote.wait(20) != 0


def test_unknown_test_id_gets_a_harness_error_result(supervisor: FakeSupervisor) -> None:
    supervisor.collect({"test_a.py": "def test_a():\n    pass\n"})
    results = supervisor.run(workers=1, tests=["test_a.py::test_a", "test_a.py::test_missing"]).results
    assert results["test_a.py::test_a"]["status"] == "pass"
    assert results["test_a.py::test_missing"]["status"] == "harness_error"


def test_unknown_option_is_a_fatal_usage_error(supervisor: FakeSupervisor) -> None:
    supervisor.write({"test_a.py": "def test_a():\n    pass\n"})
    supervisor.start_zygote(args=["--no-such-option"])
    message = supervisor.connect_zygote()
    assert message == {"type": "fatal", "message": "ERROR: unrecognized arguments: --no-such-option",
                       "exit_code": 4}
