#!/usr/bin/env bash
# The hyperkube-style Kubernetes image, tagged as the version table's `kubernetes` image
# (e.g. rke-extended-life/hyperkube:v1.32.13-rancher1): rke-ts-lab/base (host tools kubelet and
# kube-proxy exec: mount, nsenter, iptables, ipset, conntrack, ethtool, socat, ...) plus one
# multi-call binary /usr/local/bin/hyperkube (main.go) and a symlink per component on PATH, as RKE
# runs `/opt/rke-tools/entrypoint.sh kube-apiserver ...` and addon jobs run `kubectl apply` in it.
#   usage: lab/images/kubernetes/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/kubernetes
IMAGE=$(system_image kubernetes)
BASE=rke-ts-lab/base:bookworm
K8S_VERSION=$(k8s_module_version)
tag_version=${IMAGE##*:}; tag_version=${tag_version%%-*}
[ "$tag_version" = "$K8S_VERSION" ] || die "$IMAGE wants Kubernetes $tag_version but $HERE/go.mod pins $K8S_VERSION"
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}

ldflags="-s -w"
for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  ldflags+=" -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
go_build "hyperkube-$K8S_VERSION" "$HERE" . -ldflags "$ldflags"
BIN=$LAB_CACHE/build/hyperkube-$K8S_VERSION

HASH=$(inputs_hash "$HERE/build.sh" "$BIN" -- "$(declare -f docker_build)" "$(image_id "$BASE")" "$IMAGE")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context kubernetes)
cp "$BIN" "$ctx/hyperkube"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY hyperkube /usr/local/bin/hyperkube
RUN for c in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do \
      ln -s hyperkube /usr/local/bin/\$c; done
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
