/**
 * The files RKE1 deploys with file-deployer, computed once per cluster (cluster/hosts.go SetUpHosts):
 * which hosts get them and the exact content (whose md5 some containers carry in their env).
 */
import { md5Hex } from './files/checksum.js';
import { ADMISSION_CONFIG_PATH, admissionConfigYaml } from './files/admission.js';
import { AUDIT_POLICY_PATH, auditPolicyYaml } from './files/audit-policy.js';
import { AUTHN_WEBHOOK_PATH } from './files/authn-webhook.js';
import { CLOUD_CONFIG_PATH } from './files/cloud-config.js';
import { ENCRYPTION_PROVIDER_PATH } from './files/encryption.js';
import { onHost, type ClusterContext, type HostContext } from './context.js';
import type { FileSpec } from './types.js';

export interface GeneratedFile {
  path: string;
  content: string;
  checksum: string;
  /** Which hosts receive it. */
  scope: 'all' | 'controlplane';
}

export interface ClusterFiles {
  /** Absent when the user passes `admission-control-config-file` in kube-api extra_args. */
  admission?: GeneratedFile;
  /** Present whenever the audit log is enabled (its checksum is in kube-apiserver's env). */
  auditPolicy?: GeneratedFile;
  /** False when the user passes `audit-policy-file` in extra_args: the file is then not deployed. */
  deployAuditPolicy: boolean;
  cloudConfig?: GeneratedFile;
  authnWebhook?: GeneratedFile;
  encryption?: GeneratedFile;
}

function generated(path: string, content: string, scope: GeneratedFile['scope']): GeneratedFile {
  return { path, content, checksum: md5Hex(content), scope };
}

export function buildClusterFiles(ctx: ClusterContext): ClusterFiles {
  const api = ctx.services.kubeApi;
  const files: ClusterFiles = { deployAuditPolicy: !('audit-policy-file' in api.extraArgs) };
  if (!('admission-control-config-file' in api.extraArgs)) {
    const content = admissionConfigYaml({
      kubernetesVersion: ctx.version,
      userPlugins: api.raw.admission_configuration?.plugins ?? [],
      eventRateLimit: api.raw.event_rate_limit,
      podSecurityConfiguration: api.podSecurityConfiguration,
    });
    files.admission = generated(ADMISSION_CONFIG_PATH, content, 'controlplane');
  }
  if (api.auditLog.enabled) {
    files.auditPolicy = generated(AUDIT_POLICY_PATH, auditPolicyYaml(api.auditLog.configuration?.policy), 'controlplane');
  }
  if (ctx.cloud.name !== '') files.cloudConfig = generated(CLOUD_CONFIG_PATH, ctx.cloud.configFile, 'all');
  if (ctx.webhook) files.authnWebhook = generated(AUTHN_WEBHOOK_PATH, ctx.webhook.configFile, 'all');
  if (ctx.encryptionProviderFile !== '') {
    files.encryption = generated(ENCRYPTION_PROVIDER_PATH, ctx.encryptionProviderFile, 'controlplane');
  }
  return files;
}

/** The files one host must have, in RKE1's deploy order. */
export function filesForHost(files: ClusterFiles, host: HostContext): FileSpec[] {
  const list: GeneratedFile[] = [];
  if (files.cloudConfig) list.push(files.cloudConfig);
  if (files.authnWebhook) list.push(files.authnWebhook);
  if (files.encryption) list.push(files.encryption);
  if (files.admission) list.push(files.admission);
  if (files.auditPolicy && files.deployAuditPolicy) list.push(files.auditPolicy);
  return list
    .filter((f) => f.scope === 'all' || host.isControl)
    .map((f) => ({
      path: f.path,
      hostPath: onHost(host, f.path),
      content: f.content,
      mode: 0o600,
      deployer: 'file-deployer' as const,
      checksum: f.checksum,
    }));
}
