"""Entry point: ``python -m tach_harness zygote``."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if argv[:1] != ["zygote"]:
        sys.stderr.write("usage: python -m tach_harness zygote\n")
        return 2
    from tach_harness.zygote import run_zygote

    return run_zygote()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
