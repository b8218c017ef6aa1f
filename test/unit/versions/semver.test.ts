import { describe, expect, test } from 'vitest';
import { compareVersionTags, parseRange, parseSemVer, versionInRange } from '../../../src/versions/semver.js';
import { phpVersionCompare } from '../../../src/versions/php-version.js';

describe('semver (blang rules used for KDM template ranges)', () => {
  test('-rancherX-Y is one pre-release identifier compared as text', () => {
    expect(parseSemVer('1.32.13-rancher1-2').pre).toEqual(['rancher1-2']);
    expect(compareVersionTags('v1.32.13-rancher1-2', 'v1.32.13-rancher1-1')).toBe(1);
    // ASCII comparison: "rancher10-1" sorts before "rancher2-1"
    expect(compareVersionTags('v1.30.0-rancher10-1', 'v1.30.0-rancher2-1')).toBe(-1);
  });

  test('a pre-release sorts before its release, which KDM range bounds rely on', () => {
    expect(compareVersionTags('v1.31.0-rancher1-1', 'v1.31.0')).toBe(-1);
    expect(compareVersionTags('v1.31.0-rancher0', 'v1.31.0-rancher1-1')).toBe(-1);
    expect(compareVersionTags('v1.30.14-rancher1-1', 'v1.31.0-rancher0')).toBe(-1);
  });

  test('numeric pre-release identifiers compare numerically and before text', () => {
    expect(compareVersionTags('1.0.0-2', '1.0.0-10')).toBe(-1);
    expect(compareVersionTags('1.0.0-alpha', '1.0.0-1')).toBe(1);
    expect(compareVersionTags('1.0.0-alpha', '1.0.0-alpha.1')).toBe(-1);
  });

  test('ranges: AND by whitespace, OR by ||, operator may be followed by a space', () => {
    expect(versionInRange('v1.32.5-rancher1-1', '>=1.32.0-rancher1-1 < 1.32.6-rancher1-1')).toBe(true);
    expect(versionInRange('v1.32.6-rancher1-1', '>=1.32.0-rancher1-1 < 1.32.6-rancher1-1')).toBe(false);
    expect(versionInRange('v1.32.13-rancher1-2', '>=1.32.4-rancher1-1 ')).toBe(true);
    expect(versionInRange('v1.20.1', '<1.0.0 || >=1.20.0')).toBe(true);
    expect(versionInRange('v1.31.14-rancher1-1', '>=1.31.0-rancher0 < 1.31.3-rancher1-1')).toBe(false);
    expect(versionInRange('v1.16.0-rancher1-1', '>=1.16.0-alpha')).toBe(true);
    expect(versionInRange('v1.30.2-rancher1-1', '!=1.30.2-rancher1-1')).toBe(false);
  });

  test('malformed versions and ranges are rejected', () => {
    expect(() => parseSemVer('1.32')).toThrow(/not a semantic version/);
    expect(() => parseSemVer('01.2.3')).toThrow(/leading zero/);
    expect(() => parseRange('>=banana')).toThrow();
  });
});

describe('PHP version_compare (RKE vs KDM bounds, highest patch per minor)', () => {
  test('orders RKE versions against KDM bounds', () => {
    expect(phpVersionCompare('1.8.14', '1.8.0-rc0')).toBe(1);
    expect(phpVersionCompare('1.7.9', '1.8.0-rc0')).toBe(-1);
    expect(phpVersionCompare('1.8.0', '1.8.0-rc0')).toBe(1);
    expect(phpVersionCompare('1.8.0-rc1', '1.8.0-rc0')).toBe(1);
    expect(phpVersionCompare('1.6.99', '1.6.99')).toBe(0);
  });

  test('orders K8s version tags, including patch numbers above 9', () => {
    expect(phpVersionCompare('v1.32.13-rancher1-2', 'v1.32.13-rancher1-1')).toBe(1);
    expect(phpVersionCompare('v1.32.10-rancher1-1', 'v1.32.9-rancher1-1')).toBe(1);
    expect(phpVersionCompare('v1.31.2-rancher2-1', 'v1.31.10-rancher1-1')).toBe(-1);
  });

  test('special words rank dev < alpha < beta < rc < number < pl', () => {
    const ordered = ['1.0-dev', '1.0-alpha', '1.0-beta', '1.0-RC1', '1.0', '1.0-pl1'];
    for (let i = 1; i < ordered.length; i++) expect(phpVersionCompare(ordered[i - 1]!, ordered[i]!)).toBe(-1);
    expect(phpVersionCompare('1.0-a', '1.0-alpha')).toBe(0);
  });
});
