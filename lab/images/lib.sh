# Shared helpers for the lab's image builds (sourced by lab/images/*/build.sh and scripts/lab).
#
# Caching: every image carries the label io.rke-ts.lab.inputs=<sha256 of everything its build reads>
# (build script, files copied in, package lists, versions). A build whose tagged image already has
# that label is skipped, so a second run that changes nothing costs seconds. Caches that must survive
# a fresh clone (CI clones into another folder on the same machine) live outside the repo:
#   $LAB_CACHE (default /var/cache/rke-ts): Go build outputs, apt .deb caches, logs, registry data.
#   Go's own build and module caches stay at their default places (~/.cache/go-build, ~/go/pkg/mod).
set -euo pipefail

LAB_IMAGES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_CACHE=${LAB_CACHE:-/var/cache/rke-ts}
# LAB_FIPS=1: the FIPS image set (docs/security/fips.md). Go binaries are built with Go's FIPS 140-3
# module (GOFIPS140=$LAB_GOFIPS140, which also makes GODEBUG=fips140=on their default); system images
# are tagged under the repository path fips/ (fips/rancher/...:TAG), so a cluster uses the whole set
# through one default private registry with url <registry>/fips; outputs and logs go to their own
# cache ($LAB_CACHE/fips) so the default set and its cache entries are never touched.
LAB_FIPS=${LAB_FIPS:-0}
LAB_GOFIPS140=${LAB_GOFIPS140:-v1.0.0}
if [ "$LAB_FIPS" = 1 ] && [ "${LAB_CACHE##*/}" != fips ]; then LAB_CACHE=$LAB_CACHE/fips; fi
LAB_LABEL=io.rke-ts.lab.inputs
# Our Go builds use a patched Go release, not necessarily the machine's: the go command takes it from
# the Go module proxy (golang.org/toolchain, ~76 MB, cached in the module cache). The machine's Go
# 1.26.8 links standard-library code with known vulnerabilities that 1.26.10 fixes (make scan);
# `go version` is part of every Go build's cache key, so changing this rebuilds the binaries.
export GOTOOLCHAIN=${LAB_GO_TOOLCHAIN:-go1.26.10}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
mkdir -p "$LAB_CACHE/logs" "$LAB_CACHE/build" "$LAB_CACHE/apt"

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

# inputs_hash PATH... [-- STRING...]: sha256 over the contents of the files (directories recursively,
# in sorted order, with their relative names and modes) and the extra strings.
inputs_hash() {
  local paths=() strings=() seen_sep=0 a
  for a in "$@"; do
    if [ "$a" = "--" ]; then seen_sep=1; continue; fi
    if [ $seen_sep = 1 ]; then strings+=("$a"); else paths+=("$a"); fi
  done
  {
    local p f
    for p in "${paths[@]}"; do
      find "$p" \( -type f -o -type l \) -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
        printf '%s %s\n' "${f#"$LAB_IMAGES_DIR"/}" "$(stat -c %a "$f")"
        if [ -L "$f" ]; then readlink "$f"; else sha256sum < "$f"; fi
      done
    done
    printf '%s\n' "${strings[@]+"${strings[@]}"}"
  } | sha256sum | cut -c1-32
}

