#!/usr/bin/env bash
# Records what the real RKE1 leaves on lab nodes, one fixture directory per cluster.yml variant:
#   test/fixtures/rke1/inspect/<variant>/
#     cluster.yml                 the variant (test/compat/variants/<variant>.yml) rendered for the lab
#     cluster.rkestate            what `rke up` wrote (real, lab-only keys; see ../README.md)
#     kube_config_cluster.yml     the admin kubeconfig it wrote
#     rke-up.log                  its log (timestamps replaced by <TIMESTAMP>)
#     nodes/<n>/containers.json   docker inspect (projected, test/compat/project-inspect.mjs) of every
#                                 container RKE created on node n
#     nodes/<n>/images.json       default Env of each image those containers use (docker image inspect)
#     nodes/<n>/files.txt         `type mode owner size md5 path` of what RKE wrote on node n
#   test/fixtures/rke1/inspect/lab-node-facts.json   docker info facts of a lab node (same image on all)
#
# usage: LAB_INSTANCE=<n> test/compat/record-rke1-inspect.sh [variant ...]   (default: every variant)
#   RKE1_BIN   the RKE1 binary (default /var/cache/rke-ts/rke1/rke; see build-rke1.md)
#   KEEP_LAB=1 leave the last variant's cluster running
#
# Every run starts from fresh nodes (lab down + lab up with the variant's node count) and uses
# the oracle KDM data (oracle-kdm.mjs). It only ever talks to 10.213.<LAB_INSTANCE>.0/24.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lab-rke1-lib.sh
source "$here/lab-rke1-lib.sh"
# shellcheck source=rke1-env.sh
source "$here/rke1-env.sh" >/dev/null
compat_require_instance
COMPAT_KDM_FILE="$(compat_oracle_kdm)"
fixtures="$compat_repo/test/fixtures/rke1/inspect"

variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then
  for f in "$here"/variants/*.yml; do variants+=("$(basename "$f" .yml)"); done
fi

record_variant() {
  local v="$1" template="$here/variants/$1.yml"
  [ -f "$template" ] || { echo "no variant $template" >&2; return 1; }
  local nodes; nodes="$(compat_variant_nodes "$template")"
  local work; work="$(mktemp -d "/tmp/rke1-inspect-$v.XXXXXX")"
  echo "== $v: $nodes node(s), work dir $work" >&2
  compat_fresh_lab "$nodes"
  compat_render_variant "$template" "$work/cluster.yml"
  local start=$SECONDS rc=0
  compat_rke1 "$work" up --config cluster.yml > "$work/rke-up.log" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    echo "== $v: rke up failed (rc=$rc), log: $work/rke-up.log" >&2
    tail -n 20 "$work/rke-up.log" >&2
    return 1
  fi
  echo "== $v: rke up took $((SECONDS - start)) s" >&2
  local out="$fixtures/$v"
  rm -rf "$out"; mkdir -p "$out/nodes"
  cp "$work/cluster.yml" "$work/cluster.rkestate" "$work/kube_config_cluster.yml" "$out/"
  sed -E 's/^time="[^"]*"/time="<TIMESTAMP>"/' "$work/rke-up.log" > "$out/rke-up.log"
  local prefix; prefix="$(sed -n 's/^prefix_path: *//p' "$work/cluster.yml")"
  local i
  for i in $(seq 1 "$nodes"); do
    mkdir -p "$out/nodes/$i"
    compat_inspect_node "$i" > "$out/nodes/$i/containers.json"
    compat_image_env_node "$i" "$out/nodes/$i/containers.json" > "$out/nodes/$i/images.json"
    compat_files_node "$i" "${prefix:-/}" > "$out/nodes/$i/files.txt"
  done
  compat_node_facts 1 > "$fixtures/lab-node-facts.json"
  rm -rf "$work"
}

for v in "${variants[@]}"; do record_variant "$v"; done
[ "${KEEP_LAB:-}" = 1 ] || compat_lab down >/dev/null
echo "recorded: ${variants[*]}" >&2
