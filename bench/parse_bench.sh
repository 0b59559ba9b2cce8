#!/usr/bin/env bash
# Parsing speed of tach's Python grammar in MB/s (see ParseBench.java). Builds tach once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../tach" --version >/dev/null   # builds the distribution if needed
lib="$here/../tach-cli/target/lib"
if [ $# -eq 0 ]; then
  set -- $(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'], sysconfig.get_paths()['purelib'])")
fi
exec java -XX:+UseSerialGC -cp "$lib/*" "$here/ParseBench.java" "$@"
