#!/usr/bin/env bash
# The pause image, tagged as the version table's `podInfraContainer` (rancher/mirrored-pause:3.x):
# pause.c from the Kubernetes Go module (build/pause/linux), compiled static, on an empty root.
#   usage: lab/images/pause/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/pause
IMAGE=$(system_image podInfraContainer)
K8S_VERSION=$(k8s_module_version)
SRC=$(cd "$LAB_IMAGES_DIR/kubernetes" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')/build/pause/linux/pause.c
[ -f "$SRC" ] || die "pause.c not found in k8s.io/kubernetes@$K8S_VERSION"
HASH=$(inputs_hash "$HERE/build.sh" "$SRC" -- "$(declare -f docker_build)" "$IMAGE" "$(gcc --version | head -1)")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
command -v gcc >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null
t=$(now)
ctx=$(build_context pause)
gcc -Os -Wall -Werror -static -DVERSION="${IMAGE##*:}" -o "$ctx/pause" "$SRC"
strip "$ctx/pause"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
