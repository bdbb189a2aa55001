/**
 * Digest subscriptions: which channel gets a digest of which repositories, when, and how far ahead it looks.
 * Every subscription is validated here, whatever its source (a Slack command, the YAML file, a test), so a
 * stored subscription can always be scheduled. Ids are derived from team, channel and filters: subscribing the
 * same channel to the same repositories again updates the subscription instead of adding a second digest.
 *
 * Two implementations honour one contract (test/state/subscriptions-contract.ts): the in-memory twin below and
 * `createRedisSubscriptionStore` (digest-redis-subscriptions.ts); `withFileSubscriptions` adds the read-only
 * subscriptions of ECRSCAN_DIGEST_FILE on top of either.
 */
import { createHash } from 'node:crypto';
import { MIN_SEVERITIES } from '../domain/expiring.js';
import { isRepoFilter } from '../domain/repo-filter.js';
import { UserFacingError } from '../errors.js';
import { cronPatternFor, isSchedulableZone } from '../usecases/digest-schedule.js';
import type { SubscribeInput, Subscription } from '../usecases/digest-service.js';

/**
 * Bounds of a subscription, also the Slack command's (`parse-digest-options.ts`): 180 days is Inspector's longest
 * re-scan window (domain.md §5.1); 25 filters is enough for any naming scheme and keeps the list and Home readable.
 */
export const SUBSCRIPTION_LIMITS = {
  withinDays: { min: 1, max: 180 },
  repoFilters: 25,
} as const;
const TEAM_ID = /^[TE][A-Z0-9]{2,20}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;

export interface SubscriptionStore {
  /** Validates and stores; the stored subscription is returned. */
  upsert(subscription: Subscription): Promise<Subscription>;
  get(id: string): Promise<Subscription | undefined>;
  /** Every subscription, or a team's, or a channel's; ordered by id. */
  list(filter?: { teamId?: string; channelId?: string }): Promise<Subscription[]>;
  /** Removes one subscription of the channel (by id) or all of them; returns what was removed. */
  remove(teamId: string, channelId: string, id?: string): Promise<Subscription[]>;
}

/** Normalises a subscription or throws a `UserFacingError` that lists every problem at once. */
export function validateSubscription<T extends SubscribeInput>(input: T): T {
  const problems: string[] = [];
  const clip = (s: unknown) => {
    const text = String(s);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  };
  if (!TEAM_ID.test(input.teamId ?? '')) problems.push(`"${clip(input.teamId)}" is not a Slack team id`);
  if (!CHANNEL_ID.test(input.channelId ?? '')) problems.push(`"${clip(input.channelId)}" is not a Slack channel id`);
  if (!cronPatternFor(input.at ?? '')) {
    problems.push(`"${clip(input.at)}" is not a time of day: use HH:MM, from 00:00 to 23:59`);
  }
  if (typeof input.timeZone !== 'string' || !isSchedulableZone(input.timeZone)) {
    problems.push(`"${clip(input.timeZone)}" is not a time zone: use an IANA name such as Europe/Berlin or UTC`);
  }
  const { min, max } = SUBSCRIPTION_LIMITS.withinDays;
  if (!Number.isInteger(input.withinDays) || input.withinDays < min || input.withinDays > max) {
    problems.push(`"within" must be a whole number of days from ${min} to ${max}, not ${clip(input.withinDays)}`);
  }
  const minSeverity = input.minSeverity?.toUpperCase();
  if (minSeverity !== undefined && !(MIN_SEVERITIES as readonly string[]).includes(minSeverity)) {
    problems.push(`"${clip(input.minSeverity)}" is not a severity: use one of ${MIN_SEVERITIES.join(', ')}`);
  }
  const filters = Array.isArray(input.repoFilters) ? [...new Set(input.repoFilters)].sort() : [];
  if (!Array.isArray(input.repoFilters)) problems.push('repository filters must be a list');
  if (filters.length > SUBSCRIPTION_LIMITS.repoFilters) {
    problems.push(`give at most ${SUBSCRIPTION_LIMITS.repoFilters} repository filters`);
  }
  for (const filter of filters) {
    if (typeof filter !== 'string' || !isRepoFilter(filter)) {
      problems.push(`"${clip(filter)}" is not an ECR repository filter (lower-case letters, digits, "*", "._-/")`);
    }
  }
  if (typeof input.allClear !== 'boolean') problems.push('"allClear" must be true or false');
  if (problems.length > 0) {
    throw new UserFacingError('BAD_USAGE', `This digest subscription is not valid: ${problems.join('; ')}.`, {
      hints: ['Example: /ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d'],
    });
  }
  const out: T = { ...input, repoFilters: filters };
  if (minSeverity === undefined) delete out.minSeverity;
  else out.minSeverity = minSeverity;
  return out;
}

