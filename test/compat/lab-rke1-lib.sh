#!/usr/bin/env bash
# Shared by record-rke1-inspect.sh and bench/compat.sh: run a local RKE1 binary against *one's own*
# lab instance (scripts/lab, LAB_INSTANCE=n, n >= 1) and read back what it left on the nodes.
# Source it; it defines functions only (plus a few variables derived from LAB_INSTANCE).

compat_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compat_repo="$(cd "$compat_lib_dir/../.." && pwd)"

# Refuses instance 0 (the lead's and CI's) and anything that is not a number.
compat_require_instance() {
  case "${LAB_INSTANCE:-}" in
    [1-9]) ;;
    *) echo "compat: set LAB_INSTANCE to your own lab instance (1..9); instance 0 belongs to CI" >&2; return 1 ;;
  esac
  COMPAT_NET="10.213.${LAB_INSTANCE}"
  COMPAT_STATE_DIR="/var/lib/rke-ts-lab-${LAB_INSTANCE}"
  COMPAT_SSH_KEY="$COMPAT_STATE_DIR/id_ed25519"
  COMPAT_REGISTRY="${COMPAT_NET}.2:5000"
  export COMPAT_NET COMPAT_STATE_DIR COMPAT_SSH_KEY COMPAT_REGISTRY
}

compat_node_address() { echo "${COMPAT_NET}.$((10 + $1))"; }
compat_node_container() { echo "rke-ts-lab-${LAB_INSTANCE}-node-$1"; }

# Highest @NODE<i>@ placeholder in a variant template = nodes it needs.
compat_variant_nodes() { grep -o '@NODE[0-9]*@' "$1" | tr -dc '0-9\n' | sort -n | tail -n1; }

# Renders a variant template for this lab instance; refuses a result that names another network.
compat_render_variant() {
  local template="$1" out="$2" i
  local expr=(-e "s|@SSH_KEY@|$COMPAT_SSH_KEY|g" -e "s|@REGISTRY@|$COMPAT_REGISTRY|g" -e "s|@REGISTRY_IP@|${COMPAT_NET}.2|g")
  for i in 1 2 3 4 5 6 7 8 9; do expr+=(-e "s|@NODE$i@|$(compat_node_address "$i")|g"); done
  sed "${expr[@]}" "$template" > "$out"
  if grep -Eo 'address: *[0-9.]+' "$out" | grep -v "address: *${COMPAT_NET//./\\.}\." >/dev/null; then
    echo "compat: $out names a node outside ${COMPAT_NET}.0/24: refusing" >&2
    return 1
  fi
}

compat_lab() { (cd "$compat_repo" && LAB_INSTANCE="$LAB_INSTANCE" scripts/lab "$@"); }

# A lab with exactly $1 fresh nodes (old nodes and their Docker volumes removed).
compat_fresh_lab() {
  compat_lab down >/dev/null
  compat_lab up --nodes "$1" >/dev/null
}

# The KDM data.json both tools read (test/compat/oracle-kdm.mjs), path on stdout.
compat_oracle_kdm() {
  local out="${COMPAT_KDM:-/var/cache/rke-ts/rke1/oracle-data.json}"
  node "$compat_lib_dir/oracle-kdm.mjs" "$out" >&2 && echo "$out"
}

# Runs RKE1 in the directory holding cluster.yml. $1 = dir, rest = rke arguments.
compat_rke1() {
  local dir="$1"; shift
  (cd "$dir" && RANCHER_METADATA_URL="$COMPAT_KDM_FILE" "$RKE1_BIN" "$@")
}

# Runs rke-ts (RKE_CLI, default dist/cli/main.js) the same way.
compat_rke_ts() {
  local dir="$1"; shift
  local cli="${RKE_CLI:-$compat_repo/dist/cli/main.js}"
  (cd "$dir" && RANCHER_METADATA_URL="$COMPAT_KDM_FILE" node "$cli" "$@")
}

# `docker inspect` of every container on node $1 that RKE created (not kubelet's k8s_* pod
# containers), as one JSON array, through the node's own engine.
compat_inspect_node() {
  local c; c="$(compat_node_container "$1")"
  docker exec "$c" sh -c 'ids=$(docker ps -aq --no-trunc); [ -n "$ids" ] && docker inspect $ids || echo "[]"' \
    | node "$compat_lib_dir/project-inspect.mjs"
}

# Files RKE1 writes (or binds into existence) on node $1 with prefix path $2: type, mode, owner, size,
# path, and md5 for regular files under <prefix>/etc/kubernetes and the kubelet's registry config.
compat_files_node() {
  local c; c="$(compat_node_container "$1")"
  local p="${2%/}"
  docker exec -e P="$p" "$c" sh -c '
    list() { find "$@" -printf "%y %m %u:%g %s %p\n" 2>/dev/null; }
    sums() { [ "$1" = f ] && md5sum "$2" | cut -d" " -f1 || echo -; }
    {
      list "$P/etc/kubernetes" -mindepth 0
      list "$P/var/lib/etcd" -maxdepth 0
      list "$P/var/log/kube-audit" -maxdepth 0
      list "$P/var/lib/kubelet" -maxdepth 0
      list "$P/var/lib/kubelet/config.json" -maxdepth 0
      list "$P/var/lib/kubelet/volumeplugins" -maxdepth 0
      list "$P/var/lib/cri-dockerd" -maxdepth 0
      list "$P/var/lib/cni" -maxdepth 0
      list "$P/run/kubernetes" -maxdepth 0
      list /etc/cni/net.d -maxdepth 1
      list /opt/cni/bin -maxdepth 0
      list /var/lib/rancher/rke/log -maxdepth 0
      list /opt/rke-tools -maxdepth 0
    } | sort -k5 | while read -r y m o s p; do
      case "$p" in
        "$P"/etc/kubernetes/*|*/kubelet/config.json) h=$(sums "$y" "$p") ;;
        *) h=- ;;
      esac
      # sizes of directories depend on the file system: only files keep theirs
      [ "$y" = f ] || s=-
      echo "$y $m $o $s $h $p"
    done'
}

# {"<image>": [default env]} for every image named in a containers.json ($2) of node $1.
compat_image_env_node() {
  local c; c="$(compat_node_container "$1")"
  local images; images="$(node -e 'const l=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log([...new Set(l.map(c=>c.image))].join(" "))' "$2")"
  if [ -z "$images" ]; then echo '{}'; return; fi
  # shellcheck disable=SC2086
  docker exec "$c" docker image inspect $images \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const o={};for(const i of JSON.parse(s))for(const t of i.RepoTags??[])o[t]=i.Config?.Env??[];console.log(JSON.stringify(o,null,2))})'
}

# The `docker info` facts rke-ts plans with (src/desired NodeFacts) of node $1, as JSON.
compat_node_facts() {
  docker exec "$(compat_node_container "$1")" docker info --format '{{json .}}' \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const i=JSON.parse(s);console.log(JSON.stringify({dockerRootDir:i.DockerRootDir,architecture:i.Architecture,selinuxEnabled:(i.SecurityOptions??[]).some(o=>o.includes("selinux")),operatingSystem:i.OperatingSystem},null,2))})'
}
