#!/usr/bin/env bash
# The lab node image: Debian bookworm minbase + openssh-server + Docker engine (docker.io) + the
# host tools RKE's containers and kubelet expect on a host (iptables, conntrack, iproute2, ethtool,
# socat, mount utilities, kmod, ca-certificates), streamed by mmdebstrap into `docker import`.
#   usage: lab/images/node/build.sh [IMAGE]        (default rke-ts-lab/node:bookworm)
source "$(dirname "$0")/../lib.sh"
IMAGE=${1:-rke-ts-lab/node:bookworm}
HERE=$LAB_IMAGES_DIR/node
PACKAGES=openssh-server,docker.io,iptables,conntrack,iproute2,ethtool,socat,mount,util-linux,kmod,procps,ca-certificates,curl,iputils-ping,less
HASH=$(inputs_hash "$HERE" -- "$PACKAGES" "$(declare -f debian_rootfs)")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi

t=$(now)
log "building $IMAGE (mmdebstrap; log: $LAB_CACHE/logs/image-node.log)"
debian_rootfs node "$PACKAGES" \
  --dpkgopt='path-exclude=/usr/bin/containerd-shim' \
  --dpkgopt='path-exclude=/usr/bin/containerd-shim-runc-v1' \
  --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
  --customize-hook="sync-in '$HERE/rootfs' /" \
  --customize-hook='mkdir -p "$1"/lib/modules' \
  2>"$LAB_CACHE/logs/image-node.log" \
| docker import \
    -c 'ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/lab-node-init"]' \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'VOLUME ["/var/lib/docker"]' \
    -c "LABEL $LAB_LABEL=$HASH" \
    -m "rke-ts lab node: Debian bookworm + openssh-server + docker.io" \
    - "$IMAGE" >/dev/null || { tail -20 "$LAB_CACHE/logs/image-node.log" >&2; die "building $IMAGE failed"; }
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
