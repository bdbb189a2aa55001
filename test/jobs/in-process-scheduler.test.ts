/**
 * The in-process scheduler (no REDIS_URL) against a fake clock: runs land on the right UTC instant across DST
 * changes, each run is for the right local day, a rate-limited run is retried after Retry-After, and the start
 * log says digests run on this replica only.
 */
import { describe, expect, it } from 'vitest';
import { createDigestRunner, type RunOutcome } from '../../src/jobs/digest-runner.js';
import { createInProcessScheduler } from '../../src/jobs/in-process-scheduler.js';
import { createMemoryAuditLog } from '../../src/state/audit-log.js';
import { createMemoryDigestClaims } from '../../src/state/digest-claims.js';
import { createMemorySnoozeStore } from '../../src/state/snoozes.js';
import { createMemorySubscriptionStore } from '../../src/state/subscriptions.js';
import type { DigestPoster } from '../../src/usecases/post-digest.js';
import { captureLog } from '../support/log-capture.js';
import { expiringImage, reportOf, subscription } from './support/digest-fixtures.js';
import { fakeTimers } from './support/fake-timers.js';

const posted: RunOutcome = { kind: 'posted', headerTs: '1.1', pages: 1, resumed: false };

function recorder(timers: ReturnType<typeof fakeTimers>, outcomes: RunOutcome[] = []) {
  const runs: { id: string; runAt: string; firedAt: string }[] = [];
  return {
    runs,
    run: async (id: string, runAt: Date) => {
      runs.push({ id, runAt: runAt.toISOString(), firedAt: new Date(timers.now()).toISOString() });
      return outcomes.shift() ?? posted;
    },
  };
}

