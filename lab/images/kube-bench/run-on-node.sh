#!/usr/bin/env bash
# Runs kube-bench on a lab node and prints its JSON report: the image (lab/images/kube-bench) is
# loaded into the node's own engine if missing, then run there with the host PID namespace and the
# node's /etc and /var/lib read-only, against RKE's benchmark (kube-bench's rke-cis-1.7: RKE1
# clusters run their components in Docker, with certificates and kubeconfigs in /etc/kubernetes/ssl).
#   usage: lab/images/kube-bench/run-on-node.sh NODE_CONTAINER [BENCHMARK] > report.json
source "$(dirname "$0")/../lib.sh"
NODE=${1:?usage: run-on-node.sh NODE_CONTAINER [BENCHMARK]}
BENCHMARK=${2:-rke-cis-1.7}
HERE=$LAB_IMAGES_DIR/kube-bench
VERSION=$(awk '$1=="github.com/aquasecurity/kube-bench" {print $2}' "$HERE/go/go.mod")
IMAGE=rke-ts-lab/kube-bench:$VERSION
docker image inspect "$IMAGE" >/dev/null 2>&1 || "$HERE/build.sh"
want=$(docker image inspect -f '{{.Id}}' "$IMAGE")
have=$(docker exec "$NODE" docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  log "loading $IMAGE into $NODE"
  docker save "$IMAGE" | docker exec -i "$NODE" docker load >/dev/null
fi
# exit code 0 whatever the findings: the caller reads the JSON
docker exec "$NODE" docker run --rm --pid=host --net=host \
  -v /etc:/etc:ro -v /var/lib:/var/lib:ro \
  "$IMAGE" run --benchmark "$BENCHMARK" --json --exit-code 0
