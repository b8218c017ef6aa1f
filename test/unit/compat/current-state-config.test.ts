/** currentStateRkeConfig: RKE1's second defaults pass on the config it records as current. */
import { describe, expect, it } from 'vitest';
import { currentStateRkeConfig } from '../../../src/desired/current-state-config.js';

const first = { maxUnavailableWorker: '10%', maxUnavailableControlplane: '1' };

describe('currentStateRkeConfig', () => {
  it('adds the default node drain input after the max-unavailable values, as RKE1 v1.7.0 records it', () => {
    const out = currentStateRkeConfig({ nodes: [], upgradeStrategy: first, network: {} });
    expect(JSON.stringify(out)).toBe(
      '{"nodes":[],"upgradeStrategy":{"maxUnavailableWorker":"10%","maxUnavailableControlplane":"1",' +
        '"nodeDrainInput":{"ignoreDaemonSets":true,"gracePeriod":-1,"timeout":120}},"network":{}}',
    );
  });

  it('keeps a config whose strategy drains, already has a drain input, or is absent', () => {
    const drain = { upgradeStrategy: { ...first, drain: true } };
    const input = { upgradeStrategy: { ...first, nodeDrainInput: { timeout: 30 } } };
    expect(currentStateRkeConfig(drain)).toBe(drain);
    expect(currentStateRkeConfig(input)).toBe(input);
    expect(currentStateRkeConfig({ nodes: [] })).toEqual({ nodes: [] });
    expect(currentStateRkeConfig(undefined)).toBeUndefined();
  });

  it('does not modify its argument', () => {
    const config = { upgradeStrategy: { ...first } };
    currentStateRkeConfig(config);
    expect(config).toEqual({ upgradeStrategy: first });
  });
});
