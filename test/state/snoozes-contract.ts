/**
 * One contract for every `SnoozeStore`: per image, per channel, for N days, audited. The clock is the test's,
 * so a week passes in an instant.
 */
import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import type { AuditLog } from '../../src/state/audit-log.js';
import { imageKey, type SnoozeStore } from '../../src/state/snoozes.js';
import type { SnoozeInput } from '../../src/usecases/digest-service.js';
import { CHANNEL, digestOf, TEAM } from '../jobs/support/digest-fixtures.js';

const DAY = 86_400_000;

export interface SnoozeFixture {
  store: SnoozeStore;
  audit: AuditLog;
  advance(ms: number): void;
  now(): Date;
}

export const snoozeInput = (over: Partial<SnoozeInput> = {}): SnoozeInput => ({
  teamId: TEAM,
  channelId: CHANNEL,
  accountId: '111111111111',
  region: 'eu-west-1',
  repositoryName: 'payments/api',
  imageDigest: digestOf('snoozed'),
  days: 7,
  by: 'U0ALICE',
  ...over,
});

export function snoozeStoreContract(name: string, make: () => SnoozeFixture | Promise<SnoozeFixture>) {
  describe(`${name}: SnoozeStore contract`, () => {
    it('snoozes one image in one channel until N days from now', async () => {
      const f = await make();
      const input = snoozeInput();
      const { until } = await f.store.snooze(input);
      expect(until.getTime()).toBe(f.now().getTime() + 7 * DAY);
      expect(await f.store.active(TEAM, CHANNEL)).toEqual(new Map([[imageKey(input), until]]));
      expect(await f.store.active(TEAM, 'C0ELSEWHERE')).toEqual(new Map());
      expect(await f.store.active('T0OTHERTEAM', CHANNEL)).toEqual(new Map());
    });

    it('ends when its days are over', async () => {
      const f = await make();
      await f.store.snooze(snoozeInput({ days: 1 }));
      await f.store.snooze(snoozeInput({ imageDigest: digestOf('longer'), days: 7 }));
      f.advance(DAY + 1);
      expect([...(await f.store.active(TEAM, CHANNEL)).keys()]).toEqual([
        imageKey(snoozeInput({ imageDigest: digestOf('longer') })),
      ]);
      f.advance(6 * DAY);
      expect(await f.store.active(TEAM, CHANNEL)).toEqual(new Map());
    });

    it('a shorter snooze never shortens a longer one; a later one extends it', async () => {
      const f = await make();
      const long = await f.store.snooze(snoozeInput({ days: 30 }));
      expect((await f.store.snooze(snoozeInput({ days: 7 }))).until).toEqual(long.until);
      f.advance(25 * DAY);
      const extended = await f.store.snooze(snoozeInput({ days: 7 }));
      expect(extended.until.getTime()).toBe(f.now().getTime() + 7 * DAY);
    });

    it('writes every snooze to the audit log, with who, where and until when', async () => {
      const f = await make();
      const { until } = await f.store.snooze(snoozeInput());
      const [entry] = await f.audit.recent(1);
      expect(entry).toMatchObject({
        action: 'digest-snooze',
        outcome: 'snoozed',
        user: 'U0ALICE',
        team: TEAM,
        channel: CHANNEL,
        account: '111111111111',
        region: 'eu-west-1',
        image: `payments/api@${digestOf('snoozed')}`,
      });
      expect(entry?.detail).toContain(until.toISOString());
    });

    it.each([
      ['0 days', { days: 0 }],
      ['91 days', { days: 91 }],
      ['a digest that is no digest', { imageDigest: 'latest' }],
      ['an account that is no account', { accountId: '1234' }],
    ])('refuses %s and records nothing', async (_, change) => {
      const f = await make();
      await expect(f.store.snooze(snoozeInput(change))).rejects.toBeInstanceOf(UserFacingError);
      expect(await f.store.active(TEAM, CHANNEL)).toEqual(new Map());
      expect(await f.audit.recent(5)).toEqual([]);
    });
  });
}
