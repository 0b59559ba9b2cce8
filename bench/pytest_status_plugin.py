"""A pytest plugin for the benchmark: writes each node id's status, in Tach's vocabulary.

Loaded with ``-p pytest_status_plugin`` (bench/ on PYTHONPATH); the output file is
``$TACH_BENCH_STATUS``. The mapping is the harness's (harness/tach_harness/results.py):
setup failed → error; skipped → skip or xfail; call failed → fail; passed with wasxfail →
xpass; a failing teardown turns a non-failing test into error.
"""

from __future__ import annotations

import json
import os

import pytest

_statuses: dict[str, str] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    current = _statuses.get(report.nodeid)
    if report.when == "setup":
        if report.failed:
            _statuses[report.nodeid] = "error"
        elif report.skipped:
            _statuses[report.nodeid] = "xfail" if hasattr(report, "wasxfail") else "skip"
    elif report.when == "call":
        if report.failed:
            _statuses[report.nodeid] = "fail"
        elif report.skipped:
            _statuses[report.nodeid] = "xfail" if hasattr(report, "wasxfail") else "skip"
        else:
            _statuses[report.nodeid] = "xpass" if hasattr(report, "wasxfail") else "pass"
    elif report.when == "teardown" and report.failed and current not in ("fail", "error"):
        _statuses[report.nodeid] = "error"


def pytest_collectreport(report: pytest.CollectReport) -> None:
    # A file that skips itself at collection: pytest counts one skip, Tach reports one
    # `skip` result whose node id is the path.
    if report.skipped:
        _statuses[report.nodeid.split("::")[0]] = "skip"


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("TACH_BENCH_STATUS")
    # Under pytest-xdist every worker reports to the controller, which writes the file.
    if path and not hasattr(session.config, "workerinput"):
        with open(path, "w") as f:
            json.dump(_statuses, f, indent=0, sort_keys=True)
