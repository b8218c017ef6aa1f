/**
 * rke-ts's own hardening checks, one per CIS recommendation it can verify from a node's facts. `cis`
 * is the id of the same recommendation in kube-bench's `rke-cis-1.7` benchmark (what the agreement
 * test compares); checks without one are rke-ts's own (the profile's promises kube-bench does not test).
 */
import { parse as parseYaml } from 'yaml';
import { ETCD_ACCOUNT, REQUIRED_SYSCTLS, STRONG_TLS_CIPHER_SUITES } from '../profile/cis.js';
import type { ContainerFact, FileFact, NodeFacts, NodeRole } from './facts.js';
import { listFlag, modeWithin, octal, parseFlags } from './flags.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Verdict {
  status: CheckStatus;
  detail: string;
}

export interface AuditCheck {
  id: string;
  /** kube-bench rke-cis-1.7 test number, when kube-bench checks the same thing. */
  cis?: string;
  title: string;
  /** The check runs on nodes with any of these roles. */
  roles: readonly NodeRole[];
  evaluate(node: NodeFacts): Verdict;
}

const pass = (detail: string): Verdict => ({ status: 'pass', detail });
const fail = (detail: string): Verdict => ({ status: 'fail', detail });
const warn = (detail: string): Verdict => ({ status: 'warn', detail });
const skip = (detail: string): Verdict => ({ status: 'skip', detail });
const verdict = (ok: boolean, detail: string): Verdict => (ok ? pass(detail) : fail(detail));

type Component = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubelet';

/** A check over one component's flags; a component that does not run there fails the check. */
function flagCheck(
  id: string,
  component: Component,
  roles: readonly NodeRole[],
  title: string,
  test: (flags: Map<string, string>) => Verdict,
  cis: string | undefined = id,
): AuditCheck {
  return {
    id,
    ...(cis ? { cis } : {}),
    title,
    roles,
    evaluate(node) {
      const container: ContainerFact | undefined = node.containers[component];
      if (!container?.running) return fail(`${component} is not running`);
      return test(parseFlags(container.args));
    },
  };
}

const shown = (flags: Map<string, string>, name: string) => (flags.has(name) ? `--${name}=${flags.get(name)}` : `--${name} not set`);
const equals = (name: string, value: string) => (f: Map<string, string>) => verdict(f.get(name) === value, shown(f, name));
const isSet = (...names: string[]) => (f: Map<string, string>) =>
  verdict(names.every((n) => (f.get(n) ?? '') !== ''), names.map((n) => shown(f, n)).join(', '));
const notTrue = (name: string) => (f: Map<string, string>) => verdict(f.get(name) !== 'true', shown(f, name));
const unsetOr = (name: string, ok: (v: string) => boolean) => (f: Map<string, string>) =>
  verdict(!f.has(name) || ok(f.get(name) ?? ''), shown(f, name));
const atLeast = (name: string, min: number) => (f: Map<string, string>) => verdict(Number(f.get(name)) >= min, shown(f, name));
const listHas = (name: string, value: string) => (f: Map<string, string>) => verdict(listFlag(f, name).includes(value), shown(f, name));
const listLacks = (name: string, value: string) => (f: Map<string, string>) => verdict(!listFlag(f, name).includes(value), shown(f, name));
const strongCiphers = (f: Map<string, string>) => {
  const suites = listFlag(f, 'tls-cipher-suites');
  const strong = new Set<string>(STRONG_TLS_CIPHER_SUITES);
  const weak = suites.filter((s) => !strong.has(s));
  if (suites.length === 0) return fail('--tls-cipher-suites not set (Go defaults include CBC and RSA key exchange suites)');
  return verdict(weak.length === 0, weak.length ? `weak suites: ${weak.join(',')}` : `${suites.length} ECDHE AEAD suites`);
};

const ETCD: readonly NodeRole[] = ['etcd'];
const CP: readonly NodeRole[] = ['controlplane'];
const ALL: readonly NodeRole[] = ['etcd', 'controlplane', 'worker'];

const SSL_DIR = '/etc/kubernetes/ssl';
const ETCD_DATA_DIR = '/var/lib/etcd';

