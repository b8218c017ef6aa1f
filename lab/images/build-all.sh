#!/usr/bin/env bash
# Build every lab image (each build is skipped when its inputs are unchanged) and record the system
# images in $LAB_CACHE/images.txt (what `lab up` pushes into the lab registry). Timings go to
# $LAB_CACHE/logs/build-times.log.
#   usage: lab/images/build-all.sh [--verify]
source "$(dirname "$0")/lib.sh"
t0=$(now)
step() { # step NAME: run lab/images/NAME/build.sh and log its duration
  local t; t=$(now)
  "$LAB_IMAGES_DIR/$1/build.sh"
  printf '%s %s %s\n' "$(date -u +%FT%TZ)" "$1" "$(elapsed "$t")" >> "$LAB_CACHE/logs/build-times.log"
}
# infrastructure images
step node
step registry
step base
# system images (names from the version table), cheapest first; Go builds run one at a time
step pause
step etcd
step tools
step s3            # not an image: the S3 server binary for the etcd snapshot e2e test
step coredns
step flannel
step flannel-cni
step metrics-server
step kubernetes
step kube-bench     # not a system image: CIS benchmark runner for the hardened-profile e2e test

SYSTEM_IMAGES=(podInfraContainer etcd certDownloader coredns flannel flannelCni metricsServer kubernetes)
{
  echo "# system images built by lab/images/build-all.sh for $(system_image version)"
  for key in "${SYSTEM_IMAGES[@]}"; do system_image "$key"; done | sort -u
  # rke-ts's newer Kubernetes versions: their own hyperkube image, every other image as the default's
  if [ "$LAB_FIPS" != 1 ]; then for v in $(k8s_extra_versions); do system_image kubernetes "$v"; done; fi
} > "$LAB_CACHE/images.txt"

# earlier builds of rebuilt images, now untagged: only ours (by label), only unused ones
docker image prune -f --filter "label=$LAB_LABEL" >/dev/null

if [ "${1:-}" = "--verify" ]; then
  # each image's own binary answers --version (run on this engine; the lab tests do it inside nodes)
  v() { docker run --rm --entrypoint "$2" "$(system_image "$1")" "${@:3}" 2>&1 | head -1; }
  log "verify: pause        $(v podInfraContainer /pause -v)"
  log "verify: etcd         $(v etcd /usr/local/bin/etcd --version)"
  log "verify: etcdctl      $(v etcd /usr/local/bin/etcdctl version)"
  log "verify: rke-tools    $(v certDownloader /opt/rke-tools/bin/cri-dockerd --version)"
  log "verify: rke-tools    $(v certDownloader /opt/rke-tools/bin/docker --version)"
  log "verify: coredns      $(v coredns /coredns -version)"
  log "verify: flannel      $(v flannel /opt/bin/flanneld --version)"
  log "verify: flannel-cni  $(v flannelCni /opt/cni/bin/flannel --version)"
  log "verify: metrics      $(v metricsServer /metrics-server --version)"
  log "verify: kubernetes   $(v kubernetes kube-apiserver --version)"
fi
log "all images ready in $(elapsed "$t0")"
