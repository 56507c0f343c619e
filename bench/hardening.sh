#!/bin/sh
# bench-hardening: what each sys_heap hardening level costs, measured with the
# benchmark linked to a core built at that level.
#   hardening.sh <rtmem_bench_NONE> <..._BASIC> <..._MODERATE> <..._FULL>
# Per level: W1-D2-large instructions per alloc / free / op (callgrind), W1-D2
# p99 alloc cycles and W2-D2 utilisation on the large arena, W2b overhead per
# block at 8 and 24 bytes. EXTREME is left out: it validates the whole heap on
# every call, so its cost is O(number of chunks), not a constant.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-9s %11s %10s %9s %14s %9s %9s %9s\n' level instr/alloc instr/free instr/op \
  "W1 p99 alloc" "W2 D2-L" "W2b s=8" "W2b s=24"
for exe in "$@"; do
  level=${exe##*_}
  "$exe" --alloc rtmem --arena large --dist D2 --workload W1 --workload W2 \
    --workload W2b --callgrind --csv "$tmp/$level.csv" >/dev/null
  awk -F, -v level="$level" '
    $3 == "W1-Ir" { ia = $23; ifr = $24; iop = $25 }
    $3 == "W1"    { p99 = $11 }
    $3 == "W2"    { w2 = $19 }
    $3 == "W2b" && $4 == "s=8"  { o8 = $21 }
    $3 == "W2b" && $4 == "s=24" { o24 = $21 }
    END { printf "%-9s %11s %10s %9s %14s %9s %9s %9s\n", level, ia, ifr, iop, p99, w2, o8, o24 }
  ' "$tmp/$level.csv"
done
echo "EXTREME: not measured (full validation on every call, O(number of chunks))"
exit 0
