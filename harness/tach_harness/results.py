"""Turning pytest's TestReports into the protocol's ``result`` message (docs/protocol.md)."""

from __future__ import annotations

import re
from typing import Any, Sequence

import pytest

OUTPUT_CAP = 1024 * 1024
_KEEP = OUTPUT_CAP // 2

Result = dict[str, Any]


def cap_output(text: str) -> tuple[str, int]:
    """Keep the first and last 512 KiB of ``text`` (as UTF-8); return it and bytes cut."""
    data = text.encode("utf-8", errors="replace")
    if len(data) <= OUTPUT_CAP:
        return text, 0
    cut = len(data) - 2 * _KEEP
    head = data[:_KEEP].decode("utf-8", errors="ignore")
    tail = data[-_KEEP:].decode("utf-8", errors="ignore")
    return head + tail, cut


def one_line(text: str, limit: int = 500) -> str:
    line = " ".join(text.strip().splitlines()[:1]) if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."


_LOCATION_LINE = re.compile(r"^\S.*:\d+: ([A-Za-z_][\w.]*)$")


def _exception_type(longrepr_text: str) -> str | None:
    """The exception name pytest prints at the end of a traceback (``file.py:5: KeyError``)."""
    lines = longrepr_text.rstrip().splitlines()
    match = _LOCATION_LINE.match(lines[-1]) if lines else None
    return match.group(1).rpartition(".")[2] if match else None


def _crash_message(report: pytest.TestReport) -> str:
    """Exception type and message, like pytest's ``-rA`` short summary line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", None):
        message = one_line(crash.message)
        # For a rewritten assert pytest drops the "AssertionError: " prefix; put it back.
        kind = _exception_type(str(report.longrepr))
        if kind and not message.startswith(kind):
            message = f"{kind}: {message}"
        return message
    text = str(report.longrepr or "")
    for line in reversed(text.splitlines()):
        if line.startswith("E "):
            return one_line(line[1:])
    return one_line(text.splitlines()[-1] if text.strip() else "")


def skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The reason of a skip, without pytest's ``Skipped: `` prefix, on one line."""
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    reason = str(reason)
    if reason.startswith("Skipped: "):
        reason = reason[len("Skipped: ") :]
    return one_line(reason)


def _status_of(reports: Sequence[pytest.TestReport]) -> tuple[str, pytest.TestReport | None]:
    """The protocol status and the report that decided it."""
    by_when = {report.when: report for report in reports}
    setup, call, teardown = by_when.get("setup"), by_when.get("call"), by_when.get("teardown")
    if setup is not None and setup.failed:
        return "error", setup
    if setup is not None and setup.skipped:
        return ("xfail" if hasattr(setup, "wasxfail") else "skip"), setup
    if call is not None:
        if call.failed:
            return "fail", call
        if call.skipped:
            return ("xfail" if hasattr(call, "wasxfail") else "skip"), call
    if teardown is not None and teardown.failed:
        return "error", teardown
    if call is not None and call.passed and hasattr(call, "wasxfail"):
        return "xpass", call
    return "pass", call


def _message(status: str, report: pytest.TestReport | None) -> str:
    if report is None or status == "pass":
        return ""
    if status == "xfail":
        return one_line(str(getattr(report, "wasxfail", "")) or skip_reason(report))
    if status == "xpass":
        return one_line(str(getattr(report, "wasxfail", "")))
    if status == "skip":
        return skip_reason(report)
    return _crash_message(report)


def _longrepr(status: str, report: pytest.TestReport | None) -> str:
    if report is None or status in ("pass", "xpass"):
        return ""
    if status in ("skip", "xfail") and isinstance(report.longrepr, tuple):
        return skip_reason(report)
    return str(report.longrepr or "")


def _phase(report: pytest.TestReport) -> dict[str, Any]:
    return {
        "when": report.when,
        "outcome": report.outcome,
        "duration_ms": round(report.duration * 1000.0, 3),
    }


def result_from_reports(test_id: str, reports: Sequence[pytest.TestReport], pid: int) -> Result:
    """The ``result`` message for a test whose phases produced ``reports``."""
    if not reports:
        return harness_error_result(test_id, "the test produced no report", pid)
    status, decisive = _status_of(reports)
    last = reports[-1]  # its sections hold the captured output of every phase so far
    result: Result = {
        "type": "result",
        "test": test_id,
        "status": status,
        "when": decisive.when if decisive is not None else last.when,
        "duration_ms": round(sum(r.duration for r in reports) * 1000.0, 3),
        "message": _message(status, decisive),
        "longrepr": _longrepr(status, decisive),
        "phases": [_phase(r) for r in reports],
        "pid": pid,
    }
    set_output(result, last.capstdout, last.capstderr, last.caplog)
    return result


def set_output(result: Result, stdout: str, stderr: str, log: str) -> None:
    """Put captured output into ``result``, capped, adding to how much was already cut."""
    truncated: dict[str, int] = dict(result.get("truncated") or {})
    for key, text in (("stdout", stdout), ("stderr", stderr), ("log", log)):
        result[key], cut = cap_output(text)
        if cut:
            truncated[key] = truncated.get(key, 0) + cut
    result["truncated"] = truncated


def merge_scope_teardown(result: Result, report: pytest.TestReport) -> None:
    """Fold the teardown of enclosing scopes into the result of the test it followed.

    pytest attributes a failing module/class/session teardown to the test that preceded
    it: a passing test becomes an error; a failure stays a failure, with both reprs.
    """
    stdout = "".join(c for _, c in report.get_sections("Captured stdout"))
    stderr = "".join(c for _, c in report.get_sections("Captured stderr"))
    log = "".join(c for _, c in report.get_sections("Captured log"))
    if stdout or stderr or log:
        set_output(
            result,
            result.get("stdout", "") + stdout,
            result.get("stderr", "") + stderr,
            result.get("log", "") + log,
        )
    result["duration_ms"] = round(result.get("duration_ms", 0.0) + report.duration * 1000.0, 3)
    _merge_phase(result, report)
    if not report.failed:
        return
    text = str(report.longrepr or "")
    if result["status"] in ("pass", "skip", "xfail", "xpass"):
        result["status"] = "error"
        result["when"] = "teardown"
        result["message"] = _crash_message(report)
        result["longrepr"] = text
    else:
        result["longrepr"] = (result.get("longrepr") or "") + "\n\nerror in teardown:\n" + text


def _merge_phase(result: Result, report: pytest.TestReport) -> None:
    phases = result.setdefault("phases", [])
    for phase in phases:
        if phase["when"] == "teardown":
            phase["duration_ms"] = round(phase["duration_ms"] + report.duration * 1000.0, 3)
            if report.failed:
                phase["outcome"] = "failed"
            return
    phases.append(_phase(report))


def harness_error_result(test_id: str, message: str, pid: int) -> Result:
    result: Result = {
        "type": "result",
        "test": test_id,
        "status": "harness_error",
        "when": "setup",
        "duration_ms": 0.0,
        "message": one_line(message),
        "longrepr": message,
        "phases": [],
        "pid": pid,
    }
    set_output(result, "", "", "")
    return result


def crash_result(test_id: str, message: str, stdout: str, stderr: str, pid: int) -> Result:
    result: Result = {
        "type": "result",
        "test": test_id,
        "status": "crash",
        "when": "call",
        "duration_ms": 0.0,
        "message": message,
        "longrepr": message,
        "phases": [],
        "pid": pid,
    }
    set_output(result, stdout, stderr, "")
    return result