/** `sub-<16 hex>` from team, channel and filters: stable across replicas, no `:` (BullMQ scheduler ids). */
export function subscriptionIdOf(teamId: string, channelId: string, repoFilters: readonly string[]): string {
  const filters = [...new Set(repoFilters)].sort().join(',');
  return `sub-${createHash('sha256').update(`${teamId}/${channelId}/${filters}`).digest('hex').slice(0, 16)}`;
}

export function validateStored(subscription: Subscription): Subscription {
  const valid = validateSubscription(subscription);
  const expected = subscriptionIdOf(valid.teamId, valid.channelId, valid.repoFilters);
  if (valid.id !== expected) throw new RangeError(`subscription id ${valid.id} does not match its channel and filters`);
  if (!(valid.createdAt instanceof Date) || Number.isNaN(valid.createdAt.getTime())) {
    throw new RangeError('subscription createdAt must be a valid date');
  }
  return valid;
}

export function matches(sub: Subscription, filter: { teamId?: string; channelId?: string } = {}): boolean {
  return (
    (filter.teamId === undefined || sub.teamId === filter.teamId) &&
    (filter.channelId === undefined || sub.channelId === filter.channelId)
  );
}

const byId = (a: Subscription, b: Subscription) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const copy = (s: Subscription): Subscription => ({
  ...s,
  repoFilters: [...s.repoFilters],
  createdAt: new Date(s.createdAt),
  ...(s.updatedAt ? { updatedAt: new Date(s.updatedAt) } : {}),
});

/** One process's subscriptions (no REDIS_URL): lost at restart. */
export function createMemorySubscriptionStore(): SubscriptionStore {
  const subs = new Map<string, Subscription>();
  return {
    async upsert(subscription) {
      const valid = validateStored(subscription);
      subs.set(valid.id, copy(valid));
      return copy(valid);
    },
    async get(id) {
      const found = subs.get(id);
      return found && copy(found);
    },
    async list(filter) {
      return [...subs.values()]
        .filter((s) => matches(s, filter))
        .sort(byId)
        .map(copy);
    },
    async remove(teamId, channelId, id) {
      const removed = [...subs.values()].filter(
        (s) => matches(s, { teamId, channelId }) && (id === undefined || s.id === id),
      );
      for (const s of removed) subs.delete(s.id);
      return removed.sort(byId).map(copy);
    },
  };
}

/**
 * Adds the static subscriptions of ECRSCAN_DIGEST_FILE (`source: 'file'`) to a store. They are listed with the
 * others but cannot be changed from Slack: the file is the place to change them.
 */
export function withFileSubscriptions(store: SubscriptionStore, fromFile: readonly Subscription[]): SubscriptionStore {
  const fixed = new Map(fromFile.map((s) => [s.id, copy({ ...s, source: 'file' as const })]));
  const readOnly = () =>
    new UserFacingError('BAD_USAGE', 'This digest comes from the digest file (ECRSCAN_DIGEST_FILE); change it there.');
  return {
    async upsert(subscription) {
      if (fixed.has(subscription.id)) throw readOnly();
      return store.upsert(subscription);
    },
    async get(id) {
      const found = fixed.get(id);
      return found ? copy(found) : store.get(id);
    },
    async list(filter) {
      const stored = await store.list(filter);
      const file = [...fixed.values()].filter((s) => matches(s, filter)).map(copy);
      return [...file, ...stored.filter((s) => !fixed.has(s.id))].sort(byId);
    },
    async remove(teamId, channelId, id) {
      if (id !== undefined && fixed.has(id)) throw readOnly();
      return store.remove(teamId, channelId, id);
    },
  };
}
