"""Line coverage of one test process (issue 5, first part: the tracer; not wired into runs yet).

Every test runs in a fresh fork, so a tracer started in the test child sees exactly that
test's lines, and each line needs to be reported once per process:

- Python 3.12+: `sys.monitoring` (PEP 669). The only global event is PY_START; the first
  time a code object of a measured file starts, LINE events are switched on for that code
  object alone, and every LINE callback returns DISABLE, so each line costs one callback
  per process and code outside the measured files costs one callback per code object.
- Python 3.10/3.11: `sys.settrace`. The global trace function decides once per code object
  (a dict lookup afterwards) and returns a local trace function only for measured files; the
  local function adds the line number to the set of its code object (no other allocation).

`Tracer(sources).start()`, then `stop()` gives {filename: sorted line numbers}. A source is
a directory (every file below it) or a file; filenames are absolute and real paths.
"""

from __future__ import annotations

import os
import sys
import threading
from types import CodeType, FrameType
from typing import Any, Callable, Iterable

_MONITORING = sys.version_info >= (3, 12)


class Tracer:
    """Collects the lines executed in measured files, in this process, between start and stop."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.roots = tuple(os.path.join(os.path.realpath(s), "") for s in sources if os.path.isdir(s))
        self.files = frozenset(os.path.realpath(s) for s in sources if os.path.isfile(s))
        self.wanted_by_filename: dict[str, bool] = {}
        self.lines_by_code: dict[CodeType, set[int]] = {}
        self.running = False

    def measures(self, filename: str) -> bool:
        """Whether lines of ``filename`` (as a code object names it) are collected."""
        wanted = self.wanted_by_filename.get(filename)
        if wanted is None:
            path = os.path.realpath(filename) if filename and not filename.startswith("<") else ""
            wanted = bool(path) and (path in self.files or path.startswith(self.roots))
            self.wanted_by_filename[filename] = wanted
        return wanted

    def start(self) -> None:
        if self.running:
            raise RuntimeError("the tracer is already running")
        self.running = True
        if _MONITORING:
            self._start_monitoring()
        else:
            self._start_settrace()

    def stop(self) -> dict[str, list[int]]:
        """Stop collecting; the lines seen, by real path of their file."""
        if self.running:
            self.running = False
            if _MONITORING:
                self._stop_monitoring()
            else:
                sys.settrace(None)
                threading.settrace(None)  # type: ignore[arg-type]
        by_file: dict[str, set[int]] = {}
        for code, lines in self.lines_by_code.items():
            by_file.setdefault(os.path.realpath(code.co_filename), set()).update(lines)
        return {filename: sorted(lines) for filename, lines in sorted(by_file.items())}

    # -- Python 3.12+: sys.monitoring --------------------------------------------------

    def _start_monitoring(self) -> None:
        monitoring: Any = sys.monitoring  # type: ignore[attr-defined]
        tool = monitoring.COVERAGE_ID
        if monitoring.get_tool(tool) is not None:
            raise RuntimeError(f"sys.monitoring's coverage tool id is taken by {monitoring.get_tool(tool)!r}")
        monitoring.use_tool_id(tool, "tach")
        events = monitoring.events
        disable = monitoring.DISABLE
        lines_by_code = self.lines_by_code
        measures = self.measures
        set_local_events = monitoring.set_local_events

        def on_start(code: CodeType, _offset: int) -> object:
            if code not in lines_by_code and measures(code.co_filename):
                lines_by_code[code] = set()
                set_local_events(tool, code, events.LINE)
            return disable

        def on_line(code: CodeType, line: int) -> object:
            lines = lines_by_code.get(code)
            if lines is not None:
                lines.add(line)
            return disable

        monitoring.register_callback(tool, events.PY_START, on_start)
        monitoring.register_callback(tool, events.LINE, on_line)
        monitoring.set_events(tool, events.PY_START)

    def _stop_monitoring(self) -> None:
        monitoring: Any = sys.monitoring  # type: ignore[attr-defined]
        tool = monitoring.COVERAGE_ID
        monitoring.set_events(tool, 0)
        for code in self.lines_by_code:
            monitoring.set_local_events(tool, code, 0)
        monitoring.register_callback(tool, monitoring.events.PY_START, None)
        monitoring.register_callback(tool, monitoring.events.LINE, None)
        monitoring.free_tool_id(tool)

    # -- Python 3.10/3.11: sys.settrace ------------------------------------------------

    def _start_settrace(self) -> None:
        lines_by_code = self.lines_by_code
        measures = self.measures
        locals_by_code: dict[CodeType, Callable[..., Any] | None] = {}

        def local_for(code: CodeType) -> Callable[..., Any] | None:
            if not measures(code.co_filename):
                return None
            lines = lines_by_code.setdefault(code, set())
            add = lines.add

            def trace_lines(frame: FrameType, event: str, _arg: object) -> Callable[..., Any]:
                if event == "line":
                    add(frame.f_lineno)
                return trace_lines

            return trace_lines

        def trace_calls(frame: FrameType, event: str, _arg: object) -> Callable[..., Any] | None:
            if event != "call":
                return None
            code = frame.f_code
            try:
                return locals_by_code[code]
            except KeyError:
                local = locals_by_code[code] = local_for(code)
                return local

        threading.settrace(trace_calls)  # type: ignore[arg-type]
        sys.settrace(trace_calls)
