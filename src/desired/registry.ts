/** Private registry credentials as RKE1 hands them to the kubelet (docker/docker.go GetKubeletDockerConfig). */
import { goJsonString, goJsonStringMap } from './gojson.js';
import type { PrivateRegistryInput } from './input.js';

/** docker config.json `{"auths":{url:{"auth":b64(user:pass)}},"credHelpers":{url:"ecr-login"}}`, empty maps omitted. */
export function kubeletDockerConfig(registries: ReadonlyMap<string, PrivateRegistryInput>): string {
  const auths: Record<string, string> = {};
  const credHelpers: Record<string, string> = {};
  for (const [url, pr] of registries) {
    if (pr.ecr_credential_plugin !== undefined && pr.ecr_credential_plugin !== null) credHelpers[pr.url ?? url] = 'ecr-login';
    else auths[url] = Buffer.from(`${pr.user ?? ''}:${pr.password ?? ''}`, 'utf8').toString('base64');
  }
  const parts: string[] = [];
  const authKeys = Object.keys(auths).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (authKeys.length > 0) {
    parts.push(`"auths":{${authKeys.map((k) => `${goJsonString(k)}:{"auth":${goJsonString(auths[k] ?? '')}}`).join(',')}}`);
  }
  if (Object.keys(credHelpers).length > 0) parts.push(`"credHelpers":${goJsonStringMap(credHelpers)}`);
  return `{${parts.join(',')}}`;
}
