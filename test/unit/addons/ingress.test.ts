import { describe, expect, it } from 'vitest';
import { ingressDeleteBefore, ingressExtraArgs, ingressImageVersion } from '../../../src/addons/index.js';

describe('ingress-nginx version rules (RKE1 deployIngress)', () => {
  it('reads the controller version from both tag formats', () => {
    expect(ingressImageVersion('rancher/nginx-ingress-controller:nginx-1.14.5-rancher1')).toBe('1.14.5');
    expect(ingressImageVersion('rancher/nginx-ingress-controller:0.21.0-rancher3')).toBe('0.21.0');
    expect(ingressImageVersion('registry.local:5000/nginx-ingress-controller:nginx-1.9.6-rancher1')).toBe('1.9.6');
    expect(ingressImageVersion('no-tag')).toBeUndefined();
  });

  it('adds watch-ingress-without-class=true for controllers >= 1.1.0 unless the user set it', () => {
    const image = 'rancher/nginx-ingress-controller:nginx-1.14.5-rancher1';
    expect(ingressExtraArgs({}, image)).toEqual({ 'watch-ingress-without-class': 'true' });
    expect(ingressExtraArgs({ extra_args: { 'watch-ingress-without-class': 'false', b: '1', a: '' } }, image)).toEqual({
      a: '',
      b: '1',
      'watch-ingress-without-class': 'false',
    });
    expect(ingressExtraArgs({}, 'rancher/nginx-ingress-controller:0.35.0-rancher2')).toEqual({});
  });

  it('deletes the admission jobs only for controllers newer than 0.40.0 (string comparison, as RKE1)', () => {
    expect(ingressDeleteBefore('rancher/nginx-ingress-controller:nginx-1.14.5-rancher1').map((r) => r.name)).toEqual([
      'ingress-nginx-admission-create',
      'ingress-nginx-admission-patch',
    ]);
    expect(ingressDeleteBefore('rancher/nginx-ingress-controller:0.35.0-rancher2')).toEqual([]);
  });
});