function fileCheck(id: string, roles: readonly NodeRole[], title: string, path: string, test: (f: FileFact, node: NodeFacts) => Verdict): AuditCheck {
  return {
    id,
    cis: id,
    title,
    roles,
    evaluate(node) {
      const file = node.files[path];
      return file ? test(file, node) : skip(`${path} does not exist`);
    },
  };
}

const modeAtMost = (max: number) => (f: FileFact) => verdict(modeWithin(f.mode, max), `${f.path} ${octal(f.mode)}`);
const rootOwned = (f: FileFact) => verdict(f.user === 'root' && f.group === 'root', `${f.path} ${f.user}:${f.group}`);

/** etcd's user from its container (RKE1 runs it as `uid:uid`; '' or 0 = root). */
function etcdUid(node: NodeFacts): number | undefined {
  const user = node.containers.etcd?.user ?? '';
  const uid = Number(user.split(':')[0]);
  return user !== '' && Number.isInteger(uid) && uid !== 0 ? uid : undefined;
}

/**
 * kube-ca.pem: 600 or stricter, except that an etcd running as a non-root user must read it; RKE's
 * cert-deployer then makes it 644 (a CA certificate is public). Reported as an accepted exception.
 */
function caFileMode(f: FileFact, node: NodeFacts): Verdict {
  if (modeWithin(f.mode, 0o600)) return pass(`${f.path} ${octal(f.mode)}`);
  if (etcdUid(node) !== undefined && f.mode === 0o644) {
    return warn(`${f.path} ${octal(f.mode)}: readable by the non-root etcd (uid ${etcdUid(node)}); accepted exception`);
  }
  return fail(`${f.path} ${octal(f.mode)}`);
}

function pkiOwnership(node: NodeFacts): Verdict {
  const dir = node.files[SSL_DIR];
  if (!dir) return skip(`${SSL_DIR} does not exist`);
  const bad: string[] = [];
  if (dir.user !== 'root' || dir.group !== 'root') bad.push(`${dir.path} ${dir.user}:${dir.group}`);
  for (const f of Object.values(node.files)) {
    if (!f.path.startsWith(`${SSL_DIR}/`) || f.path.slice(SSL_DIR.length + 1).includes('/')) continue;
    const owner = `${f.user}:${f.group}`;
    const etcdFile = f.path.slice(SSL_DIR.length + 1).startsWith('kube-etcd-');
    if (owner !== 'root:root' && !(etcdFile && owner === `${ETCD_ACCOUNT}:${ETCD_ACCOUNT}`)) bad.push(`${f.path} ${owner}`);
  }
  return verdict(bad.length === 0, bad.length ? bad.join(', ') : `${SSL_DIR} and its files root:root (etcd's own: etcd:etcd)`);
}

function pemModes(keys: boolean): (node: NodeFacts) => Verdict {
  return (node) => {
    const files = Object.values(node.files).filter(
      (f) => f.path.startsWith(`${SSL_DIR}/`) && f.path.endsWith('.pem') && f.path.endsWith('key.pem') === keys,
    );
    if (files.length === 0) return skip(`no ${keys ? 'key' : 'certificate'} files in ${SSL_DIR}`);
    const loose = files.filter((f) => !modeWithin(f.mode, 0o600));
    const exception = loose.every((f) => f.path.endsWith('/kube-ca.pem')) && loose.length > 0 && etcdUid(node) !== undefined;
    if (loose.length === 0) return pass(`${files.length} files 600 or stricter`);
    const list = loose.map((f) => `${f.path} ${octal(f.mode)}`).join(', ');
    return exception ? warn(`${list}: readable by the non-root etcd; accepted exception`) : fail(list);
  };
}

function etcdDataOwner(node: NodeFacts): Verdict {
  const dir = node.files[ETCD_DATA_DIR];
  if (!dir) return fail(`${ETCD_DATA_DIR} does not exist`);
  const uid = etcdUid(node);
  if (uid === undefined) return fail(`etcd runs as root (${ETCD_DATA_DIR} ${dir.user}:${dir.group})`);
  const account = node.accounts.users[ETCD_ACCOUNT];
  const named = dir.user === ETCD_ACCOUNT && dir.group === ETCD_ACCOUNT && account === uid;
  return verdict(dir.uid === uid && named, `etcd runs as uid ${uid}; ${ETCD_DATA_DIR} ${dir.user}:${dir.group} (${dir.uid}:${dir.gid})`);
}

