"""A module that a test child imports is imported by its worker too, once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.supervisor import FakeSupervisor

LAZY = textwrap.dedent(
    """
    import os
    with open(os.environ["TACH_IMPORT_LOG"], "a") as f:
        f.write(f"{os.getpid()}\\n")
    """
)

TESTS = textwrap.dedent(
    """
    import os

    def test_first():
        import lazy_dependency
        assert lazy_dependency

    def test_second():
        import sys
        already = "lazy_dependency" in sys.modules
        import lazy_dependency
        assert already == (os.environ.get("TACH_IMPORT_INHERITANCE", "1") != "0")
    """
)


@pytest.mark.parametrize("inherit", ["1", "0"])
def test_a_module_imported_in_a_child_is_inherited_by_the_next_children(
    supervisor: FakeSupervisor, tmp_path: Path, inherit: str
) -> None:
    log = tmp_path / "imports.log"
    supervisor.collect(
        {"lazy_dependency.py": LAZY, "test_lazy.py": TESTS, "conftest.py": "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"},
        env={"TACH_IMPORT_LOG": str(log), "TACH_IMPORT_INHERITANCE": inherit},
    )
    outcome = supervisor.run(workers=1, mode="fork")
    assert {t: r["status"] for t, r in outcome.results.items()} == {
        "test_lazy.py::test_first": "pass",
        "test_lazy.py::test_second": "pass",
    }
    importers = [int(line) for line in log.read_text().split()]
    worker_pid = next(iter(outcome.worker_pids.values()))
    children = {r["pid"] for r in outcome.results.values()}
    if inherit == "1":
        # Once in the first child (the test's own import), once in the worker; the second
        # child found it imported.
        assert len(importers) == 2
        assert importers[0] in children and importers[1] == worker_pid
    else:
        assert len(importers) == 2 and set(importers) == children
