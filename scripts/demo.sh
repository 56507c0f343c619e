#!/usr/bin/env bash
# The main job: the seed chapter's system as one application (examples/demo),
# built with the host preset and run for a bounded simulated time. It prints
# its progress and the text memory report, and writes the HTML report to
# build/host/rtmem-report.html.
#   bash scripts/demo.sh                 3 s of simulated time
#   bash scripts/demo.sh --time 10       any other run time (see --help of the demo)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset host >/dev/null
cmake --build --preset host --target rtmem_demo
report="$PWD/build/host/rtmem-report.html"
set +e
build/host/examples/demo/rtmem_demo --time 3 --html "$report" "$@"
rc=$?
set -e
if [ -f "$report" ]; then
  echo "rtmem demo: the HTML memory report is $report (open it in a browser)"
fi
exit $rc
