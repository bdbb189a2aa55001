import { describe, expect, it } from 'vitest';
import { matchFilter, scanFilterMatch } from '../../src/diagnosis/scan-filter-match.js';

const NAMES = ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'] as const;

// domain.md §2.1, the worked examples of D-ECR-FILTERS: rows = filter, columns = NAMES.
const TABLE: [string, string][] = [
  ['prod', 'YYYYY'],
  ['*prod', 'YYNNN'],
  ['prod*', 'YNYNY'],
  ['*prod*', 'YYYYY'],
  ['prod*repo', 'NNYNY'],
];

const CELLS = TABLE.flatMap(([filter, row]) => NAMES.map((name, i) => ({ filter, name, expected: row[i] === 'Y' })));

describe('matchFilter: the documented worked examples', () => {
  it('covers all 25 cells', () => {
    expect(CELLS).toHaveLength(25);
  });

  it.each(CELLS)('filter $filter vs $name → $expected', ({ filter, name, expected }) => {
    const result = matchFilter(filter, name);
    expect(result.matches).toBe(expected);
    expect(result.mode).toBe(filter.includes('*') ? 'glob' : 'substring');
    expect(result.why).toContain(expected ? (filter.includes('*') ? 'matches.' : 'does.') : 'does not');
  });
});

describe('matchFilter: edge cases', () => {
  it.each([
    ['*', 'anything/at-all', true],
    ['team-*', 'team-', true],
    ['team-*', 'my-team-x', false],
    ['a.b', 'axb', false],
    ['a.b*', 'a.b/c', true],
    ['svc-*-api', 'svc--api', true],
    ['svc-*-api', 'svc-orders-api-v2', false],
  ])('%s vs %s → %s', (filter, name, expected) => {
    expect(matchFilter(filter, name).matches).toBe(expected);
  });

  it('explains substring semantics in plain words', () => {
    expect(matchFilter('prod', 'payments').why).toBe(
      '"prod" has no "*", so it matches every repository name that contains "prod": "payments" does not.',
    );
  });
});

describe('scanFilterMatch', () => {
  it('evaluates every filter of every rule and says whether each rule matches', () => {
    const result = scanFilterMatch(
      [
        { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'svc-*', filterType: 'WILDCARD' }] },
        {
          scanFrequency: 'SCAN_ON_PUSH',
          repositoryFilters: [
            { filter: 'batch-*', filterType: 'WILDCARD' },
            { filter: 'jobs', filterType: 'WILDCARD' },
          ],
        },
      ],
      'batch-jobs',
    );
    expect(result.map((r) => [r.scanFrequency, r.matches, r.filters.map((f) => f.matches)])).toEqual([
      ['CONTINUOUS_SCAN', false, [false]],
      ['SCAN_ON_PUSH', true, [true, true]],
    ]);
  });
});
