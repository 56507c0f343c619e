#!/usr/bin/env bash
# Real-program check of librtmem_malloc.so.
#
#   preload_check.sh <librtmem_malloc.so> <case> <program> <programs-dir> [run|bench-cmd]
#
# case: python | sqlite3 | git | perl. Runs the case's workload twice in fresh
# directories, once with glibc's malloc and once with LD_PRELOAD=<lib>, and
# requires (a) identical stdout and identical stderr (minus the library's own
# stats lines), (b) exit status 0 in both runs, (c) the preload library
# really served the run: with RTMEM_MALLOC_STATS=1 it prints
# "rtmem_malloc: allocs=N ..." at exit, N > 0.
# Exit 77 (CTest SKIP_RETURN_CODE) if <program> is missing.
#
# With a fifth argument "cmd", prints the shell command of one run of the case
# (for bench/libc_bench.sh) instead of checking.
set -u
LIB=$(realpath "$1")
CASE=$2
PROG=$3
PROGDIR=$(realpath "$4")
MODE=${5:-run}

if [ ! -x "$PROG" ] && ! command -v "$PROG" >/dev/null 2>&1; then
  echo "SKIP: $PROG not installed (Debian package for case $CASE)"
  exit 77
fi

# Deterministic environment for every case.
export LC_ALL=C TZ=UTC PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1
export GIT_AUTHOR_NAME="rtmem test" GIT_AUTHOR_EMAIL="rtmem@example.invalid"
export GIT_COMMITTER_NAME="rtmem test" GIT_COMMITTER_EMAIL="rtmem@example.invalid"
export GIT_CONFIG_NOSYSTEM=1 GIT_PAGER=cat PAGER=cat GIT_TERMINAL_PROMPT=0
# No fsync: the runs measure the allocator, not the disk shared with other jobs.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsync GIT_CONFIG_VALUE_0=none

# workload <dir>: run the case in <dir> (stdout/stderr of the programs).
workload() {
  local dir=$1
  cd "$dir" || return 1
  case $CASE in
    python) "$PROG" "$PROGDIR/dict_list_str.py" 6 ;;
    perl) "$PROG" "$PROGDIR/hash_string.pl" 5 ;;
    sqlite3) "$PROG" "$dir/t.db" < "$PROGDIR/rows.sql" ;;
    git) git_workload "$dir" ;;
    *) echo "unknown case $CASE" >&2; return 2 ;;
  esac
}

# git: a repository of a few hundred files, several commits, then log, diff,
# grep (threaded), gc (repack: child processes), fsck.
git_workload() {
  local dir=$1 i c k d rc=0
  export HOME=$dir
  "$PROG" init -q -b main repo || return 1
  cd repo || return 1
  "$PROG" config pack.threads 1
  "$PROG" config gc.auto 0
  mkdir -p src/a src/b doc
  local -a blocks
  for ((i = 0; i < 13; i++)); do
    blocks[i]=""
    for ((k = 0; k < 60 + i * 5; k++)); do blocks[i]+="$k $((k * (i + 3))) line text $((k % (i + 2)))"$'\n'; done
  done
  for c in 1 2 3 4 5 6; do
    export GIT_AUTHOR_DATE="2020-01-0${c}T12:00:00+0000" GIT_COMMITTER_DATE="2020-01-0${c}T12:00:00+0000"
    for i in $(seq 1 400); do
      if [ $((i % c)) -eq 0 ] || [ "$c" -eq 1 ]; then
        d=src/a; [ $((i % 3)) -eq 0 ] && d=src/b; [ $((i % 7)) -eq 0 ] && d=doc
        printf 'file %d commit %d\n%s\n' "$i" "$c" "${blocks[$(( (i + c) % 13 ))]}" > "$d/f$i.txt"
      fi
    done
    "$PROG" add -A . || rc=1
    "$PROG" commit -q -m "commit $c: files divisible by $c" || rc=1
  done
  "$PROG" log --stat --format='%H %an %ad %s' --date=iso | tail -n 40 || rc=1
  "$PROG" log --oneline --shortstat | head -n 20 || rc=1
  "$PROG" diff --stat HEAD~5 HEAD | tail -n 3 || rc=1
  "$PROG" grep -c 'commit 6' | tail -n 5 || rc=1
  "$PROG" gc -q || rc=1
  "$PROG" fsck --full --strict --no-progress || rc=1
  "$PROG" count-objects -v | grep -v -e size -e '^prune' || rc=1
  "$PROG" rev-list --all --objects | wc -l || rc=1
  return $rc
}

# Work in RAM when possible (/dev/shm): the git case writes thousands of
# files, and disk writeback on a shared machine would swamp the timings.
TMPBASE=/tmp
if [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPBASE=/dev/shm; fi

if [ "$MODE" = "cmd" ]; then
  # one run, for the benchmark: the caller sets LD_PRELOAD
  dir=$(mktemp -d -p "$TMPBASE")
  trap 'rm -rf "$dir"' EXIT
  workload "$dir" > /dev/null
  exit $?
fi

TMP=$(mktemp -d -p "$TMPBASE")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/glibc" "$TMP/rtmem"

(unset LD_PRELOAD; workload "$TMP/glibc") > "$TMP/out.glibc" 2> "$TMP/err.glibc"
rc_glibc=$?
(export LD_PRELOAD=$LIB RTMEM_MALLOC_STATS=1; workload "$TMP/rtmem") > "$TMP/out.rtmem" 2> "$TMP/err.rtmem"
rc_rtmem=$?

fail=0
if [ $rc_glibc -ne 0 ]; then echo "FAIL: glibc run exited $rc_glibc"; fail=1; fi
if [ $rc_rtmem -ne 0 ]; then echo "FAIL: preload run exited $rc_rtmem"; fail=1; fi
if ! cmp -s "$TMP/out.glibc" "$TMP/out.rtmem"; then
  echo "FAIL: stdout differs (glibc vs preload):"
  diff "$TMP/out.glibc" "$TMP/out.rtmem" | head -n 20
  fail=1
fi
grep -v '^rtmem_malloc: allocs=' "$TMP/err.rtmem" > "$TMP/err.rtmem.filtered"
if ! cmp -s "$TMP/err.glibc" "$TMP/err.rtmem.filtered"; then
  echo "FAIL: stderr differs (glibc vs preload):"
  diff "$TMP/err.glibc" "$TMP/err.rtmem.filtered" | head -n 20
  fail=1
fi
if ! grep -Eq '^rtmem_malloc: allocs=[1-9][0-9]* ' "$TMP/err.rtmem"; then
  echo "FAIL: no 'rtmem_malloc: allocs=N' stats line: the preload library did not serve the run"
  fail=1
fi
echo "case $CASE: stdout $(wc -c < "$TMP/out.glibc") bytes, $(wc -l < "$TMP/out.glibc") lines; preload stats:"
grep '^rtmem_malloc: allocs=' "$TMP/err.rtmem" | head -n 3
[ $fail -eq 0 ] && echo "PASS: $CASE output identical under librtmem_malloc.so"
exit $fail
