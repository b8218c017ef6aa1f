/** /etc/kubernetes/kube-api-authn-webhook.yaml: RKE1's default webhook kubeconfig (templates/authn-webhook.go). */
export const AUTHN_WEBHOOK_PATH = '/etc/kubernetes/kube-api-authn-webhook.yaml';
export const DEFAULT_AUTHN_WEBHOOK_CACHE_TIMEOUT = '5s';

// Byte-exact, including the leading newline RKE1's Go raw string starts with.
export const DEFAULT_AUTHN_WEBHOOK_CONFIG = [
  '',
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '- name: Default',
  '  cluster:',
  '    insecure-skip-tls-verify: true',
  '    server: http://127.0.0.1:6440/v1/authenticate',
  'users:',
  '- name: Default',
  '  user:',
  '    insecure-skip-tls-verify: true',
  'current-context: webhook',
  'contexts:',
  '- name: webhook',
  '  context:',
  '    user: Default',
  '    cluster: Default',
  '',
].join('\n');