interface AdmissionConfig {
  plugins?: { name?: string; configuration?: { defaults?: { enforce?: string } } }[];
}

/** `enforce` of the PodSecurity plugin's defaults in an AdmissionConfiguration (undefined if absent or unparsable). */
export function podSecurityEnforce(content: string): string | undefined {
  let doc: AdmissionConfig | undefined;
  try {
    doc = parseYaml(content) as AdmissionConfig | undefined;
  } catch {
    return undefined;
  }
  return doc?.plugins?.find((p) => p.name === 'PodSecurity')?.configuration?.defaults?.enforce;
}

function podSecurityRestricted(node: NodeFacts): Verdict {
  const api = node.containers['kube-apiserver'];
  if (!api?.running) return fail('kube-apiserver is not running');
  const file = parseFlags(api.args).get('admission-control-config-file');
  if (!file) return fail('--admission-control-config-file not set: PodSecurity runs with its privileged default');
  const content = node.files[file]?.content;
  if (content === undefined) return warn(`${file} could not be read`);
  const enforce = podSecurityEnforce(content);
  return verdict(enforce === 'restricted', `PodSecurity enforce: ${enforce ?? 'not configured'}`);
}

function kernelDefaults(node: NodeFacts): Verdict {
  const kubelet = node.containers.kubelet;
  if (!kubelet?.running) return fail('kubelet is not running');
  const protect = parseFlags(kubelet.args).get('protect-kernel-defaults');
  const wrong = Object.entries(REQUIRED_SYSCTLS)
    .filter(([name, value]) => node.sysctls[name] !== value)
    .map(([name, value]) => `${name}=${node.sysctls[name] ?? '?'} (needs ${value})`);
  if (protect !== 'true') return fail(`--protect-kernel-defaults=${protect ?? 'false'}${wrong.length ? `; ${wrong.join(', ')}` : ''}`);
  return verdict(wrong.length === 0, wrong.length ? wrong.join(', ') : 'kubelet protects kernel defaults; sysctls as required');
}

