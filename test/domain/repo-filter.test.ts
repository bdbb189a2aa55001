import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repoFilterMatches } from '../../src/domain/repo-filter.js';

/** The obvious regular expression: right, but exponential on some filters; the reference on short inputs. */
function byRegExp(filter: string, name: string): boolean {
  if (!filter.includes('*')) return name.includes(filter);
  const body = filter
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`).test(name);
}

describe('repoFilterMatches', () => {
  it.each([
    ['prod', 'team-prod-api', true],
    ['prod', 'production', true],
    ['prod', 'team-dev', false],
    ['prod*', 'production', true],
    ['prod*', 'team-prod', false],
    ['*prod', 'team-prod', true],
    ['*', 'anything', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['**', '', true],
    ['*a', '', false],
  ])('%s ~ %s → %s', (filter, name, expected) => {
    expect(repoFilterMatches(filter, name)).toBe(expected);
  });

  it('agrees with the regular expression on short filters and names', () => {
    const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', '-', '*'), maxLength: max });
    fc.assert(
      fc.property(text(8), text(12), (filter, name) => {
        const plain = name.replaceAll('*', 'a');
        expect(repoFilterMatches(filter, plain)).toBe(byRegExp(filter, plain));
      }),
      { numRuns: 3_000 },
    );
  });

  it('answers filters that make a regular expression backtrack exponentially (runs of * before a miss)', () => {
    // With the regular expression, 8 stars took seconds and each more multiplied that: this would not return.
    const name = 'a'.repeat(255);
    expect(repoFilterMatches(`${'*'.repeat(60)}q`, name)).toBe(false);
    expect(repoFilterMatches(`${'*a'.repeat(100)}*`, name)).toBe(true);
  });
});
