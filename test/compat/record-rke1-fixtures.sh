#!/usr/bin/env bash
# Re-record test/fixtures/rke1/ from a locally built RKE1 binary (RKE1_BIN, see build-rke1.md).
# It runs RKE1 only in ways that touch no node:
#   - `rke config ...` (local only),
#   - `rke up --init` / `rke up` inside `unshare -n` (a network namespace without interfaces), traced with
#     strace so that every connect() RKE1 attempts is recorded; nothing can leave the machine.
#
# usage: test/compat/record-rke1-fixtures.sh [cli|init|validation|questionnaire|legacy-check|all]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
fixtures="$repo/test/fixtures/rke1"
# shellcheck source=rke1-env.sh
source "$here/rke1-env.sh" >/dev/null
work="$(mktemp -d /tmp/rke1-record.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# Runs RKE1 with no network at all; strace keeps a log of attempted connections.
# $1 = strace log path, rest = rke arguments. Prints rke's output; returns rke's exit status.
rke_offline() {
  local trace="$1"; shift
  unshare -n strace -f -qq -e trace=connect -o "$trace" "$RKE1_BIN" "$@"
}

# Same, but on a pseudo-terminal, so logrus prints its terminal format (INFO[0000] ...).
rke_offline_tty() {
  local trace="$1"; shift
  local cmd; cmd="$(printf '%q ' "$RKE1_BIN" "$@")"
  unshare -n strace -f -qq -e trace=connect -o "$trace" script -qefc "$cmd" /dev/null
}

# connect() calls to anything but unix sockets, one per line (empty when none was attempted).
inet_connects() { grep -E 'connect\(.*(AF_INET|AF_INET6)' "$1" | sed -E 's/^[0-9]+ +//' || true; }

# logrus prints a wall-clock timestamp in its non-terminal format; keep the field, drop the value.
normalize_time() { sed -E 's/^time="[^"]*"/time="<TIMESTAMP>"/' "$@"; }

