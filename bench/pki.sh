#!/usr/bin/env bash
# Bundle bench/pki.bench.ts with esbuild and run it: bench/pki.sh [node counts...] (default 3 50 500)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/node_modules/.cache/rke-ts-bench"
mkdir -p "$out"
npx --prefix "$root" esbuild "$root/bench/pki.bench.ts" --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/pki.bench.mjs" --log-level=warning
cd "$root" && exec node "$out/pki.bench.mjs" "$@"
