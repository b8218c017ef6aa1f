/**
 * RKE1's replace-or-keep decision (docker/docker.go IsContainerUpgradable), with the reasons kept
 * field by field so `rke plan` can say why. Compared: image string; Entrypoint, Cmd, Binds and
 * SecurityOpt as sets; Env as set(container) == set(desired ∪ image default env). A SecurityOpt
 * difference of exactly `label=disable` (Docker adds it to unlabeled containers) is ignored.
 * Network/pid mode, privileged, restart policy and labels are not compared, as in RKE1.
 */
import type { ContainerSpec } from './types.js';

/** The part of `docker inspect <container>` the comparison reads (dockerode ContainerInspectInfo shape). */
export interface ObservedContainer {
  Config: {
    Image: string;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
    Env?: string[] | null;
  };
  HostConfig: {
    Binds?: string[] | null;
    SecurityOpt?: string[] | null;
  };
}

export type ComparedField = 'image' | 'entrypoint' | 'cmd' | 'env' | 'binds' | 'securityOpt' | 'imageMissing';

export interface FieldDiff {
  field: ComparedField;
  old: string | string[];
  new: string | string[];
  /** Set members only in the desired value. */
  added?: string[];
  /** Set members only in the running container. */
  removed?: string[];
}

export interface UpgradeCheck {
  upgradable: boolean;
  diffs: FieldDiff[];
}

const asList = (v: string[] | string | null | undefined): string[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

function setDiff(a: readonly string[], b: readonly string[]): string[] {
  const sb = new Set(b);
  return [...new Set(a)].filter((x) => !sb.has(x)).sort();
}

function setEqual(a: readonly string[], b: readonly string[]): boolean {
  return setDiff(a, b).length === 0 && setDiff(b, a).length === 0;
}

function listDiff(field: ComparedField, oldV: string[], newV: string[], newSet = newV): FieldDiff | undefined {
  if (setEqual(oldV, newSet)) return undefined;
  return { field, old: oldV, new: newV, added: setDiff(newSet, oldV), removed: setDiff(oldV, newSet) };
}

/**
 * @param imageEnv the image's default env (`docker image inspect` Config.Env), or null when the
 *   desired image is not present on the host (RKE1 then always replaces).
 */
export function isContainerUpgradable(desired: ContainerSpec, actual: ObservedContainer, imageEnv: readonly string[] | null): UpgradeCheck {
  if (imageEnv === null) {
    return { upgradable: true, diffs: [{ field: 'imageMissing', old: actual.Config.Image, new: desired.image }] };
  }
  const diffs: FieldDiff[] = [];
  if (actual.Config.Image !== desired.image) diffs.push({ field: 'image', old: actual.Config.Image, new: desired.image });
  const checks: (FieldDiff | undefined)[] = [
    listDiff('entrypoint', asList(actual.Config.Entrypoint), desired.entrypoint),
    listDiff('cmd', asList(actual.Config.Cmd), desired.cmd),
    listDiff('env', asList(actual.Config.Env), desired.env, [...desired.env, ...imageEnv]),
    listDiff('binds', asList(actual.HostConfig.Binds), desired.binds),
  ];
  for (const c of checks) if (c) diffs.push(c);
  const oldOpts = asList(actual.HostConfig.SecurityOpt);
  if (!setEqual(oldOpts, desired.securityOpt)) {
    const removed = setDiff(oldOpts, desired.securityOpt);
    const onlyDisable = removed.length === 1 && removed[0] === 'label=disable';
    if (!onlyDisable) {
      diffs.push({ field: 'securityOpt', old: oldOpts, new: desired.securityOpt, added: setDiff(desired.securityOpt, oldOpts), removed });
    }
  }
  return { upgradable: diffs.length > 0, diffs };
}
