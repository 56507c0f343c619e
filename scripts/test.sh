#!/usr/bin/env bash
# Builds and runs every rtmem test suite on a Linux host (the README's test
# command; .ci/run calls it). Suites: gcc and clang at -O0 and -O2, ASan+UBSan,
# Valgrind memcheck, the core alone with 32-bit pointers (-m32), and the
# Cortex-M3 / Cortex-M33 target images in QEMU (mps2-an385 / mps2-an505).
#   scripts/test.sh                 all suites
#   scripts/test.sh host host-asan  only the named presets
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(host host-clang host-O0 host-clang-O0 host-asan host-valgrind host-m32 cortex-m3 cortex-m33)

failed=()
for p in "${presets[@]}"; do
  echo "=== rtmem: suite ${p} ==="
  start=$(date +%s)
  if cmake --preset "$p" >/dev/null && cmake --build --preset "$p" && ctest --preset "$p"; then
    echo "=== rtmem: suite ${p} passed in $(( $(date +%s) - start )) s ==="
  else
    echo "=== rtmem: suite ${p} FAILED ==="
    failed+=("$p")
  fi
done

total=${#presets[@]}
echo "suites: $(( total - ${#failed[@]} )) passed, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[ ${#failed[@]} -eq 0 ]
