#!/usr/bin/env bash
# Rolling-upgrade time on the lab for 2 and 4 workers against max_unavailable_worker, measured
# side by side in one run (not a test). Each size: a fresh lab (1 etcd+controlplane + N workers),
# one cold `rke up`, then one upgrade per max_unavailable value (a kubelet extra_args change that
# replaces every kubelet through the rolling path: cordon, replace, Ready, uncordon).
#   LAB_INSTANCE=n bench/upgrade.sh [--workers "2 4"] [--max "1 2 50%"]   (RKE_CLI=<build>/cli/main.js)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/node_modules/.cache/rke-ts-bench"
mkdir -p "$out"
npx --prefix "$root" esbuild "$root/bench/upgrade.bench.ts" --bundle --platform=node --format=esm --packages=external \
  --outfile="$out/upgrade.bench.mjs" --log-level=warning
cd "$root" && exec node "$out/upgrade.bench.mjs" "$@"
