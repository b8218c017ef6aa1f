#!/bin/sh
# install-cni (the flannel addon's `install-cni` container): put the CNI plugins on the host and the
# network config into the host's CNI config dir, then stay alive as the DaemonSet expects.
#   env CNI_NETWORK_CONFIG  conflist JSON (from the kube-flannel-cfg ConfigMap); default /flannel.conflist.default
#       CNI_CONF_NAME       file name under /host/etc/cni/net.d (default 10-flannel.conflist)
#       SLEEP               "false": exit after installing
set -eu
bin_dir=/host/opt/cni/bin
conf_dir=/host/etc/cni/net.d
if [ -d "$bin_dir" ]; then
  for plugin in /opt/cni/bin/*; do
    # copy next to the target and rename: a running plugin binary cannot be overwritten in place
    cp "$plugin" "$bin_dir/.$(basename "$plugin").tmp"
    mv -f "$bin_dir/.$(basename "$plugin").tmp" "$bin_dir/$(basename "$plugin")"
  done
  echo "install-cni: plugins installed in $bin_dir"
fi
if [ -d "$conf_dir" ]; then
  name=${CNI_CONF_NAME:-10-flannel.conflist}
  if [ -n "${CNI_NETWORK_CONFIG:-}" ]; then
    printf '%s\n' "$CNI_NETWORK_CONFIG" > "$conf_dir/.$name.tmp"
  else
    cp /flannel.conflist.default "$conf_dir/.$name.tmp"
  fi
  mv -f "$conf_dir/.$name.tmp" "$conf_dir/$name"
  echo "install-cni: wrote $conf_dir/$name"
fi
[ "${SLEEP:-true}" = "false" ] && exit 0
while :; do sleep 3600; done
