"""Process hygiene on Linux: die with the parent, adopt orphans, kill what a test left.

prctl(2) is reached through ctypes because the stdlib has no binding for it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import time

# prctl(2) options, from <linux/prctl.h>.
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


class ParentGone(Exception):
    """The process this one belongs to has already exited."""


def _prctl(option: int, value: int) -> None:
    if _libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl({option}, {value}): {os.strerror(errno)}")


def die_with_parent(expected_parent: int) -> None:
    """SIGKILL this process when its parent dies; fail if the parent is already gone.

    The ppid check closes the race where the parent died before prctl took effect.
    """
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != expected_parent:
        raise ParentGone(f"parent {expected_parent} is gone (ppid is now {os.getppid()})")


def become_child_subreaper() -> None:
    """Orphaned descendants (double-forked daemons) get re-parented to this process."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)


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


def child_pids() -> set[int]:
    """All live children of this process (adopted orphans included).

    /proc/self/task/*/children is cheap; the full /proc scan (milliseconds on a busy
    machine) is only the fallback for kernels built without CONFIG_PROC_CHILDREN.
    """
    me = os.getpid()
    found: set[int] = set()
    readable = False
    for task in _list_dir(f"/proc/{me}/task"):
        try:
            with open(f"/proc/{me}/task/{task}/children") as children:
                found.update(int(pid) for pid in children.read().split())
            readable = True
        except OSError:
            pass
    if not readable:
        for entry in _list_dir("/proc"):
            if entry.isdigit() and _parent_of(entry) == me:
                found.add(int(entry))
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
    """SIGKILL and reap every child (and adopted orphan) until none is left.

    Killing a process re-parents its own children to us (we are a subreaper), so this
    loops until a scan finds nobody. Returns how many processes were killed.
    """
    killed = 0
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        reap_dead_children()
        leftovers = child_pids()
        if not leftovers:
            return killed
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        for pid in leftovers:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    return killed
