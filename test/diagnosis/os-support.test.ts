import { describe, expect, it } from 'vitest';
import { classifyOs, compareVersions, versionMatches } from '../../src/diagnosis/os-support.js';
import type { OsDetection } from '../../src/domain/image-facts.js';
import { NOW } from './fixtures.js';

const linux = (id: string, versionId?: string, prettyName?: string): OsDetection => ({
  source: 'layers',
  kind: 'linux-distro',
  distro: { id, ...(versionId ? { versionId } : {}), ...(prettyName ? { prettyName } : {}) },
  evidence: [],
  bytesRead: 10,
});
const kind = (k: OsDetection['kind'], extra: Partial<OsDetection> = {}): OsDetection => ({
  source: 'config',
  kind: k,
  evidence: [],
  bytesRead: 0,
  ...extra,
});

describe('classifyOs', () => {
  it.each([
    ['alpine 3.22.1', linux('alpine', '3.22.1'), 'BASIC', 'supported', 'certain'],
    ['debian 12', linux('debian', '12'), 'ENHANCED', 'supported', 'certain'],
    ['ubuntu 24.04', linux('ubuntu', '24.04'), 'ENHANCED', 'supported', 'certain'],
    ['rhel 9.4', linux('rhel', '9.4'), 'BASIC', 'supported', 'certain'],
    ['amazon linux 2023', linux('amzn', '2023'), 'ENHANCED', 'supported', 'certain'],
    ['wolfi (unversioned)', linux('wolfi'), 'ENHANCED', 'supported', 'certain'],
    ['debian 9 (discontinued list)', linux('debian', '9'), 'BASIC', 'eol', 'certain'],
    ['alpine 3.18 (≤ 3.20)', linux('alpine', '3.18.4'), 'BASIC', 'eol', 'certain'],
    ['centos 7', linux('centos', '7'), 'ENHANCED', 'eol', 'certain'],
    ['ubuntu 16.04', linux('ubuntu', '16.04'), 'BASIC', 'eol', 'certain'],
    ['fedora 40: older than listed', linux('fedora', '40'), 'BASIC', 'eol', 'likely'],
    ['alpine 3.25: newer than listed', linux('alpine', '3.25.0'), 'BASIC', 'unknown', 'likely'],
    ['ubuntu 23.10: between listed versions', linux('ubuntu', '23.10'), 'BASIC', 'unsupported', 'certain'],
    ['hummingbird under enhanced', linux('hummingbird'), 'ENHANCED', 'unsupported', 'certain'],
    ['hummingbird under basic', linux('hummingbird'), 'BASIC', 'supported', 'certain'],
    ['an unlisted distribution', linux('alpaquita', '23', 'Alpaquita Linux'), 'BASIC', 'unsupported', 'likely'],
    ['debian without VERSION_ID', linux('debian'), 'BASIC', 'unknown', 'likely'],
    ['scratch under basic', kind('scratch'), 'BASIC', 'unsupported', 'certain'],
    ['scratch under enhanced', kind('scratch'), 'ENHANCED', 'unsupported', 'likely'],
    ['distroless', kind('distroless'), 'BASIC', 'unsupported', 'likely'],
    ['windows under enhanced', kind('windows', { osVersion: '10.0.20348.2340' }), 'ENHANCED', 'unsupported', 'certain'],
    ['windows under basic', kind('windows'), 'BASIC', 'unknown', 'likely'],
    ['unknown', kind('unknown'), 'BASIC', 'unknown', 'likely'],
    ['linux without os-release', kind('linux-distro'), 'BASIC', 'unknown', 'likely'],
  ])('%s → %s', (_name, os, scanType, status, certainty) => {
    const c = classifyOs(os, scanType, NOW);
    expect(c.status).toBe(status);
    expect(c.certainty).toBe(certainty);
    expect(c.reason.length).toBeGreaterThan(10);
  });

  it('Amazon Linux 2 is supported until its discontinuation date, then end-of-life', () => {
    expect(classifyOs(linux('amzn', '2'), 'ENHANCED', new Date('2026-06-29T00:00:00Z')).status).toBe('supported');
    const after = classifyOs(linux('amzn', '2'), 'ENHANCED', new Date('2026-07-01T00:00:00Z'));
    expect(after.status).toBe('eol');
    expect(after.label).toBe('Amazon Linux 2');
  });

  it('offers the supported versions of the same distribution for an eol one', () => {
    const c = classifyOs(linux('debian', '9'), 'BASIC', NOW);
    expect(c.label).toBe('Debian 9');
    expect(c.supportedVersions).toEqual(['11', '12', '13']);
    expect(c.reason).toContain('CRITICAL');
  });

  it('names the reason for scratch in plain words', () => {
    expect(classifyOs(kind('scratch'), 'BASIC').reason).toBe(
      'The image has no OS release file and no package database. Basic scanning covers OS packages only and does not scan FROM scratch images.',
    );
  });
});

describe('version helpers', () => {
  it.each([
    ['3.22.1', '3.22', true],
    ['3.22', '3.22', true],
    ['10', '1', false],
    ['9.4', '9', true],
    ['3.2.0', '3.21', false],
  ])('versionMatches(%s, %s) = %s', (v, listed, expected) => {
    expect(versionMatches(v, listed)).toBe(expected);
  });

  it.each([
    ['3.20.7', '3.20', 0],
    ['3.19', '3.20', -1],
    ['3.21', '3.20', 1],
    ['10', '9', 1],
  ])('compareVersions(%s, %s) has sign %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
