#!/usr/bin/env bash
# The etcd image, tagged as the version table's `etcd` image (rancher/mirrored-coreos-etcd:v3.5.x):
# etcd and etcdctl from the Go modules go.etcd.io/etcd/{server,etcdctl}/v3 at the tag's version, on
# an empty root like the upstream distroless image (RKE runs `/usr/local/bin/etcd ...` as Cmd; for
# etcd >= 3.5.7 it runs shell commands in the rke-tools image instead, which has etcdctl too).
#   usage: lab/images/etcd/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/etcd
IMAGE=$(system_image etcd)
VERSION=${IMAGE##*:}
grep -qE "go.etcd.io/etcd/server/v3 $VERSION( |\$)" "$HERE/go/go.mod" || die "$IMAGE: $HERE/go/go.mod does not pin etcd $VERSION"
go_build "etcd-$VERSION" "$HERE/go" go.etcd.io/etcd/server/v3 -ldflags "-s -w"
go_build "etcdctl-$VERSION" "$HERE/go" go.etcd.io/etcd/etcdctl/v3 -ldflags "-s -w"
# etcdutl (offline snapshot status/restore), as in the upstream image: rke migrate rke2 verifies with it
go_build "etcdutl-$VERSION" "$HERE/go" go.etcd.io/etcd/etcdutl/v3 -ldflags "-s -w"
HASH=$(inputs_hash "$HERE/build.sh" "$LAB_CACHE/build/etcd-$VERSION" "$LAB_CACHE/build/etcdctl-$VERSION" "$LAB_CACHE/build/etcdutl-$VERSION" -- "$(declare -f docker_build)" "$IMAGE")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context etcd)
cp "$LAB_CACHE/build/etcd-$VERSION" "$ctx/etcd"
cp "$LAB_CACHE/build/etcdctl-$VERSION" "$ctx/etcdctl"
cp "$LAB_CACHE/build/etcdutl-$VERSION" "$ctx/etcdutl"
mkdir -p "$ctx/tmp" "$ctx/var/etcd" "$ctx/var/lib/etcd"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY etcd etcdctl etcdutl /usr/local/bin/
COPY tmp /tmp
COPY var /var
ENV PATH=/usr/local/bin
EXPOSE 2379 2380
CMD ["/usr/local/bin/etcd"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
