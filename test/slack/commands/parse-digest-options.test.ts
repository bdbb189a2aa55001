import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRepoFilter, ECR_REPO_FILTER_PATTERN } from '../../../src/domain/repo-filter.js';
import {
  MAX_REPO_FILTERS,
  parseExpiringArgs,
  parseSubscribeArgs,
} from '../../../src/slack/commands/parse-digest-options.js';
import { checkTimeZone } from '../../../src/slack/commands/time-zone.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const DEFAULTS = { repoFilters: [], at: '09:00', timeZone: 'UTC', withinDays: 7, allClear: false };

describe('parseSubscribeArgs: accepted', () => {
  it.each([
    ['', DEFAULTS],
    ['payments', { ...DEFAULTS, repoFilters: ['payments'] }],
    ['payments* *-worker team/web', { ...DEFAULTS, repoFilters: ['payments*', '*-worker', 'team/web'] }],
    ['payments payments', { ...DEFAULTS, repoFilters: ['payments'] }],
    ['at 07:30', { ...DEFAULTS, at: '07:30' }],
    ['at 7:30', { ...DEFAULTS, at: '07:30' }],
    ['at 00:00 UTC', { ...DEFAULTS, at: '00:00' }],
    ['at 23:59 Europe/Berlin', { ...DEFAULTS, at: '23:59', timeZone: 'Europe/Berlin' }],
    ['AT 08:00 america/new_york', { ...DEFAULTS, at: '08:00', timeZone: 'America/New_York' }],
    ['at 08:00 Asia/Kolkata', { ...DEFAULTS, at: '08:00', timeZone: 'Asia/Kolkata' }],
    ['at 08:00 asia/kolkata', { ...DEFAULTS, at: '08:00', timeZone: 'Asia/Kolkata' }],
    ['at 08:00 utc', { ...DEFAULTS, at: '08:00', timeZone: 'UTC' }],
    ['at 08:00 payments', undefined],
    ['within 1d', { ...DEFAULTS, withinDays: 1 }],
    ['within 180d', { ...DEFAULTS, withinDays: 180 }],
    ['within 14', { ...DEFAULTS, withinDays: 14 }],
    ['--within 14days', { ...DEFAULTS, withinDays: 14 }],
    ['min-severity high', { ...DEFAULTS, minSeverity: 'HIGH' }],
    ['--min-severity LOW', { ...DEFAULTS, minSeverity: 'LOW' }],
    ['all-clear', { ...DEFAULTS, allClear: true }],
    ['--repo api --repo web', { ...DEFAULTS, repoFilters: ['api', 'web'] }],
    [
      'all-clear within 3d payments at 06:15 Europe/Berlin min-severity critical api',
      {
        repoFilters: ['payments', 'api'],
        at: '06:15',
        timeZone: 'Europe/Berlin',
        withinDays: 3,
        minSeverity: 'CRITICAL',
        allClear: true,
      },
    ],
  ])('%j', (text, expected) => {
    const parsed = parseSubscribeArgs(words(text));
    if (expected === undefined) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, value: expected });
  });
});

describe('parseSubscribeArgs: refused, naming the bad part', () => {
  it.each([
    ['at 25:00', '"25:00" is not a time of day: use HH:MM, from 00:00 to 23:59'],
    ['at 12:60', '"12:60" is not a time of day'],
    ['at 9am', '"9am" is not a time of day'],
    ['at', '"at" needs a time of day, like "at 09:00 Europe/Berlin"'],
    ['at within 7d', '"at" needs a time of day'],
    ['at 09:00 Mars/Olympus', '"Mars/Olympus" is not a time zone: use an IANA name such as Europe/Berlin'],
    ['at 09:00 payments', '"payments" is not a time zone'],
    ['at 09:00 +02:00', '"+02:00" is not a time zone'],
    ['within 0d', '"0d" is not a window ecrscan looks ahead: use 1d to 180d'],
    ['within 400d', '"400d" is not a window ecrscan looks ahead: use 1d to 180d'],
    ['within 181d', '"181d" is not a window'],
    ['within -3d', '"-3d" is not a window'],
    ['within 2w', '"2w" is not a window'],
    ['within', '"within" needs a number of days, like "within 7d"'],
    ['within 7d within 8d', '"within" is given twice'],
    ['min-severity SEVERE', '"SEVERE" is not a severity: use CRITICAL, HIGH, MEDIUM, LOW'],
    ['min-severity UNDEFINED', '"UNDEFINED" is not a severity'],
    ['min-severity', '"min-severity" needs a severity, like "min-severity HIGH"'],
    ['all-clear all-clear', '"all-clear" is given twice'],
    ['Payments', 'repository filters are lower-case, like ECR repository names: "payments", not "Payments"'],
    ['pay..ments', '"pay..ments" is not an ECR repository filter'],
    ['-payments', '"-payments" is not an option ecrscan knows'],
    ['/payments', '"/payments" is not an ECR repository filter'],
    ['<!channel>', '"<!channel>" is not an ECR repository filter'],
    ['--json', 'JSON output is for the command line: run "ecrscan expiring --json"'],
    ['--repo', '"repo" needs a repository filter'],
    [`${'a'.repeat(256)}`, "is longer than ECR's 255 characters"],
  ])('%j', (text, problem) => {
    const parsed = parseSubscribeArgs(words(text));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem);
      expect(parsed.example).toBe('/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d');
    }
  });

  it(`takes at most ${MAX_REPO_FILTERS} filters`, () => {
    const many = Array.from({ length: MAX_REPO_FILTERS + 1 }, (_, i) => `repo${i}`);
    expect(parseSubscribeArgs(many.slice(0, -1)).ok).toBe(true);
    expect(parseSubscribeArgs(many)).toMatchObject({ ok: false, problem: 'give at most 25 repository filters' });
  });

  it('a filter named like an Object.prototype key is a filter, not a keyword', () => {
    expect(parseSubscribeArgs(['constructor', 'tostring'])).toEqual({
      ok: true,
      value: { ...DEFAULTS, repoFilters: ['constructor', 'tostring'] },
    });
  });
});

