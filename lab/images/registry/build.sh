#!/usr/bin/env bash
# The lab registry image: Debian's docker-registry (distribution v2) on a bookworm minbase. Serves
# the lab's system images to the nodes (their engines use it as a docker.io pull-through mirror, and
# cluster.yml may name it in private_registries).
#   usage: lab/images/registry/build.sh [IMAGE]     (default rke-ts-lab/registry:bookworm)
source "$(dirname "$0")/../lib.sh"
IMAGE=${1:-rke-ts-lab/registry:bookworm}
HERE=$LAB_IMAGES_DIR/registry
PACKAGES=docker-registry,ca-certificates
HASH=$(inputs_hash "$HERE" -- "$PACKAGES" "$(declare -f debian_rootfs)")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
log "building $IMAGE"
debian_rootfs registry "$PACKAGES" \
  --customize-hook='mkdir -p "$1"/var/lib/docker-registry' \
  --customize-hook="sync-in '$HERE/rootfs' /" \
  2>"$LAB_CACHE/logs/image-registry.log" \
| docker import \
    -c 'ENTRYPOINT ["/usr/bin/docker-registry", "serve", "/etc/docker/registry/config.yml"]' \
    -c 'EXPOSE 5000/tcp' \
    -c "LABEL $LAB_LABEL=$HASH" \
    -m "rke-ts lab registry: Debian docker-registry" \
    - "$IMAGE" >/dev/null || { tail -20 "$LAB_CACHE/logs/image-registry.log" >&2; die "building $IMAGE failed"; }
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
