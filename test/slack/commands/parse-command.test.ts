import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRepoFilter } from '../../../src/domain/repo-filter.js';
import { parseCommand } from '../../../src/slack/commands/parse-command.js';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['why payments-api:1.4.2', { kind: 'why', ref: 'payments-api:1.4.2', fresh: false }],
    ['WHY  payments-api:1.4.2  --fresh', { kind: 'why', ref: 'payments-api:1.4.2', fresh: true }],
    ['payments-api:1.4.2', { kind: 'why', ref: 'payments-api:1.4.2', fresh: false }],
    ['why', { kind: 'unknown', text: 'why', closest: 'why', problem: 'no image given' }],
    ['why a:1 b:2', { kind: 'unknown', text: 'why a:1 b:2', closest: 'why', problem: 'give one image reference' }],
    ['wyh payments:1', { kind: 'unknown', text: 'wyh payments:1', closest: 'why' }],
    ['hepl', { kind: 'unknown', text: 'hepl', closest: 'help' }],
    ['expiring', { kind: 'expiring', query: { repoFilters: [], withinDays: 7 } }],
    [
      'expiring within 14d payments* api',
      { kind: 'expiring', query: { repoFilters: ['payments*', 'api'], withinDays: 14 } },
    ],
    ['Expiring --within 3 --repo team/web', { kind: 'expiring', query: { repoFilters: ['team/web'], withinDays: 3 } }],
    ['digest list', { kind: 'digest-list' }],
    ['DIGEST List', { kind: 'digest-list' }],
    ['digest unsubscribe', { kind: 'digest-unsubscribe' }],
    ['digest unsubscribe sub-1', { kind: 'digest-unsubscribe', id: 'sub-1' }],
    ['digest preview', { kind: 'digest-preview' }],
    ['digest preview sub-1', { kind: 'digest-preview', id: 'sub-1' }],
    [
      'digest subscribe',
      {
        kind: 'digest-subscribe',
        options: { repoFilters: [], at: '09:00', timeZone: 'UTC', withinDays: 7, allClear: false },
      },
    ],
    [
      'digest subscribe payments* at 9:05 europe/berlin within 30d min-severity critical all-clear',
      {
        kind: 'digest-subscribe',
        options: {
          repoFilters: ['payments*'],
          at: '09:05',
          timeZone: 'Europe/Berlin',
          withinDays: 30,
          minSeverity: 'CRITICAL',
          allClear: true,
        },
      },
    ],
    [
      'digest list all',
      {
        kind: 'unknown',
        text: 'digest list all',
        closest: 'digest',
        problem: '"digest list" takes nothing after it',
        example: '/ecrscan digest list',
      },
    ],
    [
      'digest unsubscribe a b',
      {
        kind: 'unknown',
        text: 'digest unsubscribe a b',
        closest: 'digest',
        problem: 'give at most one subscription id, as "/ecrscan digest list" shows it',
        example: '/ecrscan digest unsubscribe',
      },
    ],
    [
      'digest subscrbe',
      {
        kind: 'unknown',
        text: 'digest subscrbe',
        closest: 'digest subscribe',
        problem: '"subscrbe" is not a digest command: use subscribe, list, unsubscribe, preview',
        example: '/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d',
      },
    ],
    [
      'digest',
      {
        kind: 'unknown',
        text: 'digest',
        closest: 'digest',
        problem: 'say what to do: subscribe, list, unsubscribe, preview',
        example: '/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d',
      },
    ],
    [
      'expiring within 0d',
      {
        kind: 'unknown',
        text: 'expiring within 0d',
        closest: 'expiring',
        problem: '"0d" is not a window ecrscan looks ahead: use 1d to 180d',
        example: '/ecrscan expiring within 14d payments*',
      },
    ],
    ['expirng', { kind: 'unknown', text: 'expirng', closest: 'expiring' }],
    ['<!channel> hi', { kind: 'unknown', text: '<!channel> hi' }],
    ['payments', { kind: 'unknown', text: 'payments' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('bounds very long input', () => {
    const parsed = parseCommand(`why ${'a'.repeat(10_000)}`);
    expect(parsed.kind).toBe('why');
    if (parsed.kind === 'why') expect(parsed.ref.length).toBeLessThan(2000);
  });

  it('never throws, and whatever it accepts for a digest is valid', () => {
    const word = fc.oneof(
      fc.constantFrom('digest', 'subscribe', 'expiring', 'at', 'within', 'min-severity', 'all-clear', '--repo'),
      fc.constantFrom('09:00', '7d', 'HIGH', 'Europe/Berlin', 'utc', 'payments*', 'a/b', '<!here>', '25:00', '0d'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 10 }), (words) => {
        const parsed = parseCommand(words.join(' '));
        if (parsed.kind === 'digest-subscribe' || parsed.kind === 'expiring') {
          const opts = parsed.kind === 'expiring' ? parsed.query : parsed.options;
          expect(opts.withinDays).toBeGreaterThanOrEqual(1);
          expect(opts.withinDays).toBeLessThanOrEqual(180);
          for (const f of opts.repoFilters) expect(checkRepoFilter(f).ok).toBe(true);
        }
        if (parsed.kind === 'digest-subscribe') {
          expect(parsed.options.at).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
          expect(() => new Intl.DateTimeFormat(undefined, { timeZone: parsed.options.timeZone })).not.toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });
});
