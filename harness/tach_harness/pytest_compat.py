"""Every use of a pytest internal, in one place.

Checked against pytest 9.0.3 (Python 3.11), 9.1.1 (Python 3.12, 3.13) and 8.4.2
(Python 3.10). Internals used and where they live in pytest:

* ``session._setupstate`` (``_pytest.runner.SetupState``: ``stack``, ``setup``,
  ``teardown_exact``) - the collector/scope stack;
* ``item._fixtureinfo.name2fixturedefs`` / ``FixtureDef.scope`` and ``item._request``
  (``_pytest.fixtures.TopRequest.getfixturevalue``) - higher-scoped fixture pre-setup;
* the ``capturemanager`` plugin (``_pytest.capture.CaptureManager``:
  ``start/stop/suspend_global_capturing``, ``read_global_capture``, ``item_capture``);
* ``TerminalReporter._tw`` and ``_pytest.config.create_terminal_writer`` - silencing
  the progress output of workers;
* ``item._report_sections`` (``_pytest.nodes.Item``) - captured output per phase;
* ``pyfuncitem._fixtureinfo.argnames`` / ``pyfuncitem.funcargs`` - calling a test.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, Iterator

import pytest

_HIGHER_SCOPES = frozenset({"class", "module", "package", "session"})


# -- capture ---------------------------------------------------------------------------


def _capture_manager(config: pytest.Config) -> Any:
    return config.pluginmanager.getplugin("capturemanager")


def stop_global_capture(config: pytest.Config) -> None:
    """Close the zygote's capture tmpfiles so no fork shares them with another."""
    capman = _capture_manager(config)
    if capman is not None:
        capman.stop_global_capturing()


def start_worker_capture(config: pytest.Config) -> None:
    """Give a worker its own capture tmpfiles, suspended until a test phase resumes them."""
    capman = _capture_manager(config)
    if capman is not None:
        capman.start_global_capturing()
        capman.suspend_global_capture()


def read_captured_output(config: pytest.Config) -> tuple[str, str]:
    """What was written to the capture tmpfiles since they were last read (and clear it)."""
    capman = _capture_manager(config)
    if capman is None or capman._global_capturing is None:
        return "", ""
    out, err = capman.read_global_capture()
    return out or "", err or ""


@contextlib.contextmanager
def capturing_into_report(config: pytest.Config, when: str, item: pytest.Item) -> Iterator[None]:
    """Capture output like pytest does around a phase: it lands in the item's sections."""
    capman = _capture_manager(config)
    if capman is None:
        yield
        return
    with capman.item_capture(when, item):
        yield


def silence_terminal_reporter(config: pytest.Config) -> None:
    """Send the terminal reporter's progress output to /dev/null.

    The plugin stays registered: ``config.get_terminal_writer()`` (used by assertion
    rewriting to highlight diffs) needs it.
    """
    from _pytest.config import create_terminal_writer

    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        devnull = open(os.devnull, "w", encoding="utf-8")
        reporter._tw = create_terminal_writer(config, devnull)


def clear_report_sections(item: pytest.Item) -> None:
    item._report_sections.clear()


# -- setup state and fixtures ----------------------------------------------------------


class _ChainProxy:
    """Stands in for an item where SetupState only asks for ``listchain()``."""

    def __init__(self, chain: list[pytest.Item | pytest.Collector]) -> None:
        self._chain = chain

    def listchain(self) -> list[pytest.Item | pytest.Collector]:
        return list(self._chain)


def _setup_state(item: pytest.Item) -> Any:
    return item.session._setupstate


def setup_collectors_of(item: pytest.Item) -> None:
    """Set up the item's collector chain (session, package, module, class), not the item."""
    _setup_state(item).setup(_ChainProxy(item.listchain()[:-1]))


def supports_fixture_presetup(item: pytest.Item) -> bool:
    return bool(getattr(item, "_request", None)) and hasattr(item, "_fixtureinfo")


def higher_scoped_fixture_names(item: pytest.Item) -> list[str]:
    """The item's fixtures whose active definition is not function-scoped, highest first."""
    name2defs = item._fixtureinfo.name2fixturedefs
    names: list[str] = []
    for name in item.fixturenames:
        defs = name2defs.get(name)
        if defs and defs[-1].scope in _HIGHER_SCOPES:
            names.append(name)
    return names


def request_fixture(item: pytest.Item, name: str) -> None:
    item._request.getfixturevalue(name)


def finalizer_counts(item: pytest.Item) -> list[tuple[Any, int]]:
    """How many finalizers each node on the setup stack has right now."""
    return [(node, len(entry[0])) for node, entry in _setup_state(item).stack.items()]


def pop_finalizers_added_since(
    item: pytest.Item, counts: list[tuple[Any, int]]
) -> list[Callable[[], object]]:
    """Finalizers added to the given nodes after ``counts`` was taken, in run order."""
    stack = _setup_state(item).stack
    added: list[Callable[[], object]] = []
    for node, count in counts:
        entry = stack.get(node)
        if entry is None:
            continue
        finalizers = entry[0]
        added.extend(finalizers[count:])
        del finalizers[count:]
    added.reverse()
    return added


@contextlib.contextmanager
def teardown_of_item_only(item: pytest.Item) -> Iterator[None]:
    """While active, pytest's teardown tears down the item itself and no enclosing scope."""
    state = _setup_state(item)
    original = state.teardown_exact
    parents = _ChainProxy(item.listchain()[:-1])

    def teardown_item_only(nextitem: pytest.Item | None) -> None:
        original(parents)

    state.teardown_exact = teardown_item_only
    try:
        yield
    finally:
        del state.teardown_exact


def teardown_scopes_not_shared_with(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Tear down the scopes on the stack that ``nextitem`` does not descend from."""
    _setup_state(item).teardown_exact(nextitem)


def setup_stack_is_empty(item: pytest.Item) -> bool:
    return not _setup_state(item).stack


# -- calling a test function ----------------------------------------------------------


def kwargs_for_test_function(pyfuncitem: pytest.Function) -> dict[str, Any]:
    """The arguments pytest would pass to the test function."""
    funcargs = pyfuncitem.funcargs
    return {name: funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}


def teardown_scopes_set_up_since(item: pytest.Item, counts: list[tuple[Any, int]]) -> None:
    """Tear down nodes pushed onto the setup stack after ``counts`` was taken."""
    _setup_state(item).teardown_exact(_ChainProxy([node for node, _ in counts]))
