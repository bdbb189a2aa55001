import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../src/domain/close-matches.js';

describe('closeMatches', () => {
  const repos = ['payments-api', 'payments-worker', 'billing', 'team/payments-api', 'frontend'];
  it.each([
    ['payment-api', ['payments-api', 'team/payments-api']],
    ['paymnets-api', ['payments-api', 'team/payments-api']],
    ['billng', ['billing']],
    ['kubernetes', []],
  ])('%s → %j', (input, expected) => {
    expect(closeMatches(input, repos)).toEqual(expected);
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('1.4.2', '1.2.4')).toBe(2);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
