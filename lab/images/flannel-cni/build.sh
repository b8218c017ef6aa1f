#!/usr/bin/env bash
# The flannel-cni image, tagged as the version table's `flannelCni` image (rancher/flannel-cni:...):
# the CNI plugins in /opt/cni/bin (Debian containernetworking-plugins from rke-ts-lab/base, plus the
# flannel meta plugin, also at /flannel) and /install-cni.sh, which the flannel addon's install-cni
# container runs to put them and the conflist on the host. The flannel plugin is built from
# github.com/containernetworking/plugins v0.9.1, the last release that carried it (the Go proxy
# refuses github.com/flannel-io/cni-plugin, where it lives now).
#   usage: lab/images/flannel-cni/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/flannel-cni
IMAGE=$(system_image flannelCni)
BASE=rke-ts-lab/base:bookworm
VERSION=$(awk '$1=="github.com/containernetworking/plugins" {print $2; exit}' "$HERE/go/go.mod")
go_build "cni-flannel-$VERSION" "$HERE/go" github.com/containernetworking/plugins/plugins/meta/flannel \
  -ldflags "-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=$VERSION"
BIN=$LAB_CACHE/build/cni-flannel-$VERSION
HASH=$(inputs_hash "$HERE/build.sh" "$HERE/rootfs" "$BIN" -- "$(declare -f docker_build)" "$(image_id "$BASE")" "$IMAGE")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context flannel-cni)
cp "$BIN" "$ctx/flannel"
cp -a "$HERE/rootfs/." "$ctx/"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
RUN mkdir -p /opt/cni/bin && cp -a /usr/lib/cni/. /opt/cni/bin/
COPY flannel /opt/cni/bin/flannel
COPY flannel /flannel
COPY install-cni.sh flannel.conflist.default /
CMD ["/install-cni.sh"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
