/** `file-deployer` (RKE1 cluster/file-deployer.go): writes or removes one file under /etc/kubernetes. */
import { helperSecurityOpt, k8sAtLeast122 } from '../common.js';
import { onHost, type ClusterContext, type HostContext } from '../context.js';
import { CLOUD_CONFIG_PATH } from '../files/cloud-config.js';
import type { ContainerSpec } from '../types.js';
import { oneShot } from './base.js';

export const FILE_DEPLOYER = 'file-deployer';

/** Empty content removes the file, except cloud-config which may legitimately be empty. */
export function buildFileDeployer(ctx: ClusterContext, host: HostContext, file: { path: string; content: string }): ContainerSpec {
  const write = file.content !== '' || file.path === CLOUD_CONFIG_PATH;
  const cmd = write
    ? ['sh', '-c', `t=$(mktemp); echo -e "$FILE_DEPLOY" > $t && mv $t ${file.path} && chmod 600 ${file.path}`]
    : ['sh', '-c', `rm -f ${file.path}`];
  const newer = k8sAtLeast122(ctx);
  return oneShot({
    name: FILE_DEPLOYER,
    image: ctx.images.alpine,
    cmd,
    env: write ? [`FILE_DEPLOY=${file.content}`] : [],
    binds: [`${onHost(host, '/etc/kubernetes')}:/etc/kubernetes${newer ? '' : ':z'}`],
    securityOpt: helperSecurityOpt(ctx, host),
  });
}

/**
 * The bytes the file-deployer leaves on disk: busybox `echo -e` interprets backslash escapes and
 * appends a newline. Used to compare an observed file with the desired content.
 */
export function fileDeployerOnDisk(content: string): string {
  let out = '';
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c !== '\\' || i === content.length - 1) {
      out += c;
      continue;
    }
    const n = content[i + 1] as string;
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (n in simple) {
      out += simple[n];
      i++;
    } else if (n === 'c') {
      return out;
    } else if (n === '0') {
      const m = /^[0-7]{0,3}/.exec(content.slice(i + 2))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8) & 0xff);
      i += 1 + m.length;
    } else {
      out += c;
    }
  }
  return out + '\n';
}
