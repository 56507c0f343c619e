#!/usr/bin/env bash
# Installs the Debian packages rtmem's build, tests and benchmark need, when
# they are absent. Runs `apt-get update` at most once. Needs root (as CI).
#   scripts/deps.sh          build, tests, demo
#   scripts/deps.sh bench    also the reference allocators and tools the libc
#                            benchmark compares with (bench/libc_bench.sh)
set -euo pipefail

want=(cmake make gcc clang pkg-config libcmocka-dev valgrind gcc-multilib
      libclang-rt-14-dev gnuplot-nox python3 sqlite3 git perl chromium
      gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)   # Cortex-M images in QEMU
want_i386=(libcmocka-dev:i386)     # the -m32 build of the core and its tests
if [ "${1:-}" = bench ]; then
  want+=(time libjemalloc2 libmimalloc2.0)
fi

missing=()
for p in "${want[@]}" "${want_i386[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "rtmem: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  exit 1
fi
if printf '%s\n' "${missing[@]}" | grep -q ':i386$' && ! dpkg --print-foreign-architectures | grep -qx i386; then
  dpkg --add-architecture i386
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "rtmem: installed ${missing[*]}"
