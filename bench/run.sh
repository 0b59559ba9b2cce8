#!/usr/bin/env bash
# The benchmark of issue 2: networkx under pytest, pytest -n 2, tach -n 2 (fork, none), in one go.
# Needs networkx and pytest-xdist in the interpreter (installable offline here:
#   python3 -m pip install --no-index --find-links /opt/pypi/files networkx pytest-xdist).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/networkx_bench.py" "$@"
