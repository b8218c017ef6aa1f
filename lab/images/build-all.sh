#!/usr/bin/env bash
# Build every lab image (each build is skipped when its inputs are unchanged) and record the system
# images in $LAB_CACHE/images.txt (what `lab up` pushes into the lab registry).
#   usage: lab/images/build-all.sh [--verify]
source "$(dirname "$0")/lib.sh"
t=$(now)
"$LAB_IMAGES_DIR/node/build.sh"
"$LAB_IMAGES_DIR/registry/build.sh"
SYSTEM_IMAGES=()
printf '%s\n' "# system images built by lab/images/build-all.sh" "${SYSTEM_IMAGES[@]+"${SYSTEM_IMAGES[@]}"}" > "$LAB_CACHE/images.txt"
log "all images ready in $(elapsed "$t")"
