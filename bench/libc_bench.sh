#!/usr/bin/env bash
# libc benchmark: the real-program runs of tests/libc (python3, sqlite3, git,
# perl) under glibc's malloc, librtmem_malloc.so, and jemalloc / mimalloc
# (Debian libjemalloc2, libmimalloc2.0) as further references.
#
#   libc_bench.sh <librtmem_malloc.so> <tests/libc dir> <out.csv> [reps]
#
# Each (program, allocator) pair runs <reps> times (default 5), interleaved
# (rep 1 of every allocator, then rep 2, ...) so that load drift on a shared
# machine hits all allocators alike. Wall time from bash's EPOCHREALTIME; CPU
# time (user + system, all processes of the run) and peak RSS (largest of the
# run's processes, KiB) from /usr/bin/time. On a loaded machine the CPU time
# is the steadier figure.
# Reports medians (and the fastest run, steadier under load) and the ratios to glibc; the target is rtmem wall time
# <= 1.10 x glibc on every program (exit 3 if missed, with RTMEM_BENCH_STRICT=1).
# Pin with RTMEM_BENCH_PIN="taskset -c 1" for steadier figures.
set -u
bash "$(dirname "$0")/../scripts/deps.sh" bench || exit 2
LIB=$(realpath "$1")
TDIR=$(realpath "$2")
CSV=$3
REPS=${4:-5}
PIN=${RTMEM_BENCH_PIN:-}
CHECK=$TDIR/preload_check.sh
PROGDIR=$TDIR/programs

declare -A prog=(
  [python]=$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )
  [sqlite3]=$(command -v sqlite3)
  [git]=$(command -v git)
  [perl]=$(command -v perl)
)
cases=()
for c in python sqlite3 git perl; do
  if [ -n "${prog[$c]}" ]; then cases+=("$c"); else echo "skip $c: not installed" >&2; fi
done

declare -A lib=([glibc]="" [rtmem]=$LIB)
allocs=(glibc rtmem)
for cand in jemalloc:/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 mimalloc:/usr/lib/x86_64-linux-gnu/libmimalloc.so.2; do
  name=${cand%%:*}; path=${cand#*:}
  if [ -e "$path" ]; then lib[$name]=$path; allocs+=("$name"); else echo "skip $name: $path missing" >&2; fi
done

TIMEF=$(mktemp)
trap 'rm -f "$TIMEF"' EXIT
declare -A wall rss cpu
echo "program,allocator,rep,wall_s,cpu_s,peak_rss_kib" > "$CSV"

for ((rep = 1; rep <= REPS; rep++)); do
  for c in "${cases[@]}"; do
    for a in "${allocs[@]}"; do
      t0=$EPOCHREALTIME
      if [ -n "${lib[$a]}" ]; then
        LD_PRELOAD=${lib[$a]} $PIN /usr/bin/time -f "%U %S %M" -o "$TIMEF" \
          bash "$CHECK" "$LIB" "$c" "${prog[$c]}" "$PROGDIR" cmd
      else
        $PIN /usr/bin/time -f "%U %S %M" -o "$TIMEF" bash "$CHECK" "$LIB" "$c" "${prog[$c]}" "$PROGDIR" cmd
      fi
      st=$?
      t1=$EPOCHREALTIME
      w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
      read -r u s m < <(tail -n 1 "$TIMEF")
      u=$(awk -v a="$u" -v b="$s" 'BEGIN { printf "%.2f", a + b }')
      if [ $st -ne 0 ]; then echo "run failed: $c under $a (exit $st)" >&2; fi
      echo "$c,$a,$rep,$w,$u,$m" >> "$CSV"
      wall[$c,$a]+="$w "
      cpu[$c,$a]+="$u "
      rss[$c,$a]+="$m "
    done
  done
  echo "rep $rep/$REPS done" >&2
done

minimum() { tr ' ' '\n' | grep -v '^$' | sort -g | head -n 1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

missed=0
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
printf '\n%-8s %-9s %9s %7s %9s %7s %8s %7s %13s %7s\n' program allocator "wall(s)" "/glibc" "wallmin" "/glibc" "cpu(s)" "/glibc" "peakRSS(KiB)" "/glibc"
for c in "${cases[@]}"; do
  gw=$(echo "${wall[$c,glibc]}" | median)
  gn=$(echo "${wall[$c,glibc]}" | minimum)
  gc=$(echo "${cpu[$c,glibc]}" | median)
  gm=$(echo "${rss[$c,glibc]}" | median)
  for a in "${allocs[@]}"; do
    w=$(echo "${wall[$c,$a]}" | median)
    n=$(echo "${wall[$c,$a]}" | minimum)
    rn=$(awk -v x="$n" -v y="$gn" 'BEGIN { printf "%.3f", x / y }')
    u=$(echo "${cpu[$c,$a]}" | median)
    m=$(echo "${rss[$c,$a]}" | median)
    rw=$(awk -v x="$w" -v y="$gw" 'BEGIN { printf "%.3f", x / y }')
    rc=$(awk -v x="$u" -v y="$gc" 'BEGIN { printf "%.3f", x / y }')
    rm_=$(awk -v x="$m" -v y="$gm" 'BEGIN { printf "%.3f", x / y }')
    printf '%-8s %-9s %9.3f %7s %9.3f %7s %8.2f %7s %13d %7s\n' "$c" "$a" "$w" "$rw" "$n" "$rn" "$u" "$rc" "$m" "$rm_"
    if [ "$a" = rtmem ] && awk -v r="$rw" 'BEGIN { exit !(r > 1.10) }'; then
      echo "  TARGET MISSED: rtmem wall time $rw x glibc on $c (target <= 1.10)"
      missed=1
    fi
  done
done
echo "raw runs: $CSV"
if [ $missed -ne 0 ] && [ "${RTMEM_BENCH_STRICT:-0}" = 1 ]; then
  exit 3
fi
exit 0
