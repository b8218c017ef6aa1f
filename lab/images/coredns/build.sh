#!/usr/bin/env bash
# The CoreDNS image, tagged as the version table's `coredns` image: github.com/coredns/coredns at the
# tag's version (its default plugin set), /coredns on an empty root like upstream's image.
#   usage: lab/images/coredns/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/coredns
IMAGE=$(system_image coredns)
VERSION=v${IMAGE##*:}
grep -qE "github.com/coredns/coredns $VERSION( |\$)" "$HERE/go/go.mod" || die "$IMAGE: $HERE/go/go.mod does not pin coredns $VERSION"
go_build "coredns-$VERSION" "$HERE/go" github.com/coredns/coredns -ldflags "-s -w"
BIN=$LAB_CACHE/build/coredns-$VERSION
HASH=$(inputs_hash "$HERE/build.sh" "$BIN" -- "$(declare -f docker_build)" "$IMAGE")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context coredns)
cp "$BIN" "$ctx/coredns"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY coredns /coredns
EXPOSE 53 53/udp
ENTRYPOINT ["/coredns"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
