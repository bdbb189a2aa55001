import { describe, expect, it } from 'vitest';
import { effectiveScanning, filterMatches } from '../../src/sandbox/scan-rules.js';
import { defaultRegistry } from '../../src/sandbox/world.js';

describe('filterMatches (the worked examples of the ECR filter doc, domain.md §2.1)', () => {
  const names = ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'];
  it.each([
    ['prod', 'YYYYY'],
    ['*prod', 'YYNNN'],
    ['prod*', 'YNYNY'],
    ['*prod*', 'YYYYY'],
    ['prod*repo', 'NNYNY'],
  ])('%s matches %s', (filter, expected) => {
    expect(names.map((name) => (filterMatches(filter, name) ? 'Y' : 'N')).join('')).toBe(expected);
  });
});

describe('effectiveScanning', () => {
  const registry = defaultRegistry('222222222222', 'eu-west-1', new Date(0));
  registry.scanType = 'ENHANCED';
  registry.rules = [
    { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'svc-*', filterType: 'WILDCARD' }] },
    { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'svc-pay*', filterType: 'WILDCARD' }] },
  ];
  it.each([
    ['svc-payments', 'CONTINUOUS_SCAN'],
    ['svc-search', 'SCAN_ON_PUSH'],
    ['tools', 'MANUAL'],
  ])('%s → %s (continuous wins over scan on push)', (name, frequency) => {
    expect(effectiveScanning(registry, name).frequency).toBe(frequency);
  });
});
