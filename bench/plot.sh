#!/bin/sh
# Plots rtmem_bench CSV results with gnuplot.
#   plot.sh [results.csv] [output dir]
# defaults: build/host/bench/results.csv, bench/results
# Writes:
#   w2_utilisation.png   W2 mean utilisation, rtmem vs published figures (same SPEC)
#   w2b_overhead.png     W2b overhead bytes per block at 8/24-byte requests, same comparison
#   w1_instructions.png  W1-D2-large instructions per op (callgrind), rtmem and glibc
#                        measured here vs published figures
#   w1_cycles.png        W1 per-op cycle percentiles (p50/p99/p99.9/max of per-op minima)
# The published figures are those of ../shared/README.md ("Figures measured for
# other allocators on this machine kind with exactly this SPEC").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
csv=${1:-$here/../build/host/bench/results.csv}
out=${2:-$here/results}
command -v gnuplot >/dev/null 2>&1 || { echo "plot.sh: gnuplot not found (Debian: gnuplot-nox)" >&2; exit 1; }
[ -r "$csv" ] || { echo "plot.sh: cannot read $csv" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# CSV columns (see README.md): 1 allocator 2 kind 3 workload 4 dist 5 arena ...
# 10-13 alloc p50/p99/p99.9/max, 15-18 free p50/p99/p99.9/max, 19 util_mean,
# 21 overhead_per_block, 25 ir_op. The note (last column) may contain commas.
col() { # col <allocator> <workload> <dist> <arena> <column>: the value or "NaN"
  awk -F, -v a="$1" -v w="$2" -v d="$3" -v r="$4" -v c="$5" '
    $1 == a && $3 == w && $4 == d && $5 == r { v = $c }
    END { print (v == "" ? "NaN" : v) }' "$csv"
}

# ---- W2 utilisation ---------------------------------------------------------
{
  echo "D2-small $(col rtmem W2 D2 small 19) 0.84 0.661 0.839 0.841 0.606"
  echo "D2-large $(col rtmem W2 D2 large 19) 0.95 0.952 0.926 0.956 0.704"
  echo "D3-small $(col rtmem W2 D3 small 19) 0.78 0.614 0.776 0.797 0.611"
  echo "D3-large $(col rtmem W2 D3 large 19) 0.92 0.921 0.879 0.929 0.693"
} >"$tmp/w2.dat"

# ---- W2b overhead -----------------------------------------------------------
{
  echo "8B $(col rtmem W2b s=8 small 21) $(col rtmem W2b s=8 large 21) 8 8 8 32 57"
  echo "24B $(col rtmem W2b s=24 small 21) $(col rtmem W2b s=24 large 21) 8 8.1 8 16 41"
} >"$tmp/w2b.dat"

# ---- W1 instructions per op -------------------------------------------------
{
  # name, value, colour: measured here blue, published grey
  echo "rtmem $(col rtmem W1-Ir D2 large 25) 0x1f77b4"
  echo "glibc(here) $(col glibc W1-Ir D2 large 25) 0x1f77b4"
  echo "o1heap* 61 0x999999"
  echo "TLSF* 110 0x999999"
  echo "Zephyr* 110 0x999999"
  echo "glibc* 122 0x999999"
} >"$tmp/ir.dat"

# ---- W1 cycle percentiles ---------------------------------------------------
awk -F, '$3 == "W1" { printf "%s-%s-%s %s %s %s %s %s %s %s %s\n", $1, $4, $5,
          $10, $11, $12, $13, $15, $16, $17, $18 }' "$csv" >"$tmp/w1.dat"
unit=cycles

gnuplot <<EOF
set terminal pngcairo size 1000,560 font "DejaVu Sans,11" noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid ytics
set key outside right top vertical

set output "$out/w2_utilisation.png"
set title "W2 fragmentation: mean utilisation (live requested bytes / arena), 100 seeds\nrtmem measured here; others published, same SPEC (shared/README.md)"
set ylabel "utilisation (higher is better)"
set yrange [0.5:1.0]
plot "$tmp/w2.dat" using 2:xtic(1) title "rtmem (measured)" lc rgb "#1f77b4", \
     "" using 3 title "rtmem target" lc rgb "#9ecae1" fs pattern 4, \
     "" using 4 title "TLSF (published)" lc rgb "#ff7f0e", \
     "" using 5 title "Zephyr sys_heap (published)" lc rgb "#2ca02c", \
     "" using 6 title "umm_malloc (published)" lc rgb "#d62728", \
     "" using 7 title "o1heap (published)" lc rgb "#9467bd"

set output "$out/w2b_overhead.png"
set title "W2b single-size fill: overhead bytes per block ((arena - count*s)/count)\nrtmem measured here; others published, same SPEC"
set ylabel "bytes per block (lower is better)"
set yrange [0:*]
plot "$tmp/w2b.dat" using 2:xtic(1) title "rtmem small (measured)" lc rgb "#1f77b4", \
     "" using 3 title "rtmem large (measured)" lc rgb "#6baed6", \
     "" using 4 title "rtmem target" lc rgb "#9ecae1" fs pattern 4, \
     "" using 5 title "Zephyr (published)" lc rgb "#2ca02c", \
     "" using 6 title "umm_malloc (published)" lc rgb "#d62728", \
     "" using 7 title "TLSF (published)" lc rgb "#ff7f0e", \
     "" using 8 title "o1heap (published)" lc rgb "#9467bd"

set output "$out/w1_instructions.png"
set title "W1 churn, D2, 1 MiB arena: instructions per alloc/free call (callgrind)\nblue: measured here; grey *: published, same SPEC (shared/README.md)"
set ylabel "instructions per op (lower is better)"
set boxwidth 0.6
set key off
set yrange [0:*]
set xrange [-0.6:5.6]
set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead lc rgb "red" dt 2 lw 2
set label 1 "target 80" at first 2, first 80 center offset 0,0.8 front tc rgb "red"
plot "$tmp/ir.dat" using 0:2:3:xtic(1) with boxes lc rgb variable, \
     "" using 0:2:(sprintf("%.0f", \$2)) with labels offset 0,0.8 notitle
set xrange [*:*]
unset arrow 1
unset label 1

set output "$out/w1_cycles.png"
set terminal pngcairo size 1200,800 font "DejaVu Sans,10" noenhanced
set multiplot layout 2,1 title "W1 churn: per-op $unit, percentiles over per-op minima of 5 replays (log scale)"
set style histogram clustered gap 1
set key outside right top vertical
set logscale y
set yrange [10:*]
set xtics rotate by -30 scale 0
set ylabel "alloc $unit"
set title ""
plot "$tmp/w1.dat" using 2:xtic(1) title "p50", "" using 3 title "p99", "" using 4 title "p99.9", "" using 5 title "max"
set ylabel "free $unit"
plot "$tmp/w1.dat" using 6:xtic(1) title "p50", "" using 7 title "p99", "" using 8 title "p99.9", "" using 9 title "max"
unset multiplot
EOF
echo "plot.sh: wrote $out/w2_utilisation.png $out/w2b_overhead.png $out/w1_instructions.png $out/w1_cycles.png"
