/**
 * One contract for every `SubscriptionStore`: the in-memory twin and the Redis store run the same suite.
 */
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import type { SubscriptionStore } from '../../src/state/subscriptions.js';
import { subscription } from '../jobs/support/digest-fixtures.js';

export function subscriptionStoreContract(name: string, make: () => SubscriptionStore | Promise<SubscriptionStore>) {
  describe(`${name}: SubscriptionStore contract`, () => {
    it('stores, reads back and lists by team and channel, ordered by id', async () => {
      const store = await make();
      const a = subscription({ repoFilters: ['payments-*'] });
      const b = subscription({ channelId: 'C0OTHER', minSeverity: 'HIGH', allClear: true });
      const c = subscription({ teamId: 'T0ELSEWHERE' });
      for (const s of [a, b, c]) expect(await store.upsert(s)).toEqual(s);
      expect(await store.get(a.id)).toEqual(a);
      expect(await store.get('sub-0000000000000000')).toBeUndefined();
      const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
      expect(await store.list()).toEqual([a, b, c].sort(byId));
      expect(await store.list({ teamId: a.teamId })).toEqual([a, b].sort(byId));
      expect(await store.list({ teamId: a.teamId, channelId: 'C0OTHER' })).toEqual([b]);
    });

    it('upsert replaces a subscription with the same id, keeping one', async () => {
      const store = await make();
      const first = subscription({ at: '09:00' });
      await store.upsert(first);
      const updatedAt = new Date('2026-05-02T10:00:00Z');
      await store.upsert({ ...first, at: '17:30', timeZone: 'America/New_York', updatedAt });
      const listed = await store.list({ teamId: first.teamId });
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ at: '17:30', timeZone: 'America/New_York', updatedAt });
      expect(listed[0]?.createdAt).toEqual(first.createdAt);
    });

    it('removes one by id, or all of a channel, and returns what it removed', async () => {
      const store = await make();
      const a = subscription();
      const b = subscription({ repoFilters: ['checkout'] });
      const other = subscription({ channelId: 'C0OTHER' });
      for (const s of [a, b, other]) await store.upsert(s);
      expect(await store.remove(a.teamId, a.channelId, b.id)).toEqual([b]);
      expect(await store.remove(a.teamId, a.channelId, b.id)).toEqual([]);
      expect(await store.remove(a.teamId, a.channelId, other.id)).toEqual([]);
      expect(await store.remove(a.teamId, a.channelId)).toEqual([a]);
      expect(await store.list()).toEqual([other]);
    });

    it.each([
      ['a bad time', { at: '25:00' }, /not a time of day/],
      ['a time without minutes', { at: '9' }, /not a time of day/],
      ['an unknown zone', { timeZone: 'Mars/Olympus' }, /not a time zone/],
      ['within 0 days', { withinDays: 0 }, /from 1 to 180/],
      ['within 181 days', { withinDays: 181 }, /from 1 to 180/],
      ['within 2.5 days', { withinDays: 2.5 }, /from 1 to 180/],
      ['an unknown severity', { minSeverity: 'SEVERE' }, /not a severity/],
      ['an upper-case filter', { repoFilters: ['Payments'] }, /not an ECR repository filter/],
      ['a channel that is no channel id', { channelId: '#general' }, /not a Slack channel id/],
    ])('refuses %s with a message that names the problem', async (_, change, message) => {
      const store = await make();
      const bad = { ...subscription(), ...change };
      const error = await store.upsert(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toMatch(message);
      expect(await store.list()).toEqual([]);
    });
  });
}
