import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { KubeClients } from './client.js';

export const FIELD_MANAGER = 'rke-ts';

/** Splits a multi-document manifest into objects, dropping empty documents and `List` wrappers' shells. */
export function parseManifest(text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw doc.errors[0];
    const value = doc.toJS() as (KubernetesObject & { items?: KubernetesObject[] }) | null;
    if (!value) continue;
    if (value.kind?.endsWith('List') && Array.isArray(value.items)) objects.push(...value.items);
    else objects.push(value);
  }
  return objects;
}

/** Server-side apply of every object in order (namespaces and CRDs first is the manifest's job). */
export async function applyManifest(clients: KubeClients, manifest: string): Promise<KubernetesObject[]> {
  const applied: KubernetesObject[] = [];
  for (const object of parseManifest(manifest)) {
    applied.push(
      await clients.objects.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply),
    );
  }
  return applied;
}
