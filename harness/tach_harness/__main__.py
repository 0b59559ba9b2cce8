"""Entry point: ``python -m tach_harness zygote``."""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    if argv[:1] != ["zygote"]:
        sys.stderr.write("usage: python -m tach_harness zygote\n")
        return 2
    # Guard the tree before pytest is imported (a second or more on a busy machine): a
    # supervisor that died while we started must not leave us running until then.
    from tach_harness.process import ParentGone, guard_descendants

    try:
        guard_descendants(int(os.environ["TACH_SUPERVISOR_PID"]))
    except ParentGone:
        return 1
    except (KeyError, ValueError):
        pass  # run_zygote reports the bad environment
    from tach_harness.zygote import run_zygote

    return run_zygote()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
