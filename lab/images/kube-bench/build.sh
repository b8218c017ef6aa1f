#!/usr/bin/env bash
# rke-ts-lab/kube-bench:<version> — kube-bench (Go module github.com/aquasecurity/kube-bench at the
# version go/go.mod pins) with the benchmark definitions and helper script of the same module
# (cfg/ -> /opt/kube-bench/cfg, out of the way of the host's /etc bound over the image's;
# helper_scripts/check_files_owner_in_dir.sh on PATH), on the lab's Debian base (GNU ps, find, xargs, bash: what the benchmark's audit commands call).
# Run on a lab node through the node's engine: host PID namespace (kube-bench reads component
# flags from `ps`) and the host's /etc and /var/lib read-only (files, modes, owners, user names):
#   docker run --rm --pid=host -v /etc:/etc:ro -v /var/lib:/var/lib:ro IMAGE run --benchmark rke-cis-1.7 --json
#   usage: lab/images/kube-bench/build.sh
source "$(dirname "$0")/../lib.sh"
HERE=$LAB_IMAGES_DIR/kube-bench
MODULE=github.com/aquasecurity/kube-bench
VERSION=$(awk -v m="$MODULE" '$1==m {print $2}' "$HERE/go/go.mod")
[ -n "$VERSION" ] || die "$HERE/go/go.mod does not require $MODULE"
IMAGE=rke-ts-lab/kube-bench:$VERSION
BASE=rke-ts-lab/base:bookworm
go_build "kube-bench-$VERSION" "$HERE/go" "$MODULE" -ldflags "-s -w -X $MODULE/cmd.KubeBenchVersion=$VERSION"
BIN=$LAB_CACHE/build/kube-bench-$VERSION
SRC=$(cd "$HERE/go" && go list -m -f '{{.Dir}}' "$MODULE") || die "module $MODULE is not in the module cache"
HASH=$(inputs_hash "$HERE/build.sh" "$BIN" "$SRC/cfg" "$SRC/helper_scripts" -- "$(declare -f docker_build)" "$IMAGE" "$(image_id "$BASE")")
if image_is_current "$IMAGE" "$HASH"; then log "$IMAGE is current"; exit 0; fi
t=$(now)
ctx=$(build_context kube-bench)
cp "$BIN" "$ctx/kube-bench"
cp -r "$SRC/cfg" "$ctx/cfg"
cp "$SRC/helper_scripts/check_files_owner_in_dir.sh" "$ctx/"
chmod -R u+w "$ctx"
chmod 755 "$ctx/check_files_owner_in_dir.sh"
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY kube-bench check_files_owner_in_dir.sh /usr/local/bin/
COPY cfg /opt/kube-bench/cfg
ENTRYPOINT ["/usr/local/bin/kube-bench", "--config-dir", "/opt/kube-bench/cfg", "--config", "/opt/kube-bench/cfg/config.yaml"]
DOCKERFILE
docker_build "$IMAGE" "$HASH" "$ctx"
rm -rf "$ctx"
log "built $IMAGE in $(elapsed "$t"), $(image_size "$IMAGE")"
