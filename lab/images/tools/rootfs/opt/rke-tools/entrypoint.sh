#!/bin/bash
# /opt/rke-tools/entrypoint.sh (rke-tools behaviour): the entrypoint RKE gives every Kubernetes
# container (`entrypoint.sh <component> <flags...>`); it runs in the hyperkube image, mounted from
# the service-sidekick container's /opt/rke-tools volume. It prepares the container for its component
# and then runs it:
#  - kubelet, kube-proxy: pick the iptables backend (legacy or nft) the host already uses;
#    without --hostname-override, use the host name.
#  - kube-proxy with RKE_KUBE_PROXY_BR_NETFILTER=true: load br_netfilter.
#  - kubelet: make the container look like the host (host /dev, writable cgroups, cgroup v1 alias
#    dirs, no leaked submounts of Docker's root), bridge-nf-call-iptables=1, the host's os-release,
#    optional registry credentials (RKE_KUBELET_DOCKER_CONFIG), and with RKE_KUBELET_CRIDOCKERD=true
#    start cri-dockerd next to kubelet; kubelet gets --cgroup-driver from Docker.
# Cloud-provider specifics (AWS metadata host names, Azure config rewriting) are not reproduced: the
# lab has no cloud.
set -x

component=${1:-}

select_iptables_backend() {
  # Like kubernetes-sigs/iptables-wrappers: the backend with more rules is the one the host uses.
  command -v update-alternatives >/dev/null || return 0
  local legacy nft
  legacy=$( (iptables-legacy-save || true; ip6tables-legacy-save || true) 2>/dev/null | grep -c '^-')
  nft=$( (iptables-nft-save || true; ip6tables-nft-save || true) 2>/dev/null | grep -c '^-')
  local mode=nft
  [ "$legacy" -gt "$nft" ] && mode=legacy
  update-alternatives --set iptables "/usr/sbin/iptables-$mode" >/dev/null 2>&1 || true
  update-alternatives --set ip6tables "/usr/sbin/ip6tables-$mode" >/dev/null 2>&1 || true
}

if [ "$component" = "kubelet" ] || [ "$component" = "kube-proxy" ]; then
  select_iptables_backend
  if ! printf '%s\n' "$@" | grep -q -- '--hostname-override'; then
    set -- "$@" "--hostname-override=$(hostname -f 2>/dev/null || hostname)"
  fi
fi

if [ "$component" = "kube-proxy" ] && [ "${RKE_KUBE_PROXY_BR_NETFILTER:-}" = "true" ]; then
  modprobe br_netfilter || true
fi

if [ "$component" != "kubelet" ]; then
  exec "$@"
fi

docker_cli=/opt/rke-tools/bin/docker
cgroup_driver=$($docker_cli info -f '{{.Info.CgroupDriver}}')
cgroup_version=$($docker_cli info -f '{{.Info.CgroupVersion}}')
docker_root=$(DOCKER_API_VERSION=1.24 $docker_cli info -f '{{.Info.DockerRootDir}}')

# Mounts below Docker's root and /run that leaked in through the rslave/rprivate binds (other
# containers' overlays, netns files) would be kept busy by kubelet: unmount them, keeping direct
# children of Docker's root (mounted file systems of its own) and nscd's socket dir.
docker_root_children=$(find -O1 "$docker_root" -maxdepth 1)
for dir in "$docker_root" /var/lib/docker /run /var/run; do
  for m in $(tac /proc/mounts | awk '{print $2}' | grep "^$dir/"); do
    case $m in /var/run/nscd|/run/nscd) continue ;; esac
    if ! grep -qxF "$m" <<<"$docker_root_children"; then
      umount "$m" || true
    fi
  done
done
mount --rbind /host/dev /dev
mount -o rw,remount /sys/fs/cgroup 2>/dev/null || true

if [ "$cgroup_version" = "1" ]; then
  for h in /sys/fs/cgroup/*; do
    [ -d "$h" ] && mkdir -p "$h/kubepods"
  done
  # kubelet (cadvisor) looks for these comma-order variants of the combined hierarchies
  mkdir -p /sys/fs/cgroup/cpuacct,cpu /sys/fs/cgroup/net_prio,net_cls
  mount --bind /sys/fs/cgroup/cpu,cpuacct /sys/fs/cgroup/cpuacct,cpu || true
  mount --bind /sys/fs/cgroup/net_cls,net_prio /sys/fs/cgroup/net_prio,net_cls || true
fi

mkdir -p /opt/cni /etc/cni
chcon -Rt svirt_sandbox_file_t /etc/cni 2>/dev/null || true
chcon -Rt svirt_sandbox_file_t /opt/cni 2>/dev/null || true
sysctl -w net.bridge.bridge-nf-call-iptables=1 || true

for f in /host/usr/lib/os-release /host/etc/os-release /host/usr/share/ros/os-release; do
  if [ -f "$f" ]; then ln -sf "$f" /usr/lib/os-release; break; fi
done

resolv_conf_flag=""
if printf '%s\n' "$@" | grep -qx -- '--resolv-conf=/etc/resolv.conf' \
   && pgrep -f systemd-resolved >/dev/null && [ -f /run/systemd/resolve/resolv.conf ]; then
  resolv_conf_flag=--resolv-conf=/run/systemd/resolve/resolv.conf
fi

if [ -n "${RKE_KUBELET_DOCKER_CONFIG:-}" ]; then
  base64 -d <<<"$RKE_KUBELET_DOCKER_CONFIG" > "$RKE_KUBELET_DOCKER_FILE"
fi

if [ "${RKE_KUBELET_CRIDOCKERD:-}" != "true" ]; then
  exec "$@" --cgroup-driver="$cgroup_driver" $resolv_conf_flag
fi

if [ -n "${RKE_KUBELET_DOCKER_CONFIG:-}" ]; then
  mkdir -p /.docker && touch /.docker/config.json
  mount --bind "$RKE_KUBELET_DOCKER_FILE" /.docker/config.json
fi
pause_flag=$(printf '%s\n' "$@" | grep -- '^--pod-infra-container-image=' | head -1)
endpoint=$(printf '%s\n' "$@" | sed -n 's/^--container-runtime-endpoint=//p' | head -1)
[ "$endpoint" = "/var/run/dockershim.sock" ] && endpoint=unix:///var/run/dockershim.sock
endpoint=${endpoint:-unix:///var/run/cri-dockerd.sock}
dual_stack_flag=""
[ "${RKE_KUBELET_CRIDOCKERD_DUALSTACK:-}" = "true" ] && dual_stack_flag=--ipv6-dual-stack
stream_address=${CRIDOCKERD_STREAM_SERVER_ADDRESS:-127.0.0.1}
stream_port=${CRIDOCKERD_STREAM_SERVER_PORT:-10010}

/opt/rke-tools/bin/cri-dockerd --network-plugin=cni --cni-conf-dir=/etc/cni/net.d --cni-bin-dir=/opt/cni/bin \
  $pause_flag --container-runtime-endpoint="$endpoint" --streaming-bind-addr="$stream_address:$stream_port" \
  $dual_stack_flag &

# kubelet needs cri-dockerd's socket; wait for it (at most 10 s, as long as rke-tools sleeps)
socket=${endpoint#unix://}
for _ in $(seq 1 100); do [ -S "$socket" ] && break; sleep 0.1; done

"$@" --cgroup-driver="$cgroup_driver" $resolv_conf_flag &
# whichever of cri-dockerd and kubelet exits first ends the container, and Docker restarts it
wait -n
exit $?