# image_is_current IMAGE HASH: the tagged image exists and was built from these inputs.
image_is_current() {
  [ "$(docker image inspect -f "{{index .Config.Labels \"$LAB_LABEL\"}}" "$1" 2>/dev/null)" = "$2" ]
}

# image_size IMAGE: size in MB, for build reports.
image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f MB", $1/1e6}'; }

# now: seconds since the epoch with fractions, for timings.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1fs", b-a}'; }

ensure_mmdebstrap() {
  command -v mmdebstrap >/dev/null && return
  log "installing mmdebstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null; }
}

# debian_rootfs CACHE_NAME PACKAGES [mmdebstrap options...]: a Debian bookworm minbase root file
# system with PACKAGES (comma separated), written as a tarball to stdout. Downloaded .debs are kept
# in $LAB_CACHE/apt/CACHE_NAME (one small dir per image: mmdebstrap copies the whole dir in).
debian_rootfs() {
  local cache=$LAB_CACHE/apt/$1 packages=$2; shift 2
  ensure_mmdebstrap
  mkdir -p "$cache"
  mmdebstrap --quiet --variant=minbase --components=main \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --include="$packages" \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='force-unsafe-io' \
    --skip=essential/unlink \
    --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
    --setup-hook="sync-in '$cache' /var/cache/apt/archives/" \
    --customize-hook="sync-out /var/cache/apt/archives/ '$cache'" \
    "$@" \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin "$1"/var/log/*.log "$1"/var/cache/debconf/*-old' \
    bookworm - \
    "deb $DEBIAN_MIRROR bookworm main" \
    "deb $DEBIAN_MIRROR bookworm-updates main" \
    "deb $DEBIAN_SECURITY_MIRROR bookworm-security main"
}

# docker_build IMAGE HASH CONTEXT_DIR: `docker build` of CONTEXT_DIR/Dockerfile with the inputs
# label. The legacy builder: this machine's Docker client has no buildx, and FROM only ever names
# local lab images (nothing can be pulled).
docker_build() {
  local image=$1 hash=$2 context=$3
  DOCKER_BUILDKIT=0 docker build -q --label "$LAB_LABEL=$hash" -t "$image" "$context" >/dev/null 2>"$LAB_CACHE/logs/docker-build.err" \
    || { cat "$LAB_CACHE/logs/docker-build.err" >&2; die "docker build of $image failed"; }
}

# go_build OUT MODULE_DIR PACKAGE [go build args...]: a static Go binary, built from a module
# directory (with its own go.mod/go.sum) into $LAB_CACHE/build/OUT. Skipped when OUT exists and its
# stamp matches the module's inputs; Go's build cache makes a rebuild after small changes cheap.
# Static (CGO_ENABLED=0) unless LAB_CGO=1 (a binary for a Debian-based image that needs cgo).
go_build() {
  local name=$1 out=$LAB_CACHE/build/$1 dir=$2 pkg=$3; shift 3
  local cgo=${LAB_CGO:-0}
  local fips=() fips_input=()
  if [ "$LAB_FIPS" = 1 ]; then fips=(GOFIPS140="$LAB_GOFIPS140"); fips_input=("fips140=$LAB_GOFIPS140"); fi
  local hash; hash=$(inputs_hash "$dir" -- "$pkg" "$*" "$(go version)" "cgo=$cgo" "${fips_input[@]+"${fips_input[@]}"}")
  if [ -x "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$hash" ]; then return 0; fi
  local t; t=$(now)
  log "go build $name${fips_input[0]:+ (${fips_input[0]})} (log: $LAB_CACHE/logs/go-$name.log)"
  (cd "$dir" && env "${fips[@]+"${fips[@]}"}" CGO_ENABLED=$cgo nice -n 5 go build -trimpath -o "$out.tmp" "$@" "$pkg") \
    >"$LAB_CACHE/logs/go-$name.log" 2>&1 || { tail -30 "$LAB_CACHE/logs/go-$name.log" >&2; die "go build $name failed"; }
  mv "$out.tmp" "$out"
  echo "$hash" > "$out.inputs"
  log "go build $name: $(elapsed "$t")"
}

# system_image KEY [VERSION]: the image name the version table gives KEY (camelCase KDM key, e.g.
# kubernetes, etcd, nginxProxy) for the lab's Kubernetes version, or for VERSION (a table key, or an
# upstream version like v1.33.13: see system-images.mjs).
system_image() {
  local table
  if [ -n "${2:-}" ]; then
    table=$(node "$LAB_IMAGES_DIR/system-images.mjs" "$2") || die "cannot read the version table for $2"
  else
    if [ -z "${LAB_SYSTEM_IMAGES:-}" ]; then
      LAB_SYSTEM_IMAGES=$(node "$LAB_IMAGES_DIR/system-images.mjs") || die "cannot read the version table"
      export LAB_SYSTEM_IMAGES
    fi
    table=$LAB_SYSTEM_IMAGES
  fi
  local image; image=$(awk -v k="$1" '$1==k {print $2}' <<<"$table")
  [ -n "$image" ] || die "the version table has no system image '$1'${2:+ for $2}"
  if [ "$LAB_FIPS" = 1 ] && [[ $image == *:* ]]; then image=fips/$image; fi
  echo "$image"
}

# image_id IMAGE: its ID, part of the inputs of images built FROM it.
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || die "image $1 is missing"; }

# build_context NAME: a fresh, empty docker build context directory.
build_context() {
  local ctx=$LAB_CACHE/build/ctx-$1
  rm -rf "$ctx" && mkdir -p "$ctx" && echo "$ctx"
}

# k8s_module_version [MODFILE]: the k8s.io/kubernetes version a go.mod pins (default
# lab/images/kubernetes/go.mod, the default version's module; others are kubernetes/vX.Y/go.mod).
k8s_module_version() {
  grep -oE '^[[:space:]]*(require[[:space:]]+)?k8s.io/kubernetes v[0-9.]+' "${1:-$LAB_IMAGES_DIR/kubernetes/go.mod}" | awk '{print $NF}'
}

# k8s_extra_versions: the Kubernetes versions the lab builds besides the default one (one per
# kubernetes/vX.Y/go.mod; their images are tagged from rke-ts-extensions.json).
k8s_extra_versions() {
  local mod
  for mod in "$LAB_IMAGES_DIR"/kubernetes/v*/go.mod; do [ -f "$mod" ] && k8s_module_version "$mod"; done
  return 0
}
