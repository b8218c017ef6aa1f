/**
 * Field-by-field comparison of a container RKE1 created (docker inspect, projected) with the
 * ContainerSpec rke-ts builds for it. Every rule that ignores or normalises a field is listed in
 * test/fixtures/rke1/README.md ("Ignored fields") with the reason; keep the two in step.
 */
import type { ContainerSpec } from '../../../src/desired/index.js';
import type { RecordedContainer } from './rke1-fixture.js';

/** Image labels the lab's own image builds carry (lab/images/lib.sh); RKE sets none of them. */
const LAB_IMAGE_LABEL = /^io\.rke-ts\.lab\./;

const sorted = (xs: readonly string[]) => [...xs].sort();
const multisetEqual = (a: readonly string[], b: readonly string[]) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const onlyIn = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/**
 * RKE1 builds a command as [binary words..., flags from a Go map]: the flags come out in random
 * order on every run. The words before the first flag keep their order; the flags are a multiset.
 */
export function splitCommand(cmd: readonly string[]): { words: string[]; flags: string[] } {
  const first = cmd.findIndex((c) => c.startsWith('-'));
  return first < 0 ? { words: [...cmd], flags: [] } : { words: cmd.slice(0, first), flags: cmd.slice(first) };
}

function commandDiff(field: string, recorded: readonly string[], expected: readonly string[]): string[] {
  const r = splitCommand(recorded);
  const e = splitCommand(expected);
  return [...valueDiff(`${field} (words before the first flag)`, r.words, e.words), ...listDiff(`${field} flags`, r.flags, e.flags)];
}

function listDiff(field: string, recorded: readonly string[], expected: readonly string[]): string[] {
  if (multisetEqual(recorded, expected)) return [];
  return [`${field}: only RKE1 ${JSON.stringify(onlyIn(recorded, expected))}, only rke-ts ${JSON.stringify(onlyIn(expected, recorded))}`];
}

function orderedDiff(field: string, recorded: readonly string[], expected: readonly string[]): string[] {
  if (JSON.stringify(recorded) === JSON.stringify(expected)) return [];
  if (multisetEqual(recorded, expected)) return [`${field}: same entries, different order: RKE1 ${JSON.stringify(recorded)} rke-ts ${JSON.stringify(expected)}`];
  return listDiff(field, recorded, expected);
}

function valueDiff(field: string, recorded: unknown, expected: unknown): string[] {
  return JSON.stringify(recorded) === JSON.stringify(expected) ? [] : [`${field}: RKE1 ${JSON.stringify(recorded)}, rke-ts ${JSON.stringify(expected)}`];
}

/** Docker's name for "no network mode given" is `default`. */
const dockerNetworkMode = (mode: string) => (mode === '' ? 'default' : mode);

function portBindings(spec: ContainerSpec): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.portBindings ?? []) (out[p.containerPort] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
  return out;
}

/**
 * Differences between what RKE1 created and what rke-ts would create, one line per field; empty
 * when they agree. `imageEnv` is the image's default Env (Docker merges it into the container's).
 */
export function compareContainer(recorded: RecordedContainer, spec: ContainerSpec, imageEnv: readonly string[]): string[] {
  const d: string[] = [];
  d.push(...valueDiff('image', recorded.image, spec.image));
  // An empty desired entrypoint means "none sent": Docker then shows the image's own.
  if (spec.entrypoint.length > 0) d.push(...commandDiff('entrypoint', recorded.entrypoint ?? [], spec.entrypoint));
  d.push(...commandDiff('cmd', recorded.cmd ?? [], spec.cmd));
  // Docker stores image env + container env; RKE1's own comparison adds the image env the same way.
  const expectedEnv = [...spec.env, ...imageEnv.filter((e) => !spec.env.some((s) => s.split('=')[0] === e.split('=')[0]))];
  d.push(...listDiff('env', recorded.env, expectedEnv));
  d.push(...orderedDiff('binds', recorded.binds ?? [], spec.binds));
  d.push(...orderedDiff('volumesFrom', recorded.volumesFrom ?? [], spec.volumesFrom));
  const labels = Object.fromEntries(Object.entries(recorded.labels).filter(([k]) => !LAB_IMAGE_LABEL.test(k)).sort());
  d.push(...valueDiff('labels', labels, Object.fromEntries(Object.entries(spec.labels).sort())));
  d.push(...valueDiff('networkMode', recorded.networkMode, dockerNetworkMode(spec.networkMode)));
  d.push(...valueDiff('pidMode', recorded.pidMode, spec.pidMode));
  d.push(...valueDiff('privileged', recorded.privileged, spec.privileged));
  d.push(...valueDiff('restartPolicy', recorded.restartPolicy.Name, spec.restartPolicy));
  d.push(...valueDiff('user', recorded.user, spec.user ?? ''));
  // Docker adds `label=disable` to privileged containers itself; RKE1's own comparison ignores it.
  const securityOpt = (recorded.securityOpt ?? []).filter((o) => !(spec.privileged && o === 'label=disable' && !spec.securityOpt.includes(o)));
  d.push(...orderedDiff('securityOpt', securityOpt, spec.securityOpt));
  d.push(...valueDiff('portBindings', recorded.portBindings, portBindings(spec)));
  d.push(...valueDiff('tty', recorded.tty, spec.tty ?? false));
  // Unset in the spec = the engine's default log driver (json-file on the lab nodes).
  if (spec.logDriver !== undefined) d.push(...valueDiff('logDriver', recorded.logDriver, spec.logDriver));
  // A created-but-never-started container (service-sidekick) vs a started one.
  d.push(...valueDiff('started', recorded.state.status !== 'created', spec.start));
  return d.map((line) => `${recorded.name}: ${line}`);
}
