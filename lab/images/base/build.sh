#!/usr/bin/env bash
# rke-ts-lab/base:bookworm — the Debian bookworm layer shared by the lab's system images that need a
# userland (hyperkube, the rke-tools stand-in with nginx-proxy, flannel, flannel-cni, etcd). One
# shared layer: each node pulls it once. Packages: what kubelet/kube-proxy run on the host side
# (mount, nsenter, iptables, ipset, conntrack, ethtool, socat, iproute2, kmod), the shell tools
# RKE's helper containers use (bash, coreutils, findutils, procps, acl, busybox for `nc`), nginx, and
# the CNI plugins (Debian containernetworking-plugins, /usr/lib/cni).
#   usage: lab/images/base/build.sh [IMAGE]
source "$(dirname "$0")/../lib.sh"
IMAGE=${1:-rke-ts-lab/base:bookworm}
HERE=$LAB_IMAGES_DIR/base
PACKAGES=bash,util-linux,mount,procps,iptables,ipset,conntrack,ethtool,socat,iproute2,kmod,ca-certificates,findutils,acl,busybox,nginx-light,libnginx-mod-stream,curl,e2fsprogs,xfsprogs,openssl,containernetworking-plugins
HASH=$(inputs_hash "$HERE" -- "$PACKAGES" "$(declare -f debian_rootfs)")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
log "building $IMAGE (mmdebstrap; log: $LAB_CACHE/logs/image-base.log)"
debian_rootfs base "$PACKAGES" \
  --customize-hook='ln -sf /bin/busybox "$1"/usr/local/bin/nc' \
  --customize-hook='rm -f "$1"/etc/nginx/sites-enabled/default' \
  2>"$LAB_CACHE/logs/image-base.log" \
| docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["/bin/bash"]' \
    -c "LABEL $LAB_LABEL=$HASH" \
    -m "rke-ts lab base: Debian bookworm + host tools" \
    - "$IMAGE" >/dev/null || { tail -20 "$LAB_CACHE/logs/image-base.log" >&2; die "building $IMAGE failed"; }
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
