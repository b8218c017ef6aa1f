#!/usr/bin/env bash
# The metrics-server image, tagged as the version table's `metricsServer` image: sigs.k8s.io/metrics-server
# at the tag's version, /metrics-server on an empty root (upstream's entrypoint).
#   usage: lab/images/metrics-server/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/metrics-server
IMAGE=$(system_image metricsServer)
VERSION=${IMAGE##*:}
grep -qE "sigs.k8s.io/metrics-server $VERSION( |\$)" "$HERE/go/go.mod" || die "$IMAGE: $HERE/go/go.mod does not pin metrics-server $VERSION"
go_build "metrics-server-$VERSION" "$HERE/go" sigs.k8s.io/metrics-server/cmd/metrics-server \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$VERSION -X k8s.io/client-go/pkg/version.gitVersion=$VERSION"
BIN=$LAB_CACHE/build/metrics-server-$VERSION
HASH=$(inputs_hash "$HERE/build.sh" "$BIN" -- "$(declare -f docker_build)" "$IMAGE")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context metrics-server)
cp "$BIN" "$ctx/metrics-server"
mkdir -p "$ctx/tmp"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY metrics-server /metrics-server
COPY tmp /tmp
USER 65534:65534
ENTRYPOINT ["/metrics-server"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
