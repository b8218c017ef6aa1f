#!/usr/bin/env bash
# Source this file (or run it) to locate a locally built RKE1 binary for compatibility work.
# It only checks and points: it never downloads or builds RKE1 (see build-rke1.md for that).
#
#   RKE1_BIN   path of the rke binary (default /var/cache/rke-ts/rke1/rke)
#   RKE1_KDM   optional path of a KDM data.json to use instead of the embedded one
#              (exported as RANCHER_METADATA_URL for the rke process)
#
# Exit status (when executed) / return status (when sourced): 0 if usable, 1 otherwise.

RKE1_BIN="${RKE1_BIN:-/var/cache/rke-ts/rke1/rke}"
export RKE1_BIN

rke1_env_check() {
  if [ ! -x "$RKE1_BIN" ]; then
    echo "rke1-env: no executable RKE1 binary at RKE1_BIN=$RKE1_BIN (build it as described in test/compat/build-rke1.md)" >&2
    return 1
  fi
  if [ -n "${RKE1_KDM:-}" ]; then
    if [ ! -r "$RKE1_KDM" ]; then
      echo "rke1-env: RKE1_KDM=$RKE1_KDM is not readable" >&2
      return 1
    fi
    export RANCHER_METADATA_URL="$RKE1_KDM"
  fi
  local version
  if ! version="$("$RKE1_BIN" --version 2>/dev/null)"; then
    echo "rke1-env: $RKE1_BIN --version failed" >&2
    return 1
  fi
  case "$version" in
    *" dev"|*"version dev"*)
      echo "rke1-env: warning: $RKE1_BIN is a dev build ($version); KDM defaults differ from a release" >&2 ;;
  esac
  echo "rke1-env: RKE1_BIN=$RKE1_BIN ($version)${RANCHER_METADATA_URL:+ RANCHER_METADATA_URL=$RANCHER_METADATA_URL}"
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  rke1_env_check
  exit $?
else
  rke1_env_check
fi
