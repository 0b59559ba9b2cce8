"""What a test left behind (``--report-leaks``), like CPython's ``--fail-env-changed``.

Asked for with ``TACH_REPORT_LEAKS=1`` in the harness environment (the supervisor sets it).
Four kinds, each a list of one-line strings in the result's ``leaks`` object:

* ``processes``: descendants of the worker still alive when the test ended, before the
  worker kills them (``"<pid> <command line>"``); those alive before the test are not counted;
* ``threads``: Python threads alive after the protocol that were not alive before it;
* ``files``: the test's writes to the project, read from the per-test overlay's upper
  layers (relative to the project; ``__pycache__`` and ``*.pyc`` ignored). Without the
  sandbox's overlays nothing is compared;
* ``environment``: ``os.environ`` names added (``+NAME``), removed (``-NAME``) or changed
  (``~NAME``) by the protocol.
"""

from __future__ import annotations

import os
import stat
import threading
from typing import Any

ENABLED = os.environ.get("TACH_REPORT_LEAKS", "") not in ("", "0")
KINDS = ("processes", "threads", "files", "environment")
_IGNORED_ENV = frozenset({"PYTEST_CURRENT_TEST"})
_LIMIT = 100  # entries per kind; more are summarised in one line


class Before:
    """What the process running a test looked like before pytest's protocol."""

    def __init__(self) -> None:
        self.threads = {id(thread) for thread in threading.enumerate()}
        self.environ = dict(os.environ)

    def after(self) -> dict[str, list[str]]:
        """Threads and environment variables the protocol left behind."""
        threads = [describe_thread(t) for t in threading.enumerate() if id(t) not in self.threads and t.is_alive()]
        now = dict(os.environ)
        env = [f"+{name}" for name in now if name not in self.environ and name not in _IGNORED_ENV]
        env += [f"-{name}" for name in self.environ if name not in now and name not in _IGNORED_ENV]
        env += [f"~{name}" for name, value in now.items()
                if name in self.environ and self.environ[name] != value and name not in _IGNORED_ENV]
        return {"threads": _capped(threads), "environment": _capped(sorted(env, key=lambda e: e[1:]))}


def describe_thread(thread: threading.Thread) -> str:
    return thread.name + (" (daemon)" if thread.daemon else "")


def descendants(root: int | None = None) -> dict[int, str]:
    """Every live (non-zombie) descendant of ``root`` (default: this process): pid -> command line."""
    found: dict[int, str] = {}
    todo = [root if root is not None else os.getpid()]
    while todo:
        pid = todo.pop()
        for child in _children(pid):
            if child in found:
                continue
            line = _command_line(child)
            if line is not None:
                found[child] = line
            todo.append(child)
    return found


def _children(pid: int) -> list[int]:
    children: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return children
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                children.extend(int(p) for p in handle.read().split())
        except OSError:
            pass
    return children


def _command_line(pid: int) -> str | None:
    """The command line of a live process, None for a zombie or one already gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rpartition(b")")[2].split()[:1]
        if state in ([b"Z"], [b"X"]):
            return None
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    return " ".join(words) if words else f"[pid {pid}]"


def leftover_processes(before: dict[int, str] | set[int]) -> list[str]:
    """Descendants of this process that were not there before the test, as ``"pid cmdline"``."""
    now = descendants()
    return _capped([f"{pid} {line}" for pid, line in sorted(now.items()) if pid not in before])


def overlay_writes(test_root: str, overlays: list[str], project: str) -> list[str]:
    """Files the test wrote beneath ``project``, from the upper layers under ``test_root``.

    ``test_root/<index>/upper`` is the upper layer of the overlay over ``overlays[index]``.
    A project below another overlaid directory (/tmp) has its writes in that one's layer.
    A whiteout (a character device 0:0) is a file the test removed: ``"<path> (removed)"``.
    """
    written: set[str] = set()
    for index, target in enumerate(overlays):
        upper = os.path.join(test_root, str(index), "upper")
        for directory, dirnames, filenames in os.walk(upper):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in filenames:
                if name.endswith(".pyc"):
                    continue
                full = os.path.join(directory, name)
                real = os.path.normpath(os.path.join(target, os.path.relpath(full, upper)))
                if real != project and not real.startswith(project.rstrip("/") + "/"):
                    continue  # a temporary file: not a leak
                relative = os.path.relpath(real, project)
                written.add(relative + (" (removed)" if _is_whiteout(full) else ""))
    return _capped(sorted(written))


def _is_whiteout(path: str) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == 0


def _capped(entries: list[str]) -> list[str]:
    if len(entries) <= _LIMIT:
        return entries
    return entries[:_LIMIT] + [f"... and {len(entries) - _LIMIT} more"]


def merge(result: dict[str, Any], found: dict[str, list[str]]) -> None:
    """Put the non-empty kinds of ``found`` into ``result["leaks"]`` (created on demand)."""
    kept = {kind: entries for kind, entries in found.items() if entries}
    if not kept:
        return
    leaks = result.setdefault("leaks", {})
    for kind, entries in kept.items():
        leaks.setdefault(kind, []).extend(entries)


def files_of(child_sandbox: Any) -> list[str]:
    """In a test child: its writes to the project (the first overlay); [] without overlays."""
    fd = getattr(child_sandbox, "test_root_fd", None)
    if fd is None or not child_sandbox.policy.overlays:
        return []
    overlays = child_sandbox.policy.overlays
    return overlay_writes(f"/proc/self/fd/{fd}", overlays, overlays[0])


def in_child(before: Before | None, child_sandbox: Any) -> dict[str, list[str]]:
    """A test child's threads, environment and files after the protocol."""
    if before is None:
        return {}
    found = before.after()
    found["files"] = files_of(child_sandbox)
    return found