export const CHECKS: readonly AuditCheck[] = [
  // 1.1 control plane node files
  fileCheck('1.1.11', ETCD, 'etcd data directory permissions 700 or stricter', ETCD_DATA_DIR, modeAtMost(0o700)),
  { id: 'RKE-1.1.12', title: 'etcd runs as a non-root user that owns its data directory (etcd:etcd)', roles: ETCD, evaluate: etcdDataOwner },
  { id: '1.1.19', cis: '1.1.19', title: 'PKI directory and files owned by root:root', roles: CP, evaluate: pkiOwnership },
  { id: '1.1.20', cis: '1.1.20', title: 'PKI certificate files 600 or stricter', roles: CP, evaluate: pemModes(false) },
  { id: '1.1.21', cis: '1.1.21', title: 'PKI key files 600', roles: CP, evaluate: pemModes(true) },
  // 1.2 API server
  flagCheck('1.2.1', 'kube-apiserver', CP, 'API server --anonymous-auth=false', equals('anonymous-auth', 'false')),
  flagCheck('1.2.2', 'kube-apiserver', CP, 'API server --token-auth-file not set', (f) => verdict(!f.has('token-auth-file'), shown(f, 'token-auth-file'))),
  flagCheck('1.2.4', 'kube-apiserver', CP, 'API server kubelet client certificate and key', isSet('kubelet-client-certificate', 'kubelet-client-key')),
  flagCheck('1.2.6', 'kube-apiserver', CP, 'API server authorization mode not AlwaysAllow', (f) =>
    verdict(f.has('authorization-mode') && !listFlag(f, 'authorization-mode').includes('AlwaysAllow'), shown(f, 'authorization-mode'))),
  flagCheck('1.2.7', 'kube-apiserver', CP, 'API server authorization mode includes Node', listHas('authorization-mode', 'Node')),
  flagCheck('1.2.8', 'kube-apiserver', CP, 'API server authorization mode includes RBAC', listHas('authorization-mode', 'RBAC')),
  flagCheck('1.2.9', 'kube-apiserver', CP, 'admission plugin EventRateLimit enabled', listHas('enable-admission-plugins', 'EventRateLimit')),
  flagCheck('1.2.10', 'kube-apiserver', CP, 'admission plugin AlwaysAdmit not enabled', listLacks('enable-admission-plugins', 'AlwaysAdmit')),
  flagCheck('1.2.13', 'kube-apiserver', CP, 'admission plugin ServiceAccount not disabled', listLacks('disable-admission-plugins', 'ServiceAccount')),
  flagCheck('1.2.14', 'kube-apiserver', CP, 'admission plugin NamespaceLifecycle not disabled', listLacks('disable-admission-plugins', 'NamespaceLifecycle')),
  flagCheck('1.2.15', 'kube-apiserver', CP, 'admission plugin NodeRestriction enabled', listHas('enable-admission-plugins', 'NodeRestriction')),
  flagCheck('1.2.16', 'kube-apiserver', CP, 'API server --secure-port not 0', unsetOr('secure-port', (v) => Number(v) > 0)),
  flagCheck('1.2.17', 'kube-apiserver', CP, 'API server --profiling=false', equals('profiling', 'false')),
  flagCheck('1.2.18', 'kube-apiserver', CP, 'audit log path set', isSet('audit-log-path')),
  flagCheck('1.2.19', 'kube-apiserver', CP, 'audit log kept 30 days or more', atLeast('audit-log-maxage', 30)),
  flagCheck('1.2.20', 'kube-apiserver', CP, 'audit log keeps 10 backups or more', atLeast('audit-log-maxbackup', 10)),
  flagCheck('1.2.21', 'kube-apiserver', CP, 'audit log rotated at 100 MB or more', atLeast('audit-log-maxsize', 100)),
  flagCheck('1.2.23', 'kube-apiserver', CP, 'API server --service-account-lookup=true', unsetOr('service-account-lookup', (v) => v === 'true')),
  flagCheck('1.2.24', 'kube-apiserver', CP, 'API server --service-account-key-file set', isSet('service-account-key-file')),
  flagCheck('1.2.25', 'kube-apiserver', CP, 'API server etcd client certificate and key', isSet('etcd-certfile', 'etcd-keyfile')),
  flagCheck('1.2.26', 'kube-apiserver', CP, 'API server serving certificate and key', isSet('tls-cert-file', 'tls-private-key-file')),
  flagCheck('1.2.27', 'kube-apiserver', CP, 'API server --client-ca-file set', isSet('client-ca-file')),
  flagCheck('1.2.28', 'kube-apiserver', CP, 'API server --etcd-cafile set', isSet('etcd-cafile')),
  flagCheck('RKE-1.2.29', 'kube-apiserver', CP, 'Secrets encrypted at rest (--encryption-provider-config)', isSet('encryption-provider-config'), undefined),
  flagCheck('1.2.31', 'kube-apiserver', CP, 'API server uses strong TLS cipher suites only', strongCiphers),
  { id: 'RKE-PSA', title: 'PodSecurity admission enforces restricted by default', roles: CP, evaluate: podSecurityRestricted },
  // 1.3 controller manager, 1.4 scheduler
  flagCheck('1.3.1', 'kube-controller-manager', CP, 'controller manager --terminated-pod-gc-threshold set', isSet('terminated-pod-gc-threshold')),
  flagCheck('1.3.2', 'kube-controller-manager', CP, 'controller manager --profiling=false', equals('profiling', 'false')),
  flagCheck('1.3.3', 'kube-controller-manager', CP, 'controller manager uses service account credentials', (f) =>
    verdict(f.get('use-service-account-credentials') !== 'false' && f.has('use-service-account-credentials'), shown(f, 'use-service-account-credentials'))),
  flagCheck('1.3.4', 'kube-controller-manager', CP, 'controller manager --service-account-private-key-file set', isSet('service-account-private-key-file')),
  flagCheck('1.3.5', 'kube-controller-manager', CP, 'controller manager --root-ca-file set', isSet('root-ca-file')),
  flagCheck('1.3.7', 'kube-controller-manager', CP, 'controller manager binds to 127.0.0.1', equals('bind-address', '127.0.0.1')),
  flagCheck('1.4.1', 'kube-scheduler', CP, 'scheduler --profiling=false', equals('profiling', 'false')),
  flagCheck('1.4.2', 'kube-scheduler', CP, 'scheduler binds to 127.0.0.1', equals('bind-address', '127.0.0.1')),
  // 2 etcd
  flagCheck('2.1', 'etcd', ETCD, 'etcd client certificate and key', isSet('cert-file', 'key-file')),
  flagCheck('2.2', 'etcd', ETCD, 'etcd --client-cert-auth=true', equals('client-cert-auth', 'true')),
  flagCheck('2.3', 'etcd', ETCD, 'etcd --auto-tls not true', notTrue('auto-tls')),
  flagCheck('2.4', 'etcd', ETCD, 'etcd peer certificate and key', isSet('peer-cert-file', 'peer-key-file')),
  flagCheck('2.5', 'etcd', ETCD, 'etcd --peer-client-cert-auth=true', equals('peer-client-cert-auth', 'true')),
  flagCheck('2.6', 'etcd', ETCD, 'etcd --peer-auto-tls not true', notTrue('peer-auto-tls')),
  flagCheck('2.7', 'etcd', ETCD, 'etcd --trusted-ca-file set', isSet('trusted-ca-file')),
  // 3.2 logging
  flagCheck('3.2.1', 'kube-apiserver', CP, 'audit policy file set', isSet('audit-policy-file')),
  // 4.1 worker node files
  fileCheck('4.1.3', ALL, 'kube-proxy kubeconfig 600 or stricter', `${SSL_DIR}/kubecfg-kube-proxy.yaml`, modeAtMost(0o600)),
  fileCheck('4.1.4', ALL, 'kube-proxy kubeconfig owned by root:root', `${SSL_DIR}/kubecfg-kube-proxy.yaml`, rootOwned),
  fileCheck('4.1.5', ALL, 'kubelet kubeconfig 600 or stricter', `${SSL_DIR}/kubecfg-kube-node.yaml`, modeAtMost(0o600)),
  fileCheck('4.1.6', ALL, 'kubelet kubeconfig owned by root:root', `${SSL_DIR}/kubecfg-kube-node.yaml`, rootOwned),
  fileCheck('4.1.7', ALL, 'CA file 600 or stricter', `${SSL_DIR}/kube-ca.pem`, caFileMode),
  fileCheck('4.1.8', ALL, 'CA file owned by root:root', `${SSL_DIR}/kube-ca.pem`, rootOwned),
  // 4.2 kubelet
  flagCheck('4.2.1', 'kubelet', ALL, 'kubelet --anonymous-auth=false', equals('anonymous-auth', 'false')),
  flagCheck('4.2.2', 'kubelet', ALL, 'kubelet authorization mode not AlwaysAllow', (f) =>
    verdict(f.has('authorization-mode') && !listFlag(f, 'authorization-mode').includes('AlwaysAllow'), shown(f, 'authorization-mode'))),
  flagCheck('4.2.3', 'kubelet', ALL, 'kubelet --client-ca-file set', isSet('client-ca-file')),
  flagCheck('4.2.4', 'kubelet', ALL, 'kubelet read-only port off', unsetOr('read-only-port', (v) => v === '0')),
  flagCheck('4.2.5', 'kubelet', ALL, 'kubelet streaming connection idle timeout not 0', unsetOr('streaming-connection-idle-timeout', (v) => v !== '0')),
  flagCheck('4.2.6', 'kubelet', ALL, 'kubelet --make-iptables-util-chains=true', unsetOr('make-iptables-util-chains', (v) => v === 'true')),
  flagCheck('4.2.10', 'kubelet', ALL, 'kubelet --rotate-certificates not false', unsetOr('rotate-certificates', (v) => v !== 'false')),
  flagCheck('RKE-4.2.12', 'kubelet', ALL, 'kubelet uses strong TLS cipher suites only', strongCiphers, undefined),
  { id: 'RKE-KERNEL', title: 'kubelet --protect-kernel-defaults with the sysctls it requires', roles: ALL, evaluate: kernelDefaults },
];
