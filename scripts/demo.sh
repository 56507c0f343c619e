#!/usr/bin/env bash
# The main job. Until the demo application exists it runs the allocator
# benchmark (../shared/bench/SPEC.md) and prints its table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset host >/dev/null
cmake --build --preset host
exec build/host/bench/rtmem_bench "$@"
