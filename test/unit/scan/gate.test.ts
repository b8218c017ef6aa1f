/** The CI gate: a new critical fails, baselined ones pass with their reason, fixed ones show as stale. */
import { describe, expect, it } from 'vitest';
import { baselineFor, gate, parseBaseline } from '../../../scan/src/gate.js';
import type { Baseline, Finding } from '../../../scan/src/types.js';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'GO-2026-0001',
  aliases: ['CVE-2026-0001'],
  ecosystem: 'go',
  component: 'rancher/mirrored-coreos-etcd:v3.5.16 /usr/local/bin/etcd',
  package: 'stdlib',
  installed: 'v1.26.8',
  fixed: 'v1.26.9',
  severity: 'critical',
  summary: 'test',
  ...over,
});

const baseline: Baseline = {
  version: 1,
  accepted: [
    { component: 'rancher/mirrored-coreos-etcd:v3.5.16 /usr/local/bin/etcd', ids: ['GO-2026-0001', 'GO-2025-9999'], reason: 'etcd pinned by the version table' },
    { component: 'rke-ts-lab/node:bookworm /usr/sbin/*', ids: ['*'], reason: 'Debian-built binaries: fixed by Debian only' },
  ],
};

describe('scan gate', () => {
  it('passes when every critical is accepted, and reports the reason', () => {
    const r = gate([finding({})], baseline);
    expect(r.newCritical).toEqual([]);
    expect(r.accepted.map((a) => a.reason)).toEqual(['etcd pinned by the version table']);
  });

  it('fails on a fake new critical: unknown id for a known component', () => {
    const fake = finding({ id: 'GO-2026-7777', aliases: ['CVE-2026-7777'], summary: 'fake new critical' });
    const r = gate([finding({}), fake], baseline);
    expect(r.newCritical).toEqual([fake]);
  });

  it('fails on a known id in a new component (a new binary or image)', () => {
    const moved = finding({ component: 'rancher/rke-tools:v0.1.114 /opt/rke-tools/bin/etcdctl' });
    expect(gate([moved], baseline).newCritical).toEqual([moved]);
  });

  it('accepts by alias and by component glob with *', () => {
    expect(gate([finding({ id: 'GO-2026-1234', aliases: ['GO-2025-9999'] })], baseline).newCritical).toEqual([]);
    expect(gate([finding({ component: 'rke-ts-lab/node:bookworm /usr/sbin/dockerd', id: 'GO-2024-0001' })], baseline).newCritical).toEqual([]);
    expect(gate([finding({ component: 'rke-ts-lab/node:bookworm /usr/bin/containerd', id: 'GO-2024-0001' })], baseline).newCritical).toHaveLength(1);
    const alt: Baseline = { version: 1, accepted: [{ component: 'cni:* /opt/cni/bin/{bridge,host-local}', ids: ['*'], reason: 'Debian-built' }] };
    expect(gate([finding({ component: 'cni:v1 /opt/cni/bin/bridge' }), finding({ component: 'cni:v1 /opt/cni/bin/host-local' })], alt).newCritical).toEqual([]);
    expect(gate([finding({ component: 'cni:v1 /opt/cni/bin/flannel' })], alt).newCritical).toHaveLength(1);
    expect(gate([finding({ component: 'cni:v1 /opt/cni/bin/bridgeX' })], alt).newCritical).toHaveLength(1);
  });

  it('only criticals gate; high/moderate findings never fail', () => {
    expect(gate([finding({ id: 'X', severity: 'high' }), finding({ id: 'Y', severity: 'moderate' })], { version: 1, accepted: [] }).newCritical).toEqual([]);
  });

  it('lists baseline ids no longer found as stale', () => {
    expect(gate([finding({})], baseline).stale).toEqual([{ component: 'rancher/mirrored-coreos-etcd:v3.5.16 /usr/local/bin/etcd', id: 'GO-2025-9999' }]);
  });

  it('parseBaseline requires a reason for every entry', () => {
    expect(() => parseBaseline('{"version":1,"accepted":[{"component":"x","ids":["a"],"reason":" "}]}')).toThrow(/accepted\[0\] needs component, ids and a non-empty reason/);
    expect(() => parseBaseline('{"version":1,"accepted":[{"component":"x","ids":["a"],"reason":"TODO: say why"}]}')).toThrow(/accepted\[0\] \(x\) still has a TODO reason/);
    expect(parseBaseline(JSON.stringify(baseline))).toEqual(baseline);
  });

  it('baselineFor groups criticals per component, keeps wildcard entries and earlier reasons', () => {
    const next = baselineFor(
      [finding({}), finding({ id: 'GO-2026-0002' }), finding({ component: 'rke-ts-lab/node:bookworm /usr/sbin/dockerd' }), finding({ component: 'c2', severity: 'moderate' })],
      () => 'TODO',
      baseline,
    );
    expect(next.accepted).toEqual([
      baseline.accepted[1],
      { component: 'rancher/mirrored-coreos-etcd:v3.5.16 /usr/local/bin/etcd', ids: ['GO-2026-0001', 'GO-2026-0002'], reason: 'etcd pinned by the version table' },
    ]);
    expect(gate([finding({}), finding({ id: 'GO-2026-0002' })], next).newCritical).toEqual([]);
  });
});
