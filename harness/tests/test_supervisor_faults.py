"""When the supervisor (or the zygote) dies, nothing of the run survives it (docs/protocol.md,
"Faults"): the zygote and the workers are guards that kill every process below them,
daemons that double-forked or called setsid included, before they die themselves."""

from __future__ import annotations

import os
import signal
import textwrap
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from tests.supervisor import FakeSupervisor, processes_with_env

# Each test starts a setsid daemon, a double-forked one and a plain child, then hangs.
HANGS_WITH_DAEMONS = textwrap.dedent(
    """
    import os
    import subprocess
    import time

    def test_starts_daemons_and_hangs():
        subprocess.Popen(["sleep", "1000"], start_new_session=True)
        subprocess.Popen(["sleep", "1001"])
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execvp("sleep", ["sleep", "1002"])
            os._exit(0)
        os.wait()
        time.sleep(1000)
    """
)
SLEEPS_PER_TEST = 3
WORKERS = 2


@pytest.fixture
def marker() -> Iterator[str]:
    """A value every process of the run inherits in its environment; whatever still has it
    when the test ends is killed, so a failing test leaves nothing behind."""
    value = uuid.uuid4().hex
    yield value
    for pid in processes_with_env("TACH_FAULT_MARKER", value):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def start_hanging_tests(supervisor: FakeSupervisor, marker: str, mode: str, via_parent: bool = False) -> dict[int, int]:
    """Two workers, each running a test that left three sleeps behind and hangs; returns
    the worker pids once all six sleeps run."""
    files = {f"test_hang_{n}.py": HANGS_WITH_DAEMONS for n in range(WORKERS)}
    supervisor.collect(files, env={"TACH_FAULT_MARKER": marker}, via_parent=via_parent)
    assert supervisor.collected is not None
    pids = supervisor.spawn_workers(WORKERS)
    tests = [t["id"] for t in supervisor.collected["tests"]]
    while tests:
        number, message = supervisor.inbox.get(timeout=30)
        assert isinstance(message, dict), message
        if message["type"] == "ready":
            supervisor.workers[number].send({"type": "run", "tests": [{"id": tests.pop(), "mode": mode}]})
    deadline = time.monotonic() + 30
    while len(sleeps(marker)) < WORKERS * SLEEPS_PER_TEST:
        assert time.monotonic() < deadline, f"the tests did not start their sleeps: {supervisor.zygote_stderr()}"
        time.sleep(0.02)
    return pids


def sleeps(marker: str) -> list[int]:
    return [pid for pid in processes_with_env("TACH_FAULT_MARKER", marker) if _comm(pid) == "sleep"]


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    """Running, or dead but not yet reaped by init (a zombie is not alive)."""
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rpartition(b")")[2].split()[0] != b"Z"
    except OSError:
        return False


def seconds_until_gone(marker: str, limit: float = 2.0) -> float:
    """How long until no process of the run is left; fails after ``limit`` seconds.

    A process that is exiting has released its memory, environment included, so it is no
    longer found; it can no longer run code either."""
    start = time.monotonic()
    while True:
        left = processes_with_env("TACH_FAULT_MARKER", marker)
        elapsed = time.monotonic() - start
        if not left:
            print(f"no process of the run left after {elapsed * 1000:.0f} ms")
            return elapsed
        assert elapsed < limit, f"still alive after {limit} s: {[(pid, _comm(pid)) for pid in left]}"
        time.sleep(0.01)


@pytest.mark.parametrize("mode", ["fork", "inline"])
def test_sigterm_to_the_zygote_kills_workers_tests_and_their_daemons(
    supervisor: FakeSupervisor, marker: str, mode: str
) -> None:
    start_hanging_tests(supervisor, marker, mode)
    assert supervisor.zygote is not None
    supervisor.zygote.send_signal(signal.SIGTERM)
    seconds_until_gone(marker)
    assert supervisor.zygote.wait(5) == -signal.SIGTERM


def test_death_of_the_supervisor_kills_the_zygote_and_everything_below_it(
    supervisor: FakeSupervisor, marker: str
) -> None:
    start_hanging_tests(supervisor, marker, "fork", via_parent=True)
    assert supervisor.zygote is not None
    stand_in_supervisor = supervisor.zygote
    stand_in_supervisor.kill()  # SIGKILL: only the kernel's PR_SET_PDEATHSIG tells the zygote
    stand_in_supervisor.wait(5)
    seconds_until_gone(marker)


def test_an_orphaned_zygote_removes_the_run_directory_it_was_given(
    supervisor: FakeSupervisor, marker: str, tmp_path: Path
) -> None:
    run_dir = tmp_path / "run"
    (run_dir / "logs").mkdir(parents=True)
    (run_dir / "logs" / "zygote.log").write_text("x")
    files = {"test_hang.py": "import time\n\ndef test_hangs():\n    time.sleep(60)\n"}
    supervisor.collect(files, env={"TACH_FAULT_MARKER": marker, "TACH_RUN_DIR": str(run_dir)}, via_parent=True)
    assert supervisor.zygote is not None
    supervisor.zygote.kill()  # the stand-in supervisor, SIGKILLed
    supervisor.zygote.wait(5)
    seconds_until_gone(marker)
    assert not run_dir.exists()


def test_a_killed_zygote_takes_the_tests_of_its_workers_and_their_daemons_with_it(
    supervisor: FakeSupervisor, marker: str
) -> None:
    worker_pids = start_hanging_tests(supervisor, marker, "fork")
    assert supervisor.zygote is not None
    supervisor.zygote.kill()  # no guard handler runs in the zygote: each worker guards its own tree
    supervisor.zygote.wait(5)
    seconds_until_gone(marker)  # the workers carry the marker too
    deadline = time.monotonic() + 1  # one may still be between releasing its memory and dying
    while any(_alive(pid) for pid in worker_pids.values()):
        assert time.monotonic() < deadline, f"workers {worker_pids} still alive"
        time.sleep(0.01)


def test_a_zygote_whose_supervisor_closed_the_connection_leaves_nothing_behind(
    supervisor: FakeSupervisor, marker: str
) -> None:
    start_hanging_tests(supervisor, marker, "fork")
    assert supervisor.zygote is not None and supervisor.zygote_conn is not None
    supervisor.zygote_conn.close()
    for conn in supervisor.workers.values():
        conn.close()
    seconds_until_gone(marker, limit=10.0)
    assert supervisor.zygote.wait(5) == 70


def test_a_test_child_keeps_the_default_sigterm_disposition(supervisor: FakeSupervisor) -> None:
    supervisor.collect({"test_term.py": textwrap.dedent(
        """
        import signal

        def test_default_sigterm():
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        """
    )})
    results = supervisor.run(workers=1, mode="fork").results
    assert results["test_term.py::test_default_sigterm"]["status"] == "pass"