strip_ansi() { sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g; s/\r$//'; }

record_cli() {
  local out="$fixtures/cli"
  mkdir -p "$out"
  # logrus writes to stdout too, so log lines and data share one stream, as a user sees it in a pipe.
  "$RKE1_BIN" --version > "$out/version.txt"
  "$RKE1_BIN" config --list-version 2>&1 | normalize_time > "$out/config--list-version.txt"
  "$RKE1_BIN" config --list-version --all 2>&1 | normalize_time > "$out/config--list-version--all.txt"
  "$RKE1_BIN" config --system-images 2>&1 | normalize_time > "$out/config--system-images.txt"
  "$RKE1_BIN" config --system-images --all 2>&1 | normalize_time > "$out/config--system-images--all.txt"
  local default; default="$("$RKE1_BIN" config --list-version 2>/dev/null | tail -n1)"
  "$RKE1_BIN" config --system-images --version "$default" 2>&1 | normalize_time \
    > "$out/config--system-images--version-default.txt"
  (cd "$work" && "$RKE1_BIN" config --empty --print) > "$out/config--empty--print.txt" 2>&1
  (cd "$work" && "$RKE1_BIN" config --empty --name empty.yml && cp empty.yml "$out/config--empty.cluster.yml" \
    && stat -c '%a' empty.yml > "$out/config--empty.mode.txt")
  "$RKE1_BIN" --help > "$out/help.txt" 2>&1
  local c
  for c in up remove version config etcd cert encrypt util; do
    "$RKE1_BIN" "$c" --help > "$out/help-$c.txt" 2>&1 || true
  done
  for c in "etcd snapshot-save" "etcd snapshot-restore" "cert rotate" "cert generate-csr" \
           "encrypt rotate-key" "util get-state-file" "util get-kubeconfig"; do
    # shellcheck disable=SC2086
    "$RKE1_BIN" $c --help > "$out/help-${c// /-}.txt" 2>&1 || true
  done
}

# Evidence run: `rke up --init` in a directory without cluster.rkestate tries SSH to every node.
record_legacy_check() {
  local out="$fixtures/init/_no-state-file"
  mkdir -p "$out"
  local d="$work/legacy"; mkdir -p "$d"
  cp "$fixtures/init/ha-3/cluster.yml" "$d/cluster.yml"
  local rc=0
  (cd "$d" && rke_offline "$d/strace.log" up --init) > "$d/out.txt" 2>&1 || rc=$?
  cp "$d/cluster.yml" "$out/cluster.yml"
  normalize_time "$d/out.txt" > "$out/output.txt"
  echo "$rc" > "$out/exit-code.txt"
  # "<count> <address>:<port>" for every TCP connect() RKE1 attempted (all failed: no network).
  inet_connects "$d/strace.log" \
    | sed -E 's/.*sin_port=htons\(([0-9]+)\).*inet_addr\("([^"]+)"\).*/\2:\1/' \
    | sort | uniq -c | sed -E 's/^ +//' > "$out/connect-attempts.txt"
  [ -f "$d/cluster.rkestate" ] && cp "$d/cluster.rkestate" "$out/cluster.rkestate" \
    && stat -c '%a' "$d/cluster.rkestate" > "$out/cluster.rkestate.mode.txt" || true
}

record_init() {
  local v d rc others f
  for v in "$fixtures"/init/*/; do
    v="$(basename "$v")"
    [ "$v" = "_no-state-file" ] && continue
    # INIT_VARIANTS="a b" re-records only those variants (keys change on every recording).
    if [ -n "${INIT_VARIANTS:-}" ] && [[ " $INIT_VARIANTS " != *" $v "* ]]; then continue; fi
    d="$work/init-$v"; mkdir -p "$d"
    cp "$fixtures/init/$v/cluster.yml" "$d/cluster.yml"
    # RKE1 SSHes to every node when cluster.rkestate does not exist (legacy-cluster check, see
    # record_legacy_check). An existing but EMPTY state file skips that check, and RKE1 reads it as "no
    # previous state" (the JSON parse error is ignored and the bundle stays nil), so the result is the
    # fresh-cluster state a first `rke up --init` with reachable nodes writes. ('{}' does not work: it
    # yields an empty, non-nil certificate bundle and RKE1 fails with "CA Certificate or Key is empty".)
    install -m 600 /dev/null "$d/cluster.rkestate"
    rc=0
    (cd "$d" && rke_offline "$d/strace.log" up --init) > "$d/out.txt" 2>&1 || rc=$?
    if [ -n "$(inet_connects "$d/strace.log")" ]; then
      echo "record_init: RKE1 attempted a network connection for $v:" >&2
      inet_connects "$d/strace.log" >&2
      exit 1
    fi
    if [ "$rc" != 0 ]; then
      echo "record_init: rke up --init failed for $v (rc=$rc):" >&2; cat "$d/out.txt" >&2; exit 1
    fi
    normalize_time "$d/out.txt" > "$fixtures/init/$v/output.txt"
    cp "$d/cluster.rkestate" "$fixtures/init/$v/cluster.rkestate"
    rm -f "$fixtures/init/$v"/kube_config_*.yml
    # Anything else rke wrote next to cluster.yml (a kubeconfig would be copied below).
    others="$(ls "$d" | grep -vE '^(cluster\.yml|cluster\.rkestate|out\.txt|strace\.log)$' || true)"
    echo "${others:-(none: rke up --init wrote only cluster.rkestate)}" > "$fixtures/init/$v/other-files.txt"
    for f in "$d"/kube_config_*.yml; do
      if [ -e "$f" ]; then cp "$f" "$fixtures/init/$v/"; fi
    done
  done
}

record_validation() {
  local f c d rc
  for f in "$fixtures"/validation/*.yml; do
    c="$(basename "$f" .yml)"
    # VALIDATION_CASES="case1 case2" re-records only those cases.
    if [ -n "${VALIDATION_CASES:-}" ] && [[ " $VALIDATION_CASES " != *" $c "* ]]; then continue; fi
    d="$work/val-$c"; mkdir -p "$d"
    cp "$f" "$d/cluster.yml"
    rc=0
    (cd "$d" && rke_offline "$d/strace.log" up --disable-port-check) > "$d/out.txt" 2>&1 || rc=$?
    (cd "$d" && rm -f cluster.rkestate && rke_offline_tty "$d/strace-tty.log" up --disable-port-check) \
      > "$d/out-tty.txt" 2>&1 || true
    normalize_time "$d/out.txt" > "$fixtures/validation/$c.output.txt"
    {
      echo "exit-code: $rc"
      # Where the run stopped: before any SSH (parse/defaults/validation), or after RKE1 started
      # tunnelling to the nodes (so the check needs reachable hosts to be reproduced faithfully).
      if grep -q 'Setup tunnel for host' "$d/out.txt"; then
        echo "stage: after-ssh (RKE1 accepted the file and tried to SSH to the nodes before failing)"
      else
        echo "stage: before-ssh"
      fi
      echo "tcp-connect-attempts: $(inet_connects "$d/strace.log" | wc -l) (all refused: no network namespace)"
    } > "$fixtures/validation/$c.status.txt"
    # The message a user sees on a terminal: the FATA line (or, if none, the last line).
    strip_ansi < "$d/out-tty.txt" | grep -E '^FATA\[' | sed -E 's/^FATA\[[0-9]+\] /FATA[0000] /' \
      > "$fixtures/validation/$c.expected.txt" || true
    if [ ! -s "$fixtures/validation/$c.expected.txt" ]; then
      strip_ansi < "$d/out-tty.txt" | grep -v '^$' | tail -n1 | sed -E 's/^([A-Z]{4})\[[0-9]+\]/\1[0000]/' \
        > "$fixtures/validation/$c.expected.txt"
    fi
  done
}

# validation/README.md: fixed text + one table row per recorded case.
write_validation_readme() {
  local dir="$fixtures/validation" f c st msg
  {
    cat <<'TEXT'
# RKE1 validation messages (recorded)

Each `<case>.yml` breaks one rule. It was run as `rke up --disable-port-check` in a fresh directory (no
state file, no kubeconfig) inside an empty network namespace (`unshare -n`, traced with strace), twice:
in a pipe (→ `<case>.output.txt`, full log, timestamps replaced by `<TIMESTAMP>`) and on a pseudo-terminal
(→ `<case>.expected.txt`: the `FATA[....]` line a user sees, ANSI colours stripped, counter set to
`[0000]`; logrus pads the terminal message to 44 characters and ends it with one space, kept as printed).
`<case>.status.txt` holds the exit code, the stage where RKE1 stopped and how many TCP connects it tried.

- **stage `before-ssh`**: the message comes from parsing, defaulting or `ValidateCluster` and precedes
  any SSH. These are the messages rke-ts must reproduce for a file check.
- **stage `after-ssh`**: RKE1 accepted the file and started tunnelling to the nodes; in this recording the
  nodes were unreachable, so the final message is about *that*, not about the rule. The rule itself is
  only checked with reachable nodes (see "Checks that need hosts" below).

Exit code is 1 for every case. Regenerate with `test/compat/record-rke1-fixtures.sh validation`.

| Case | Stage | Message (terminal form) |
|---|---|---|
TEXT
    for f in "$dir"/*.yml; do
      c="$(basename "$f" .yml)"
      st="$(sed -n 2p "$dir/$c.status.txt" | cut -d' ' -f2)"
      msg="$(sed -E 's/ +$//; s/\|/\\|/g' "$dir/$c.expected.txt")"
      echo "| \`$c\` | $st | \`$msg\` |"
    done
    cat <<'TEXT'

## Checks that need hosts (not reproducible without reachable nodes)

Read from the source of the same commit; these run after `TunnelHosts` (SSH + `docker info`):

| Case | Where | What a user with reachable nodes gets |
|---|---|---|
| `no-etcd-host` | `cluster.ValidateHostCount`, called at the end of `TunnelHosts` | `Cluster must have at least one etcd plane host: please specify one or more etcd in cluster config` (the same text as recorded, but for a different reason: in the recording every host was dropped as unreachable). When some etcd hosts are unreachable: `...: failed to connect to the following etcd host(s) [<addr>]` — it lists only the **first** inactive host (the `return` sits inside the loop). |
| `internal-and-external-etcd` | `ValidateHostCount` | `Cluster can't have both internal and external etcd` |
| `max-unavailable-worker-zero`, `max-unavailable-controlplane-negative` | `services.CalculateMaxUnavailable`, called from `ClusterUp` **only when a current cluster exists** (upgrade/reconcile) | `invalid input for max_unavailable_worker: 0, value must be > 0` / `invalid input for max_unavailable_controlplane: -1, value must be > 0`. A first `rke up` on new nodes never checks these values. |
TEXT
  } > "$dir/README.md"
}

record_questionnaire() {
  local out="$fixtures/config-questionnaire"
  mkdir -p "$out"
  local d="$work/q-defaults"; mkdir -p "$d"
  python3 "$here/rke1_questionnaire.py" "$RKE1_BIN" "$d" "$out/defaults.transcript.txt"
  cp "$d/cluster.yml" "$out/defaults.cluster.yml"
  stat -c '%a' "$d/cluster.yml" > "$out/defaults.mode.txt"
  # Two hosts, answers typed for every question that has no useful default.
  d="$work/q-two-hosts"; mkdir -p "$d"
  python3 "$here/rke1_questionnaire.py" "$RKE1_BIN" "$d" "$out/two-hosts.transcript.txt" \
    "/keys/cluster_rsa" "2" \
    "10.213.0.71" "" "/keys/node1_rsa" "rke" "y" "n" "y" "cp1" "10.213.1.71" "" \
    "10.213.0.72" "2222" "" "" "core" "n" "y" "n" "" "" "/run/docker.sock" \
    "calico" "" "" "" "" "" "" "" "y" "https://example.invalid/addon.yaml" "y" "/tmp/local-addon.yaml" "n"
  cp "$d/cluster.yml" "$out/two-hosts.cluster.yml"
}

# Throwaway SSH keys the fixture cluster.yml files point at (never used against a real host: every
# run is in an empty network namespace). Without a readable key RKE1 fails before dialing at all.
ensure_fake_keys() {
  local k=/var/cache/rke-ts/fake-keys
  mkdir -p "$k"
  [ -f "$k/id_rsa" ] || ssh-keygen -q -t rsa -b 2048 -N '' -C rke-ts-fake -f "$k/id_rsa"
  [ -f "$k/bastion_rsa" ] || ssh-keygen -q -t rsa -b 2048 -N '' -C rke-ts-fake-bastion -f "$k/bastion_rsa"
}
ensure_fake_keys

what="${1:-all}"
case "$what" in
  cli) record_cli ;;
  init) record_init ;;
  legacy-check) record_legacy_check ;;
  validation) record_validation; write_validation_readme ;;
  questionnaire) record_questionnaire ;;
  all) record_cli; record_legacy_check; record_init; record_validation; write_validation_readme; record_questionnaire ;;
  *) echo "unknown part: $what" >&2; exit 2 ;;
esac
