#!/usr/bin/env bash
# The rke-tools stand-in, tagged as the version table's rke-tools image (alpine, nginxProxy,
# certDownloader, kubernetesServicesSidecar: rancher/rke-tools:v0.1.x). Same layout and behaviour,
# our own scripts (rootfs/):
#   /opt/rke-tools (VOLUME, shared with the K8s containers through service-sidekick):
#     entrypoint.sh, rke-etcd-backup (go/etcd-backup), bin/docker (Debian docker.io's CLI),
#     bin/cri-dockerd (github.com/Mirantis/cri-dockerd)
#   /usr/bin/cert-deployer, /usr/bin/nginx-proxy (renders nginx.conf from CP_HOSTS), nginx,
#   /usr/local/bin/etcdctl (from the etcd build), nc (rootfs/usr/local/bin/nc: the BusyBox options RKE
#   uses, on socat and bash), /bin/sh -> bash (RKE's file-deployer
#   relies on bash's `echo -e`).
#   usage: lab/images/tools/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/tools
IMAGE=$(system_image certDownloader)
BASE=rke-ts-lab/base:bookworm
for key in alpine nginxProxy kubernetesServicesSidecar; do
  [ "$(system_image $key)" = "$IMAGE" ] || die "the version table names different images for $key and certDownloader"
done
CRI_DOCKERD_VERSION=$(awk '$1=="github.com/Mirantis/cri-dockerd" {print $2; exit}' "$HERE/go/cri-dockerd/go.mod")
ETCD_VERSION=$(system_image etcd); ETCD_VERSION=${ETCD_VERSION##*:}
"$LAB_IMAGES_DIR/etcd/build.sh" >/dev/null   # etcdctl
go_build "cri-dockerd-$CRI_DOCKERD_VERSION" "$HERE/go/cri-dockerd" github.com/Mirantis/cri-dockerd \
  -ldflags "-s -w -X github.com/Mirantis/cri-dockerd/cmd/version.Version=${CRI_DOCKERD_VERSION#v} -X github.com/Mirantis/cri-dockerd/cmd/version.GitCommit=rke-ts-lab"
go_build rke-etcd-backup "$HERE/go/etcd-backup" . -ldflags "-s -w"

# the Docker CLI from Debian's docker.io package (the node image build keeps the .deb)
deb=$(ls "$LAB_CACHE"/apt/node/docker.io_*.deb 2>/dev/null | tail -1 || true)
if [ -z "$deb" ]; then
  mkdir -p "$LAB_CACHE/apt/node"
  (cd "$LAB_CACHE/apt/node" && { apt-get download -qq docker.io 2>/dev/null || { apt-get update -qq && apt-get download -qq docker.io; }; })
  deb=$(ls "$LAB_CACHE"/apt/node/docker.io_*.deb | tail -1)
fi

B=$LAB_CACHE/build
HASH=$(inputs_hash "$HERE/build.sh" "$HERE/rootfs" "$B/cri-dockerd-$CRI_DOCKERD_VERSION" \
  "$B/rke-etcd-backup" "$B/etcdctl-$ETCD_VERSION" -- "$(declare -f docker_build)" "$(image_id "$BASE")" "$IMAGE" "$(basename "$deb")")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context tools)
cp -a "$HERE/rootfs/." "$ctx/"
mkdir -p "$ctx/opt/rke-tools/bin" "$ctx/usr/local/bin"
cp "$B/cri-dockerd-$CRI_DOCKERD_VERSION" "$ctx/opt/rke-tools/bin/cri-dockerd"
cp "$B/rke-etcd-backup" "$ctx/opt/rke-tools/rke-etcd-backup"
cp "$B/etcdctl-$ETCD_VERSION" "$ctx/usr/local/bin/etcdctl"
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/docker > "$ctx/opt/rke-tools/bin/docker"
chmod 755 "$ctx/opt/rke-tools/bin/docker"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
RUN ln -sf bash /usr/bin/sh && rm -f /usr/local/bin/nc
COPY opt /opt
COPY usr /usr
VOLUME /opt/rke-tools
CMD ["/bin/bash"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