describe('parseExpiringArgs', () => {
  it.each([
    ['', { repoFilters: [], withinDays: 7 }],
    ['within 30d', { repoFilters: [], withinDays: 30 }],
    ['payments* within 2d', { repoFilters: ['payments*'], withinDays: 2 }],
    ['--within 2d --repo payments', { repoFilters: ['payments'], withinDays: 2 }],
    ['min-severity high payments', { repoFilters: ['payments'], withinDays: 7, minSeverity: 'HIGH' }],
  ])('%j', (text, expected) => {
    expect(parseExpiringArgs(words(text))).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['at 09:00', '"at" belongs to "/ecrscan digest subscribe", not here'],
    ['all-clear', '"all-clear" belongs to "/ecrscan digest subscribe"'],
    ['min-severity SEVERE', '"SEVERE" is not a severity'],
    ['within 400d', '"400d" is not a window'],
  ])('%j is refused', (text, problem) => {
    const parsed = parseExpiringArgs(words(text));
    expect(parsed).toMatchObject({ ok: false, example: '/ecrscan expiring within 14d payments*' });
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('checkRepoFilter', () => {
  // ECR's own pattern (domain.md §2.1). Exponential on near-misses, so only ever run on short inputs here.
  const ECR_PATTERN = new RegExp(ECR_REPO_FILTER_PATTERN);

  it('accepts exactly what ECR accepts', () => {
    const alphabet = fc.constantFrom(...'ab0*._-/A!'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 14 }), (chars) => {
        const s = chars.join('');
        expect(checkRepoFilter(s).ok).toBe(ECR_PATTERN.test(s));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['prod', true],
    ['*prod*', true],
    ['prod*repo', true],
    ['team/web.api_v2-x', true],
    ['*', true],
    ['a', true],
    ['a/', false],
    ['a//b', false],
    ['a._b', false],
    ['.a', false],
    ['', false],
  ])('%j → %s', (filter, ok) => {
    expect(checkRepoFilter(filter).ok).toBe(ok);
  });

  it('answers at once on the input that makes ECR’s pattern backtrack exponentially', () => {
    const evil = `${'a'.repeat(250)}!`;
    expect(checkRepoFilter(evil)).toMatchObject({ ok: false });
  });
});

describe('checkTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['gmt', 'GMT'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['america/argentina/buenos_aires', 'America/Argentina/Buenos_Aires'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['EST5EDT', 'EST5EDT'],
  ])('%j → %j', (input, zone) => {
    expect(checkTimeZone(input)).toEqual({ ok: true, timeZone: zone });
  });

  it.each(['Mars/Olympus', 'Europe/Berlinn', '+02:00', 'Z', '', 'x'.repeat(65)])('%j is refused', (input) => {
    expect(checkTimeZone(input)).toEqual({ ok: false });
  });

  it('every zone it returns is one Intl accepts', () => {
    for (const input of ['utc', 'gmt', 'cet', 'est5edt', 'asia/kolkata', 'us/pacific', 'europe/kyiv']) {
      const checked = checkTimeZone(input);
      expect(checked.ok).toBe(true);
      if (checked.ok) expect(() => new Intl.DateTimeFormat(undefined, { timeZone: checked.timeZone })).not.toThrow();
    }
  });
});
