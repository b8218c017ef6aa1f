#!/usr/bin/env bash
# The lab's S3-compatible server for etcd snapshot tests: $LAB_CACHE/build/s3-server, a small main
# around github.com/johannesboyne/gofakes3 (go/main.go). Not an image: tests run it as a plain
# process on the lab network's gateway (the host), where every node's rke-tools container reaches it.
# (SeaweedFS was the first choice; its ~500-module build took over 45 minutes on this shared
# machine without finishing, too much for CI.)
#   usage: lab/images/s3/build.sh      prints the binary's path
source "$(dirname "$0")/../lib.sh"
go_build s3-server "$LAB_IMAGES_DIR/s3/go" . -ldflags "-s -w"
echo "$LAB_CACHE/build/s3-server"
