#!/bin/sh
# bench-report: full benchmark (timed workloads, callgrind, --check), CSV, PNGs.
#   report.sh <rtmem_bench> <results.csv> <png dir>
# RTMEM_BENCH_PIN, if set, is the pinning prefix (e.g. "taskset -c 1").
# Exit status: the benchmark's, except that missed --check targets (3) still
# give a complete report and exit 0 after saying so; correctness failures (1)
# and errors (2) fail the target.
set -u
bench=$1 csv=$2 out=$3
here=$(dirname "$0")

# shellcheck disable=SC2086  # RTMEM_BENCH_PIN is a word list
${RTMEM_BENCH_PIN:-} "$bench" --callgrind --check --csv "$csv"
status=$?
sh "$here/plot.sh" "$csv" "$out" || status=2
if [ "$status" -eq 3 ]; then
  echo "bench-report: some targets missed (see 'Targets' above); report written"
  status=0
fi
echo "bench-report: $csv, $out/*.png"
exit "$status"
