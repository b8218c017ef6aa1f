#!/usr/bin/env bash
# RKE1 vs rke-ts on the same lab nodes, measured in one run (issue 12):
#   cold `up` of 3 nodes (1 etcd+controlplane, 2 workers), a no-op re-run, adding one worker.
# Every system image is pulled onto all four nodes first, so neither tool spends time pulling.
# RKE1 goes first; `rke remove` (RKE1's) cleans the nodes before rke-ts starts on the same nodes.
#
# usage: RKE1_BIN=/path/to/rke LAB_INSTANCE=<n> [RKE_CLI=<build>/cli/main.js] bench/compat.sh
#   RKE1_BIN   a real RKE1 binary (test/compat/build-rke1.md); nothing is downloaded or built here
#   RKE_CLI    rke-ts CLI (default dist/cli/main.js)
#   BENCH_KEEP_LAB=1   leave the lab up afterwards
# Prints a table and the RKE1/rke-ts ratios; the raw numbers also go to $BENCH_OUT (default
# /tmp/rke-compat-bench.tsv).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../test/compat/lab-rke1-lib.sh
source "$root/test/compat/lab-rke1-lib.sh"
if [ -z "${RKE1_BIN:-}" ]; then
  echo "bench/compat.sh: set RKE1_BIN to a real RKE1 binary (see test/compat/build-rke1.md)" >&2
  exit 2
fi
# shellcheck source=../test/compat/rke1-env.sh
source "$root/test/compat/rke1-env.sh" >/dev/null
compat_require_instance
COMPAT_KDM_FILE="$(compat_oracle_kdm)"
export RKE_CLI="${RKE_CLI:-$root/dist/cli/main.js}"
out="${BENCH_OUT:-/tmp/rke-compat-bench.tsv}"
work="$(mktemp -d /tmp/rke-compat-bench.XXXXXX)"

template="$work/template.yml"
cat > "$template" <<'YML'
cluster_name: rke-compat-bench
nodes:
  - address: @NODE1@
    hostname_override: lab-node-1
    user: root
    ssh_key_path: @SSH_KEY@
    role: [controlplane, etcd]
  - address: @NODE2@
    hostname_override: lab-node-2
    user: root
    ssh_key_path: @SSH_KEY@
    role: [worker]
  - address: @NODE3@
    hostname_override: lab-node-3
    user: root
    ssh_key_path: @SSH_KEY@
    role: [worker]
#WORKER4
services:
  kubeproxy:
    extra_args:
      conntrack-max-per-core: "0"
network:
  plugin: flannel
dns:
  provider: coredns
  upstreamnameservers: [@REGISTRY_IP@]
ingress:
  provider: none
YML
four="$work/template4.yml"
sed 's|^#WORKER4|  - address: @NODE4@\n    hostname_override: lab-node-4\n    user: root\n    ssh_key_path: @SSH_KEY@\n    role: [worker]|' "$template" > "$four"

echo "bench: fresh lab with 4 nodes (instance $LAB_INSTANCE)" >&2
compat_fresh_lab 4
images="$(node -e '
  const t=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  const i=t.K8sVersionRKESystemImages[t.RKEDefaultK8sVersions.default];
  console.log([i.etcd,i.alpine,i.kubernetes,i.podInfraContainer,i.flannel,i.flannelCni,i.coredns,i.metricsServer].join(" "))' "$COMPAT_KDM_FILE")"
for i in 1 2 3 4; do
  # shellcheck disable=SC2086
  docker exec "$(compat_node_container "$i")" sh -c "for im in $images; do docker pull -q \$im >/dev/null || exit 1; done" &
done
wait
echo "bench: images present on every node" >&2

# seconds (3 decimals) a command takes; its output goes to $log
timed() {
  local log="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  if ! "$@" > "$log" 2>&1; then echo "bench: failed: $* (log $log)" >&2; tail -n 20 "$log" >&2; return 1; fi
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}'
}

declare -A result
measure() {
  local tool="$1" run="$2" dir="$work/$1"
  mkdir -p "$dir"
  compat_render_variant "$template" "$dir/cluster.yml"
  result[$tool,cold]=$(timed "$dir/cold.log" "$run" "$dir" up --config cluster.yml)
  result[$tool,noop]=$(timed "$dir/noop.log" "$run" "$dir" up --config cluster.yml)
  compat_render_variant "$four" "$dir/cluster.yml"
  result[$tool,add]=$(timed "$dir/add.log" "$run" "$dir" up --config cluster.yml)
  echo "bench: $tool cold ${result[$tool,cold]} s, no-op ${result[$tool,noop]} s, add worker ${result[$tool,add]} s" >&2
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
measure rke1 compat_rke1
compat_rke1 "$work/rke1" remove --force --config cluster.yml > "$work/rke1/remove.log" 2>&1
measure rke-ts compat_rke_ts
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
compat_rke_ts "$work/rke-ts" remove --force --config cluster.yml > "$work/rke-ts/remove.log" 2>&1 || true

{
  printf 'step\trke1_s\trke_ts_s\tratio_rke1_over_rke_ts\n'
  for step in cold noop add; do
    printf '%s\t%s\t%s\t%s\n' "$step" "${result[rke1,$step]}" "${result[rke-ts,$step]}" \
      "$(awk -v a="${result[rke1,$step]}" -v b="${result[rke-ts,$step]}" 'BEGIN{printf "%.2f", a / b}')"
  done
} > "$out"

echo
echo "RKE1 ($("$RKE1_BIN" --version)) vs rke-ts ($(node "$RKE_CLI" --version 2>/dev/null | head -n1)) on lab instance $LAB_INSTANCE, $(date -u +%F)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average before/after: $load_before / $load_after"
echo
printf '%-28s %10s %10s %8s\n' step 'RKE1 (s)' 'rke-ts (s)' 'ratio'
while IFS=$'\t' read -r step a b r; do
  [ "$step" = step ] && continue
  case "$step" in cold) label='cold up (3 nodes)' ;; noop) label='no-op re-run' ;; add) label='add one worker' ;; esac
  printf '%-28s %10s %10s %7sx\n' "$label" "$a" "$b" "$r"
done < "$out"
echo "(ratio = RKE1 time / rke-ts time; raw: $out; logs: $work)"
[ "${BENCH_KEEP_LAB:-}" = 1 ] || compat_lab down >/dev/null
