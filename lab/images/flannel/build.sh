#!/usr/bin/env bash
# The flannel image, tagged as the version table's `flannel` image (rancher/mirrored-flannel-flannel:
# v0.28.x): flanneld from github.com/flannel-io/flannel at /opt/bin/flanneld (the path RKE's flannel
# addon template runs) on rke-ts-lab/base (flanneld execs iptables). The Go proxy refuses some flannel
# releases (v0.28.1 among them): FLANNEL_VERSION (go/go.mod) is the nearest one it serves.
#   usage: lab/images/flannel/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/flannel
IMAGE=$(system_image flannel)
BASE=rke-ts-lab/base:bookworm
VERSION=$(awk '$1=="github.com/flannel-io/flannel" {print $2; exit}' "$HERE/go/go.mod")
[ -n "$VERSION" ] || die "$HERE/go/go.mod does not require flannel"
# cgo: flannel's udp backend has C parts (its own release builds use cgo too); glibc comes with base
LAB_CGO=1 go_build "flanneld-$VERSION" "$HERE/go" github.com/flannel-io/flannel \
  -ldflags "-s -w -X github.com/flannel-io/flannel/pkg/version.Version=$VERSION"
BIN=$LAB_CACHE/build/flanneld-$VERSION
HASH=$(inputs_hash "$HERE/build.sh" "$BIN" -- "$(declare -f docker_build)" "$(image_id "$BASE")" "$IMAGE")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context flannel)
cp "$BIN" "$ctx/flanneld"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY flanneld /opt/bin/flanneld
ENTRYPOINT ["/opt/bin/flanneld"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
