"""Entry point: ``python -m tach_harness zygote`` (a run) or ``probe`` (tach doctor)."""

from __future__ import annotations

import os
import shutil
import sys

USAGE = "usage: python -m tach_harness zygote | probe\n"


def main(argv: list[str]) -> int:
    if argv[:1] == ["zygote"]:
        return zygote()
    if argv[:1] == ["probe"]:
        from tach_harness.doctor import print_probe

        return print_probe(sys.stdout)
    sys.stderr.write(USAGE)
    return 2


def zygote() -> int:
    # Guard the tree before pytest is imported (a second or more on a busy machine): a
    # supervisor that died while we started must not leave us running until then.
    from tach_harness.process import ParentGone, guard_descendants, on_orphaned

    # A supervisor killed with SIGKILL cannot remove its run directory (socket, logs, the
    # sandbox's scratch mount point): the zygote does, once everything below it is gone.
    run_dir = os.environ.get("TACH_RUN_DIR")
    if run_dir:
        on_orphaned(lambda: shutil.rmtree(run_dir, ignore_errors=True))
    try:
        guard_descendants(int(os.environ["TACH_SUPERVISOR_PID"]))
    except ParentGone:
        if run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)
        return 1
    except (KeyError, ValueError):
        pass  # run_zygote reports the bad environment
    from tach_harness.zygote import run_zygote

    return run_zygote()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
