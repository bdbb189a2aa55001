/**
 * Fixed expiring reports and subscriptions for the digest tests: deterministic digests, dates and ids, so
 * golden files and "exactly these pages" assertions hold.
 */
import { createHash } from 'node:crypto';
import type { ExpiringImage, ExpiringReport } from '../../../src/domain/expiring.js';
import { countImages } from '../../../src/domain/expiring.js';
import { subscriptionIdOf } from '../../../src/state/subscriptions.js';
import type { Subscription } from '../../../src/usecases/digest-service.js';

export const TEAM = 'T0ECRSCAN';
export const CHANNEL = 'C0PLATFORM';
export const GENERATED_AT = new Date('2026-05-01T07:00:00Z');

export function digestOf(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

export function expiringImage(over: Partial<ExpiringImage> & { repositoryName: string; seed: string }): ExpiringImage {
  const { seed, ...rest } = over;
  return {
    accountId: '111111111111',
    region: 'eu-west-1',
    imageDigest: digestOf(seed),
    imageTags: [seed],
    state: 'expiring',
    expiresAt: new Date('2026-05-04T00:00:00Z'),
    cause: 'Pushed 2026-03-20; the 45-day push window lapses and it was not pulled in the last 14 days.',
    scanType: 'ENHANCED',
    ...rest,
  };
}

export function reportOf(images: ExpiringImage[], over: Partial<ExpiringReport> = {}): ExpiringReport {
  return { generatedAt: GENERATED_AT, withinDays: 7, images, counts: countImages(images), errors: [], ...over };
}

/** `n` images spread over `repos` repositories, alternating expiring and expired. */
export function manyImages(n: number, repos = 5): ExpiringImage[] {
  return Array.from({ length: n }, (_, i) =>
    expiringImage({
      repositoryName: `team-${i % repos}/service`,
      seed: `image-${String(i).padStart(4, '0')}`,
      imageTags: [`v1.${i}.0`, `build-${i}`],
      state: i % 3 === 0 ? 'expired' : 'expiring',
      expiresAt: new Date(Date.UTC(2026, 4, 1 + (i % 7))),
      accountId: i % 2 === 0 ? '111111111111' : '222222222222',
    }),
  );
}

export function subscription(over: Partial<Subscription> = {}): Subscription {
  const base = {
    teamId: TEAM,
    channelId: CHANNEL,
    repoFilters: [] as string[],
    at: '09:00',
    timeZone: 'Europe/Berlin',
    withinDays: 7,
    allClear: false,
    createdBy: 'U0ADMIN',
    createdAt: new Date('2026-04-01T00:00:00Z'),
    source: 'slack' as const,
    ...over,
  };
  return { ...base, id: over.id ?? subscriptionIdOf(base.teamId, base.channelId, base.repoFilters) };
}
