#!/usr/bin/env bash
# The hyperkube-style Kubernetes images, one per Kubernetes version the lab serves, each tagged as the
# version table's `kubernetes` image for it (e.g. rke-extended-life/hyperkube:v1.32.13-rancher1):
# rke-ts-lab/base (host tools kubelet and kube-proxy exec: mount, nsenter, iptables, ipset, conntrack,
# ethtool, socat, ...) plus one multi-call binary /usr/local/bin/hyperkube (main.go) and a symlink per
# component on PATH, as RKE runs `/opt/rke-tools/entrypoint.sh kube-apiserver ...` and addon jobs run
# `kubectl apply` in it.
# Versions: go.mod pins the default version (RKE1's, from rke-v1.8.json); each vX.Y/go.mod pins one of
# rke-ts's own newer versions (rke-ts-extensions.json) and is passed to `go build -modfile`, so all
# share main.go. The FIPS image set (LAB_FIPS=1) is built for the default version only.
#   usage: lab/images/kubernetes/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/kubernetes
BASE=rke-ts-lab/base:bookworm

# build_hyperkube MODFILE IMAGE: the binary from main.go with MODFILE's dependencies, then IMAGE.
build_hyperkube() {
  local modfile=$1 image=$2
  local version; version=$(k8s_module_version "$HERE/$modfile")
  local tag_version=${image##*:}; tag_version=${tag_version%%-*}
  [ "$tag_version" = "$version" ] || die "$image wants Kubernetes $tag_version but $HERE/$modfile pins $version"
  local minor=${version#v1.}; minor=${minor%%.*}

  local ldflags="-s -w" p
  for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
    ldflags+=" -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  local modflag=()
  [ "$modfile" = go.mod ] || modflag=(-modfile="$modfile")
  go_build "hyperkube-$version" "$HERE" . "${modflag[@]+"${modflag[@]}"}" -ldflags "$ldflags"
  local bin=$LAB_CACHE/build/hyperkube-$version

  local hash; hash=$(inputs_hash "$HERE/build.sh" "$bin" -- "$(declare -f docker_build)" "$(image_id "$BASE")" "$image")
  if image_is_current "$image" "$hash"; then log "$image is current"; return 0; fi
  local t; t=$(now)
  local ctx; ctx=$(build_context "kubernetes-$version")
  cp "$bin" "$ctx/hyperkube"
  cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY hyperkube /usr/local/bin/hyperkube
RUN for c in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do \
      ln -s hyperkube /usr/local/bin/\$c; done
DOCKERFILE
  docker_build "$image" "$hash" "$ctx"
  rm -rf "$ctx"
  log "built $image in $(elapsed "$t"), $(image_size "$image")"
}

build_hyperkube go.mod "$(system_image kubernetes)"
if [ "$LAB_FIPS" != 1 ]; then
  for mod in "$HERE"/v*/go.mod; do
    [ -f "$mod" ] || continue
    mod=${mod#"$HERE"/}
    build_hyperkube "$mod" "$(system_image kubernetes "$(k8s_module_version "$HERE/$mod")")"
  done
fi
