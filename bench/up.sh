#!/usr/bin/env bash
# Cold `rke up` on a fresh lab (images already in the lab registry), per phase, then the no-op re-run
# (`rke plan` and `rke up` on the unchanged cluster), measured in one run. Prints, does not assert.
#   bench/up.sh [--nodes 3] [--runs 3]      env: LAB_INSTANCE (default 0), RKE_CLI (default dist/cli/main.js)
# It re-creates the lab instance's nodes: do not run it while that lab is in use.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
nodes=3 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: bench/up.sh [--nodes N] [--runs N]" >&2; exit 2 ;;
  esac
done
cli="$(cd "$root" && realpath "${RKE_CLI:-dist/cli/main.js}")"
[ -f "$cli" ] || (cd "$root" && ./scripts/build)
instance=${LAB_INSTANCE:-0}
state_dir=/var/lib/rke-ts-lab; [ "$instance" != 0 ] && state_dir=/var/lib/rke-ts-lab-$instance

cd "$root"
./scripts/lab prepare >/dev/null
./scripts/lab down >/dev/null
./scripts/lab up --nodes "$nodes" >/dev/null
work=$(mktemp -d /tmp/rke-bench-up.XXXXXX)
cp "$state_dir/cluster.yml" "$work/cluster.yml"
cd "$work"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "bench/up.sh: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $nodes lab nodes (instance $instance)"
t0=$(now)
node "$cli" up --config cluster.yml 2>cold.log || { tail -20 cold.log; exit 1; }
cold=$(secs "$t0" "$(now)")
summary=$(grep -o 'Summary: .*' cold.log | tail -1)
echo "cold up:        ${cold} s   ${summary#Summary: }"

plan_times=() up_times=()
for _ in $(seq "$runs"); do
  t0=$(now); code=0; node "$cli" plan --config cluster.yml >plan.out 2>plan.log || code=$?
  plan_times+=("$(secs "$t0" "$(now)")")
  [ "$code" = 0 ] || { echo "no-op plan exited $code (expected 0: no changes)"; cat plan.out; exit 1; }
  t0=$(now); node "$cli" up --config cluster.yml 2>up.log || { tail -20 up.log; exit 1; }
  up_times+=("$(secs "$t0" "$(now)")")
done
plan_med=$(printf '%s\n' "${plan_times[@]}" | median)
up_med=$(printf '%s\n' "${up_times[@]}" | median)
echo "no-op plan:     median ${plan_med} s of ${runs} (${plan_times[*]})"
echo "no-op up:       median ${up_med} s of ${runs} (${up_times[*]})"
awk -v c="$cold" -v p="$plan_med" -v u="$up_med" 'BEGIN {
  printf "ratios:         no-op up / cold up = %.3f;  no-op plan / 5 s goal = %.2f;  no-op up / 5 s goal = %.2f\n", u / c, p / 5, u / 5 }'
node "$cli" remove --force --config cluster.yml >/dev/null 2>&1 || true
rm -rf "$work"
