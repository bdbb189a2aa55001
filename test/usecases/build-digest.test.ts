import { describe, expect, it } from 'vitest';
import { imageKey } from '../../src/state/snoozes.js';
import { buildDigest, filterBySeverity, hasNews, meetsSeverity } from '../../src/usecases/build-digest.js';
import { expiringImage, manyImages, reportOf, subscription } from '../jobs/support/digest-fixtures.js';

const DAY = '2026-05-01';

describe('buildDigest', () => {
  it('leaves snoozed images out of the digest and counts them', () => {
    const kept = expiringImage({ repositoryName: 'payments/api', seed: 'kept' });
    const snoozed = expiringImage({ repositoryName: 'payments/api', seed: 'snoozed' });
    const content = buildDigest({
      report: reportOf([kept, snoozed]),
      subscription: subscription(),
      snoozed: new Set([imageKey(snoozed)]),
      day: DAY,
    });
    expect(content.repositories.flatMap((r) => r.images.map((i) => i.imageDigest))).toEqual([kept.imageDigest]);
    expect(content.counts).toEqual({
      expiring: 1,
      expired: 0,
      byAccount: { '111111111111': { expiring: 1, expired: 0 } },
    });
    expect(content.hidden).toEqual({ snoozed: 1, belowSeverity: 0, overLimit: 0 });
  });

  it('a snooze in one account does not hide the same digest in another account', () => {
    const a = expiringImage({ repositoryName: 'base', seed: 'same' });
    const b = { ...a, accountId: '222222222222' };
    const content = buildDigest({
      report: reportOf([a, b]),
      subscription: subscription(),
      snoozed: new Set([imageKey(a)]),
      day: DAY,
    });
    expect(content.repositories.map((r) => r.accountId)).toEqual(['222222222222']);
  });

  it.each([
    [undefined, ['LOW', 'HIGH', 'CRITICAL', undefined, 'UNTRIAGED']],
    ['HIGH', ['HIGH', 'CRITICAL', undefined, 'UNTRIAGED']],
    ['CRITICAL', ['CRITICAL', undefined, 'UNTRIAGED']],
  ])('min-severity %s keeps %j (unknown severities are kept)', (minSeverity, kept) => {
    const images = ['LOW', 'HIGH', 'CRITICAL', undefined, 'UNTRIAGED'].map((s, i) =>
      expiringImage({ repositoryName: 'r', seed: `s${i}`, ...(s ? { highestSeverity: s } : {}) }),
    );
    const content = buildDigest({
      report: reportOf(images),
      subscription: subscription(minSeverity ? { minSeverity } : {}),
      snoozed: new Set(),
      day: DAY,
    });
    const shown = content.repositories.flatMap((r) => r.images.map((i) => i.highestSeverity));
    expect(shown.sort()).toEqual([...kept].sort());
    expect(content.hidden.belowSeverity).toBe(5 - kept.length);
  });

  it('groups by repository, most urgent repository first, expired before expiring', () => {
    const images = [
      expiringImage({ repositoryName: 'b', seed: 'b1', expiresAt: new Date('2026-05-06T00:00:00Z') }),
      expiringImage({ repositoryName: 'a', seed: 'a1', expiresAt: new Date('2026-05-03T00:00:00Z') }),
      expiringImage({ repositoryName: 'b', seed: 'b2', state: 'expired', expiresAt: new Date('2026-04-29T00:00:00Z') }),
      expiringImage({ repositoryName: 'a', seed: 'a2', expiresAt: new Date('2026-05-02T00:00:00Z') }),
    ];
    const content = buildDigest({
      report: reportOf(images),
      subscription: subscription(),
      snoozed: new Set(),
      day: DAY,
    });
    expect(content.repositories.map((r) => [r.repositoryName, r.images.map((i) => i.imageTags[0])])).toEqual([
      ['b', ['b2', 'b1']],
      ['a', ['a2', 'a1']],
    ]);
    expect(content.counts).toMatchObject({ expiring: 3, expired: 1 });
  });

  it('lists at most maxImages, the most urgent ones, and counts the rest', () => {
    const content = buildDigest({
      report: reportOf(manyImages(30)),
      subscription: subscription(),
      snoozed: new Set(),
      day: DAY,
      maxImages: 12,
    });
    const listed = content.repositories.flatMap((r) => r.images);
    expect(listed).toHaveLength(12);
    // All 10 expired images are the most urgent; then the two soonest-expiring ones.
    expect(listed.filter((i) => i.state === 'expired')).toHaveLength(10);
    expect(content.hidden.overLimit).toBe(18);
    expect(content.counts.expiring + content.counts.expired).toBe(30);
  });

  it('has news when images are listed or a target could not be read; otherwise it is all clear', () => {
    const empty = buildDigest({ report: reportOf([]), subscription: subscription(), snoozed: new Set(), day: DAY });
    expect(hasNews(empty)).toBe(false);
    const partial = buildDigest({
      report: reportOf([], { errors: [{ target: 'prod', message: 'AccessDenied' }] }),
      subscription: subscription(),
      snoozed: new Set(),
      day: DAY,
    });
    expect(hasNews(partial)).toBe(true);
  });

  it('filterBySeverity recounts what it keeps', () => {
    const report = reportOf([
      expiringImage({ repositoryName: 'r', seed: 'low', highestSeverity: 'LOW' }),
      expiringImage({ repositoryName: 'r', seed: 'crit', highestSeverity: 'CRITICAL', state: 'expired' }),
    ]);
    expect(filterBySeverity(report, 'HIGH').counts).toEqual({
      expiring: 0,
      expired: 1,
      byAccount: { '111111111111': { expiring: 0, expired: 1 } },
    });
    expect(filterBySeverity(report, undefined)).toBe(report);
    expect(meetsSeverity({ highestSeverity: 'medium' }, 'MEDIUM')).toBe(true);
  });

  it.each([
    ['NONE', 'LOW', false],
    ['LOW', 'LOW', true],
    ['LOW', 'MEDIUM', false],
    [undefined, 'CRITICAL', true],
  ] as const)('an image of highest severity %s against min-severity %s is kept: %s', (highest, min, kept) => {
    // NONE (scanned, no active finding) is below every minimum; unknown (undefined) is always kept.
    expect(meetsSeverity(highest === undefined ? {} : { highestSeverity: highest }, min)).toBe(kept);
  });
});
