#!/usr/bin/env bash
# Bundle bench/plan.bench.ts with esbuild and run it: bench/plan.sh [sizes...] (default 10 100 1000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/node_modules/.cache/rke-ts-bench"
mkdir -p "$out"
npx --prefix "$root" esbuild "$root/bench/plan.bench.ts" --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/plan.bench.mjs" --log-level=warning
cd "$root" && exec node "$out/plan.bench.mjs" "$@"