describe('in-process digest scheduler', () => {
  it('runs 09:00 Europe/Berlin at 08:00Z before the last Sunday of March and at 07:00Z from then on', async () => {
    const timers = fakeTimers('2026-03-27T12:00:00Z');
    const rec = recorder(timers);
    const { log } = captureLog();
    const scheduler = createInProcessScheduler({ run: rec.run, log, timers });
    const berlin = subscription({ timeZone: 'Europe/Berlin' });
    const newYork = subscription({ channelId: 'C0NEWYORK', timeZone: 'America/New_York' });
    await scheduler.reconcile([berlin, newYork]);
    await scheduler.start();
    await timers.advanceTo('2026-03-31T12:00:00Z');
    expect(rec.runs.filter((r) => r.id === berlin.id).map((r) => r.runAt)).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
    // New York changed three weeks earlier: 13:00Z all week.
    expect(rec.runs.filter((r) => r.id === newYork.id).map((r) => r.runAt)).toEqual([
      '2026-03-27T13:00:00.000Z',
      '2026-03-28T13:00:00.000Z',
      '2026-03-29T13:00:00.000Z',
      '2026-03-30T13:00:00.000Z',
    ]);
    expect(rec.runs.every((r) => r.runAt === r.firedAt)).toBe(true);
    expect(await scheduler.nextRun(berlin.id)).toEqual(new Date('2026-04-01T07:00:00Z'));
    await scheduler.close({ graceMs: 10 });
  });

  it('across the last Sunday of October and New York’s first Sunday of November', async () => {
    const timers = fakeTimers('2026-10-23T12:00:00Z');
    const rec = recorder(timers);
    const scheduler = createInProcessScheduler({ run: rec.run, log: captureLog().log, timers });
    const berlin = subscription({ timeZone: 'Europe/Berlin' });
    const newYork = subscription({ channelId: 'C0NEWYORK', timeZone: 'America/New_York' });
    await scheduler.reconcile([berlin, newYork]);
    await scheduler.start();
    await timers.advanceTo('2026-11-02T15:00:00Z');
    const of = (id: string) => rec.runs.filter((r) => r.id === id).map((r) => r.runAt.slice(5, 16));
    expect(of(berlin.id).slice(0, 3)).toEqual(['10-24T07:00', '10-25T08:00', '10-26T08:00']);
    expect(of(newYork.id).slice(-3)).toEqual(['10-31T13:00', '11-01T14:00', '11-02T14:00']);
    await scheduler.close({ graceMs: 10 });
  });

  it('waits out a 429 and runs the same day again; an error is retried with backoff', async () => {
    const timers = fakeTimers('2026-05-01T06:59:00Z');
    const rec = recorder(timers, [
      { kind: 'rate-limited', retryAfterMs: 30_000 },
      { kind: 'busy', retryAfterMs: 5_000 },
    ]);
    let threw = false;
    const scheduler = createInProcessScheduler({
      run: async (id, runAt) => {
        const outcome = await rec.run(id, runAt);
        if (!threw && rec.runs.length === 3) {
          threw = true;
          throw new Error('AWS unreachable');
        }
        return outcome;
      },
      log: captureLog().log,
      timers,
      retryBaseMs: 60_000,
    });
    await scheduler.reconcile([subscription({ timeZone: 'Europe/Berlin' })]);
    await scheduler.start();
    await timers.advanceTo('2026-05-01T08:00:00Z');
    expect(rec.runs.map((r) => [r.runAt, r.firedAt])).toEqual([
      ['2026-05-01T07:00:00.000Z', '2026-05-01T07:00:00.000Z'],
      ['2026-05-01T07:00:00.000Z', '2026-05-01T07:00:30.000Z'],
      ['2026-05-01T07:00:00.000Z', '2026-05-01T07:00:35.000Z'],
      ['2026-05-01T07:00:00.000Z', '2026-05-01T07:01:35.000Z'],
    ]);
    await scheduler.close({ graceMs: 10 });
  });

  it('stops running a removed subscription; reconcile keeps exactly the given ones', async () => {
    const timers = fakeTimers('2026-05-01T00:00:00Z');
    const rec = recorder(timers);
    const scheduler = createInProcessScheduler({ run: rec.run, log: captureLog().log, timers });
    const a = subscription({ timeZone: 'UTC', at: '06:00' });
    const b = subscription({ channelId: 'C0B', timeZone: 'UTC', at: '07:00' });
    await scheduler.reconcile([a, b]);
    await scheduler.start();
    await scheduler.remove(b.id);
    await timers.advanceTo('2026-05-01T12:00:00Z');
    expect(rec.runs.map((r) => r.id)).toEqual([a.id]);
    expect(await scheduler.nextRun(b.id)).toBeUndefined();
    await scheduler.close({ graceMs: 10 });
  });

  it('says at start that digests run in-process, on this replica only', async () => {
    const { log, lines } = captureLog();
    const scheduler = createInProcessScheduler({ run: async () => posted, log, timers: fakeTimers(0) });
    await scheduler.start();
    expect(lines.some((l) => /digests run in-process on this replica only/.test(l.msg ?? ''))).toBe(true);
    await scheduler.close({ graceMs: 10 });
  });

  it('with the real runner: one digest per local day across the autumn change, for a 02:30 schedule that occurs twice', async () => {
    const timers = fakeTimers('2026-10-23T12:00:00Z');
    const { log } = captureLog();
    const subscriptions = createMemorySubscriptionStore();
    const sub = await subscriptions.upsert(subscription({ at: '02:30', timeZone: 'Europe/Berlin' }));
    const headers: string[] = [];
    const poster: DigestPoster = {
      post: async ({ text, threadTs }) => {
        if (!threadTs) headers.push(text);
        return { ts: `${timers.now() / 1000}` };
      },
      update: async () => {},
    };
    const runner = createDigestRunner({
      subscriptions,
      snoozes: createMemorySnoozeStore({ audit: createMemoryAuditLog({ log }) }),
      claims: createMemoryDigestClaims({ clock: timers }),
      poster,
      report: async () => reportOf([expiringImage({ repositoryName: 'payments/api', seed: 'x' })]),
      encode: () => 'signed',
      snoozeDays: 7,
      log,
      now: () => new Date(timers.now()),
      sleep: async () => {},
    });
    const scheduler = createInProcessScheduler({ run: (id, at) => runner.run(id, at), log, timers });
    await scheduler.reconcile([sub]);
    await scheduler.start();
    await timers.advanceTo('2026-10-27T12:00:00Z');
    expect(headers.map((h) => h.match(/\d{4}-\d\d-\d\d/)?.[0])).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
      '2026-10-27',
    ]);
    await scheduler.close({ graceMs: 10 });
  });
});
