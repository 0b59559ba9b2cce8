"""Entry point: ``python -m tach_harness zygote`` (a run) or ``probe`` (tach doctor)."""

from __future__ import annotations

import sys

USAGE = "usage: python -m tach_harness zygote | probe\n"


def main(argv: list[str]) -> int:
    if argv[:1] == ["zygote"]:
        from tach_harness.zygote import run_zygote

        return run_zygote()
    if argv[:1] == ["probe"]:
        from tach_harness.doctor import print_probe

        return print_probe(sys.stdout)
    sys.stderr.write(USAGE)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
