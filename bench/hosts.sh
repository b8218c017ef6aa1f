#!/usr/bin/env bash
# Bundle bench/hosts.bench.ts with esbuild and run it (as root: it starts throwaway sshd servers on loopback).
# bench/hosts.sh [--calls 50] [--hosts 20] [--lab]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/node_modules/.cache/rke-ts-bench"
mkdir -p "$out"
npx --prefix "$root" esbuild "$root/bench/hosts.bench.ts" --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/hosts.bench.mjs" --log-level=warning
cd "$root" && exec node "$out/hosts.bench.mjs" "$@"
