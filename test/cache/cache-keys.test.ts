import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CACHE_TTL_MS,
  cacheKeys,
  keyKind,
  keyPart,
  manifestTtlMs,
  scanFindingsTtlMs,
} from '../../src/cache/cache-keys.js';
import type { ScanFindings } from '../../src/domain/facts.js';

const prod = { name: 'prod', region: 'eu-west-1', accountId: '123456789012' };
const digest = `sha256:${'ab'.repeat(32)}`;

describe('cacheKeys', () => {
  it('builds ecrscan:v1:<kind>:<account>:<region>:<...> keys', () => {
    const keys = cacheKeys(prod);
    expect(keys.registryScanning()).toBe('ecrscan:v1:registry-scanning:123456789012:eu-west-1');
    expect(keys.image('team/payments-api', { imageTag: '1.4.2' })).toBe(
      'ecrscan:v1:image:123456789012:eu-west-1:team/payments-api:tag:1.4.2',
    );
    expect(keys.scanFindings('team/payments-api', { imageDigest: digest, imageTag: '1.4.2' })).toBe(
      `ecrscan:v1:scan-findings:123456789012:eu-west-1:team/payments-api:digest:sha256%3A${'ab'.repeat(32)}`,
    );
    expect(keys.coverage()).toBe('ecrscan:v1:coverage:123456789012:eu-west-1:*:*');
    expect(keys.accountStatus()).toBe('ecrscan:v1:account-status:123456789012:eu-west-1:@self');
    expect(keys.accountStatus(['222222222222', '111111111111'])).toBe(
      'ecrscan:v1:account-status:123456789012:eu-west-1:111111111111,222222222222',
    );
  });

  it('never lets two targets share a key', () => {
    const targets = [
      prod,
      { ...prod, region: 'us-east-1' },
      { ...prod, accountId: '210987654321' },
      { name: 'prod', region: 'eu-west-1' },
      { name: '123456789012', region: 'eu-west-1' },
    ];
    const keys = targets.map((t) => cacheKeys(t).image('repo', { imageTag: 'latest' }));
    expect(new Set(keys).size).toBe(targets.length);
  });

  it.each([
    ['a colon in a tag', { imageTag: 'x:digest:sha256' }, 'repo'],
    ['a colon in a repository', { imageTag: 'x' }, 'repo:tag:x'],
    ['a star posing as "all images"', { imageTag: '*' }, 'repo'],
  ])('keeps one segment per part with %s', (_case, imageId, repo) => {
    const key = cacheKeys(prod).coverage(repo, imageId);
    expect(key.split(':')).toHaveLength(8);
    expect(key).not.toBe(cacheKeys(prod).coverage('repo'));
  });

  it('maps distinct part values to distinct keys (no injection, no collision)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        fc.pre(a !== b);
        expect(keyPart(a)).not.toBe(keyPart(b));
        expect(keyPart(a)).not.toContain(':');
      }),
      { numRuns: 1000 },
    );
  });

  it('caps a long part at a readable prefix plus a hash of the whole', () => {
    const long = 'a'.repeat(5000);
    const part = keyPart(long);
    expect(part.length).toBeLessThanOrEqual(100);
    expect(part.startsWith('a'.repeat(60))).toBe(true);
    expect(part).not.toBe(keyPart(`${long}b`));
  });

  it('refuses an image id with neither digest nor tag', () => {
    expect(() => cacheKeys(prod).image('repo', {})).toThrow(TypeError);
  });
});

describe('keyKind', () => {
  it.each([
    [cacheKeys(prod).scanFindings('r', { imageDigest: digest }), 'scan-findings'],
    [cacheKeys({ name: 'n', region: 'r' }).inspectorConfiguration(), 'inspector-config'],
    ['subscriptions:team', 'subscriptions'],
  ])('%s is a %s', (key, kind) => {
    expect(keyKind(key)).toBe(kind);
  });
});

const scan = (status: string, findings = 1): ScanFindings => ({
  status,
  severityCounts: findings ? { HIGH: findings } : {},
  findings: Array.from({ length: findings }, (_, i) => ({
    id: `CVE-${i}`,
    origin: 'basic' as const,
    severity: 'HIGH',
    links: [],
    packages: [],
  })),
});

describe('scanFindingsTtlMs', () => {
  it.each([
    ['COMPLETE', 3, CACHE_TTL_MS.scanFinished],
    ['COMPLETE', 0, CACHE_TTL_MS.scanSettling],
    ['FAILED', 0, CACHE_TTL_MS.scanFinished],
    ['UNSUPPORTED_IMAGE', 0, CACHE_TTL_MS.scanFinished],
    ['ACTIVE', 2, CACHE_TTL_MS.scanMonitored],
    ['SCAN_ELIGIBILITY_EXPIRED', 2, CACHE_TTL_MS.scanSettling],
    ['IMAGE_ARCHIVED', 0, CACHE_TTL_MS.scanSettling],
    ['FINDINGS_UNAVAILABLE', 0, CACHE_TTL_MS.scanSettling],
    ['LIMIT_EXCEEDED', 0, CACHE_TTL_MS.scanSettling],
    ['PENDING', 0, CACHE_TTL_MS.scanInProgress],
    ['IN_PROGRESS', 0, CACHE_TTL_MS.scanInProgress],
    ['SOMETHING_NEW', 0, CACHE_TTL_MS.scanInProgress],
  ])('%s with %i findings lives %i ms', (status, count, ttl) => {
    expect(scanFindingsTtlMs(scan(status, count))).toBe(ttl);
  });

  it('keeps finished scans a day, running ones 10 s, and content-addressed data a week', () => {
    expect(CACHE_TTL_MS.scanFinished).toBe(86_400_000);
    expect(CACHE_TTL_MS.scanInProgress).toBe(10_000);
    expect(manifestTtlMs({ imageDigest: digest })).toBe(7 * 86_400_000);
    expect(manifestTtlMs({ imageTag: 'latest' })).toBe(CACHE_TTL_MS.image);
  });
});
