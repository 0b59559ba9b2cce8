"""Process hygiene on Linux: die with the parent, adopt orphans, kill what a test left.

The zygote and the workers are *guards* (``guard_descendants``): child subreapers, so every
process started below them stays below them (a double-forked ``setsid`` daemon is
re-parented to the nearest guard, not to init), whose parent's death is delivered as
SIGTERM (``PR_SET_PDEATHSIG``) to a handler that kills every descendant before the guard
dies. A SIGKILL cannot run code, which is why a guard does not take PDEATHSIG=SIGKILL;
test children, which are not guards, do.

prctl(2) is reached through ctypes because the stdlib has no binding for it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from typing import Callable

# prctl(2) options, from <linux/prctl.h>.
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

# The interpreter's own symbols include libc's; ctypes.util.find_library would run ldconfig.
_libc = ctypes.CDLL(None, use_errno=True)


class ParentGone(Exception):
    """The process this one belongs to has already exited."""


def _prctl(option: int, value: int) -> None:
    if _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl({option}, {value}): {os.strerror(errno)}")


def die_with_parent(expected_parent: int, signum: int = signal.SIGKILL) -> None:
    """Get ``signum`` (SIGKILL) when the parent dies; fail if the parent is already gone.

    The ppid check closes the race where the parent died before prctl took effect.
    """
    _prctl(PR_SET_PDEATHSIG, signum)
    if os.getppid() != expected_parent:
        raise ParentGone(f"parent {expected_parent} is gone (ppid is now {os.getppid()})")


def become_child_subreaper() -> None:
    """Orphaned descendants (double-forked daemons) get re-parented to this process."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


GUARD_SIGNAL = signal.SIGTERM


def guard_descendants(expected_parent: int) -> None:
    """Make this process a guard: when its parent dies, or on SIGTERM, it kills every
    process below it (workers, test children, daemons they started), then dies of SIGTERM.

    Raises ParentGone when the parent is already gone. The handler is installed before
    PDEATHSIG is armed, so there is no moment in which the parent's death kills this
    process without its descendants.
    """
    global _guarded_parent
    _guarded_parent = expected_parent
    become_child_subreaper()
    install_guard_handler()
    die_with_parent(expected_parent, GUARD_SIGNAL)


# Whose death the guard watches, and what the guarding process (only it: forks inherit
# this) does after killing its descendants when that parent is gone.
_guarded_parent: int | None = None
_orphan_cleanup: tuple[int, Callable[[], None]] | None = None


def on_orphaned(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` in this process (not its forks) when the guard fires after its parent died."""
    global _orphan_cleanup
    _orphan_cleanup = (os.getpid(), cleanup)


def install_guard_handler() -> None:
    """(Re)install the guard's SIGTERM handler, e.g. after user code replaced it."""
    signal.signal(GUARD_SIGNAL, _on_guard_signal)


def _on_guard_signal(signum: int, _frame: object) -> None:
    try:
        kill_leftover_processes()
        if _orphan_cleanup is not None and _orphan_cleanup[0] == os.getpid() and _is_gone(_guarded_parent, 0.3):
            _orphan_cleanup[1]()
    finally:
        die_of(signum)


def _is_gone(pid: int | None, wait_seconds: float) -> bool:
    """Whether ``pid`` has exited (or is a zombie), waiting up to ``wait_seconds`` for it.

    Not getppid(): PR_SET_PDEATHSIG fires when the parent *thread* exits, and the children
    of a dying multithreaded parent (a JVM) first go to another of its threads, so our
    parent id is still the supervisor's while it is being killed.
    """
    if pid is None:
        return False
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                state = stat.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if state in (b"Z", b"X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)


def die_of(signum: int) -> None:
    """End this process the way ``signum``'s default action would; never returns."""
    try:
        signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
        os.kill(os.getpid(), signum)
    finally:
        os._exit(128 + signum)


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _parent_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            data = stat.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split at the last ')'.
    fields = data.rpartition(b")")[2].split()
    return int(fields[1]) if len(fields) > 1 else None


def child_pids(pid: int | None = None) -> set[int]:
    """All live (or not yet reaped) children of ``pid`` (this process), adopted orphans included.

    /proc/<pid>/task/*/children is cheap; the full /proc scan (milliseconds on a busy
    machine) is only the fallback for kernels built without CONFIG_PROC_CHILDREN.
    """
    parent = os.getpid() if pid is None else pid
    found: set[int] = set()
    readable = False
    for task in _list_dir(f"/proc/{parent}/task"):
        try:
            with open(f"/proc/{parent}/task/{task}/children") as children:
                found.update(int(child) for child in children.read().split())
            readable = True
        except OSError:
            pass
    if not readable:
        for entry in _list_dir("/proc"):
            if entry.isdigit() and _parent_of(entry) == parent:
                found.add(int(entry))
    return found


def descendants(pid: int | None = None) -> list[int]:
    """Every descendant of ``pid`` (this process), parents before their children.

    Processes in other (user, mount, network) namespaces are found too: /proc/<pid>/task/
    */children names them with the pids of our PID namespace.
    """
    root = os.getpid() if pid is None else pid
    found: list[int] = []
    seen = {root}
    frontier = [root]
    while frontier:
        for child in child_pids(frontier.pop()):
            if child not in seen:
                seen.add(child)
                found.append(child)
                frontier.append(child)
    return found


def _list_dir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def reap_dead_children() -> list[tuple[int, int]]:
    """Reap every child that has exited, without blocking; return (pid, status) pairs."""
    reaped: list[tuple[int, int]] = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return reaped
        if pid == 0:
            return reaped
        reaped.append((pid, status))


def kill_leftover_processes(deadline_seconds: float = 10.0) -> int:
    """SIGKILL every descendant and reap until this process has no child left.

    Each round kills the whole tree below us, parents first (a killed parent forks no
    more). What a dying process forked meanwhile is re-parented to us (we are a subreaper)
    and found by the next round; once we have no child, we have no descendant. Returns
    how many processes were sent SIGKILL.
    """
    killed = 0
    deadline = time.monotonic() + deadline_seconds
    while True:
        reap_dead_children()
        if not child_pids():  # the common case after a test: nothing left, one read
            return killed
        for pid in descendants():
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except (ProcessLookupError, PermissionError):
                pass
        if time.monotonic() >= deadline:
            return killed
        _reap_for(0.01)


def _reap_for(seconds: float) -> None:
    """Reap children for up to ``seconds``, returning early once none is left."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.0005)
