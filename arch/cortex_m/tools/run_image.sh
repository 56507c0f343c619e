#!/bin/sh
# Run one target image in QEMU under `timeout` (CTest's command for tests/target).
#   run_image.sh <timeout-s> <qemu> <board> <image.elf> [expected-exit-status]
# Without an expected status the image must exit 0 AND print "N passed, 0 failed" as its
# last line; with one, the exit status must equal it.
t=$1 qemu=$2 board=$3 elf=$4 want=$5
out=$(timeout "$t" "$qemu" -M "$board" -nographic -monitor none -serial none \
      -semihosting-config enable=on,target=native -kernel "$elf" 2>&1)
rc=$?
printf '%s\n' "$out"
echo "[exit status $rc]"
if [ -n "$want" ]; then
  [ "$rc" -eq "$want" ]
  exit $?
fi
[ "$rc" -eq 0 ] || exit 1
printf '%s\n' "$out" | tail -n 1 | grep -Eq '^[0-9]+ passed, 0 failed$'
