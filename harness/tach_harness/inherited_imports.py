"""Modules a test child imported are imported by its worker too, so later children inherit them.

Without this, a module that tests import lazily (networkx imports scipy inside functions)
is imported again in every test child and thrown away at its exit: measured on this
project's VM, a networkx test forked from a cold worker took 415 ms, from a worker that
had the same 280 modules imported 35 ms. Importing once per worker is also what pytest
itself does: one import per process, not one per test.

Switched off with ``TACH_IMPORT_INHERITANCE=0`` (``tach --no-import-inheritance``).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading

_enabled = os.environ.get("TACH_IMPORT_INHERITANCE", "1") != "0"


class _ImportRecorder:
    """A ``sys.meta_path`` finder that finds nothing and notes what was looked for.

    It is asked only about modules not yet in ``sys.modules``, so it costs nothing per test
    that imports nothing new. Comparing ``sys.modules`` before and after would instead
    touch every module name and, in a fresh fork, copy the pages they live on.
    """

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.names.append(name)
        return None


_recorder = _ImportRecorder()


def start_recording() -> None:
    """In the worker, before each fork: the child inherits an empty record."""
    if not _enabled:
        return
    if _recorder not in sys.meta_path:
        sys.meta_path.insert(0, _recorder)
    _recorder.names.clear()


def recorded_imports() -> list[str]:
    """In the child, at its end: what it imported."""
    return [name for name in _recorder.names if name in sys.modules]


def inherit_imports(names: list[str]) -> None:
    """Import ``names`` in this (worker) process; failures are the test's business, not ours."""
    global _enabled
    if not _enabled or not names:
        return
    threads_before = threading.active_count()
    for name in sorted(names, key=lambda n: n.count(".")):  # packages before their modules
        if name in sys.modules or name == "__main__":
            continue
        try:
            importlib.import_module(name)
        except KeyboardInterrupt:
            raise
        except BaseException:
            # Not importable here (made by the test, needs its sys.path or env): the child
            # that needs it imports it again, as it would have anyway.
            continue
    if threading.active_count() > threads_before:
        # Forking a process with threads is unsafe (their locks stay held in the child):
        # keep what was imported, but import nothing more in this worker.
        _enabled = False
        sys.stderr.write(
            "tach worker: an inherited import started a thread; import inheritance is off "
            "for this worker\n"
        )
