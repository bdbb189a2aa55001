/**
 * DigestService as the Slack layer uses it, composed without Redis (in-memory stores, the in-process scheduler
 * on a fake clock) and posting to the fake Slack through the real digest WebClient.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExpiringReport } from '../../src/domain/expiring.js';
import { UserFacingError } from '../../src/errors.js';
import { createDigestRunner } from '../../src/jobs/digest-runner.js';
import { createDigestService } from '../../src/jobs/digest-service-impl.js';
import { createInProcessScheduler } from '../../src/jobs/in-process-scheduler.js';
import { createDigestWebClient, createSlackDigestPoster } from '../../src/jobs/slack-digest-poster.js';
import { createActionValueCodec } from '../../src/slack/action-value.js';
import { createMemoryAuditLog } from '../../src/state/audit-log.js';
import { createMemoryDigestClaims } from '../../src/state/digest-claims.js';
import { createMemorySnoozeStore } from '../../src/state/snoozes.js';
import { createMemorySubscriptionStore, withFileSubscriptions } from '../../src/state/subscriptions.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { captureLog } from '../support/log-capture.js';
import { CHANNEL, expiringImage, manyImages, reportOf, subscription, TEAM } from './support/digest-fixtures.js';
import { fakeTimers } from './support/fake-timers.js';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
const schedulers: { close(o?: { graceMs?: number }): Promise<void> }[] = [];
beforeEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.close({ graceMs: 2_000 })));
  slack.reset();
});
afterAll(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.close({ graceMs: 2_000 })));
  await slack.close();
});

const input = (over: Record<string, unknown> = {}) => ({
  teamId: TEAM,
  channelId: CHANNEL,
  repoFilters: ['payments/*'],
  at: '09:00',
  timeZone: 'Europe/Berlin',
  withinDays: 7,
  allClear: false,
  ...over,
});

function compose(opts: { report?: () => ExpiringReport; fromFile?: ReturnType<typeof subscription>[] } = {}) {
  const timers = fakeTimers('2026-05-01T06:00:00Z');
  const { log, lines } = captureLog();
  const now = () => new Date(timers.now());
  const audit = createMemoryAuditLog({ log });
  const subscriptions = withFileSubscriptions(createMemorySubscriptionStore(), opts.fromFile ?? []);
  const snoozes = createMemorySnoozeStore({ audit, now });
  const claims = createMemoryDigestClaims({ clock: timers });
  const reports: unknown[] = [];
  const report = async (q: unknown) => {
    reports.push(q);
    return (opts.report ?? (() => reportOf(manyImages(3, 2))))();
  };
  const runner = createDigestRunner({
    subscriptions,
    snoozes,
    claims,
    poster: createSlackDigestPoster(createDigestWebClient({ token: 'xoxb-t', slackApiUrl: slack.slackApiUrl })),
    report,
    encode: createActionValueCodec('k').encode,
    snoozeDays: 7,
    log,
    now,
    pageIntervalMs: 0,
  });
  const scheduler = createInProcessScheduler({ run: (id, at) => runner.run(id, at), log, timers });
  schedulers.push(scheduler);
  const counts = new Map<string, unknown>();
  const service = createDigestService({
    subscriptions,
    snoozes,
    claims,
    scheduler,
    runner,
    report,
    log,
    now,
    loader: {
      load: async <T>(key: string, _ttl: unknown, fn: () => Promise<T>) => {
        if (!counts.has(key)) counts.set(key, await fn());
        return counts.get(key) as T;
      },
    },
  });
  return { service, scheduler, timers, audit, lines, reports, subscriptions };
}

/** Waits until the fake Slack has a completed digest header in the channel (or the all-clear). */
const posted = (channel = CHANNEL) =>
  slack.waitFor(
    () =>
      slack
        .messages(channel)
        .find((m) => m.threadTs === undefined && (m.edits > 0 || /All clear/.test(JSON.stringify(m.blocks)))),
    5_000,
  );

describe('DigestService', () => {
  it('subscribe stores and schedules; the same channel and filters again updates the one subscription', async () => {
    const c = compose();
    await c.scheduler.start();
    const first = await c.service.subscribe(input(), { userId: 'U0ADMIN' });
    expect(first).toMatchObject({ source: 'slack', createdBy: 'U0ADMIN', repoFilters: ['payments/*'] });
    expect(await c.scheduler.nextRun(first.id)).toEqual(new Date('2026-05-01T07:00:00Z'));
    const again = await c.service.subscribe(input({ at: '10:30', repoFilters: ['payments/*', 'payments/*'] }), {
      userId: 'U0OTHER',
    });
    expect(again.id).toBe(first.id);
    expect(again.createdBy).toBe('U0ADMIN');
    expect(await c.service.list(TEAM, CHANNEL)).toHaveLength(1);
    expect(await c.scheduler.nextRun(first.id)).toEqual(new Date('2026-05-01T08:30:00Z'));
    // The update keeps the first creation time and says it is one: the Slack command's audit entry reads it.
    expect(again.createdAt).toEqual(first.createdAt);
    expect(first.updatedAt).toBeUndefined();
    expect(again.updatedAt).toBeInstanceOf(Date);
    // The command audits each attempt once; the service adds no second entry (digest-command.ts).
    expect(await c.audit.recent(5)).toEqual([]);
  });

  it('refuses a bad subscription with a message for the user, storing nothing', async () => {
    const c = compose();
    const error = await c.service.subscribe(input({ at: '9am', withinDays: 0 }), { userId: 'U0ADMIN' }).catch((e) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toMatch(/time of day.*from 1 to 180/);
    expect(await c.service.list(TEAM)).toEqual([]);
  });

  it('unsubscribe removes the schedule too, by id or the whole channel', async () => {
    const c = compose();
    const a = await c.service.subscribe(input(), { userId: 'U0ADMIN' });
    const b = await c.service.subscribe(input({ repoFilters: [] }), { userId: 'U0ADMIN' });
    expect(await c.service.unsubscribe(TEAM, CHANNEL, a.id)).toBe(1);
    expect(await c.scheduler.nextRun(a.id)).toBeUndefined();
    expect(await c.scheduler.nextRun(b.id)).toBeDefined();
    expect(await c.service.unsubscribe(TEAM, CHANNEL, undefined)).toBe(1);
    expect(await c.service.list(TEAM)).toEqual([]);
    expect(await c.audit.recent(5)).toEqual([]);
  });

  it('subscriptions from the digest file are listed but cannot be unsubscribed from Slack', async () => {
    const fromFile = subscription({ source: 'file', createdBy: 'file' });
    const c = compose({ fromFile: [fromFile] });
    expect((await c.service.list(TEAM, CHANNEL)).map((s) => s.source)).toEqual(['file']);
    await expect(c.service.unsubscribe(TEAM, CHANNEL, fromFile.id)).rejects.toThrow(/ECRSCAN_DIGEST_FILE/);
    await expect(c.service.subscribe(input({ repoFilters: [] }), { userId: 'U0ADMIN' })).rejects.toThrow(/digest file/);
  });

  it('preview posts now what the digest would say, and does not count as the day’s digest', async () => {
    const c = compose();
    const sub = await c.service.subscribe(input(), { userId: 'U0ADMIN' });
    await c.service.preview(sub);
    const preview = slack.messages(CHANNEL).filter((m) => m.threadTs === undefined);
    expect(preview).toHaveLength(1);
    expect(preview[0]?.text).toContain('(preview)');
    await c.scheduler.start();
    await c.timers.advanceTo('2026-05-01T07:00:00Z');
    await posted();
    const headers = slack.messages(CHANNEL).filter((m) => m.threadTs === undefined);
    expect(headers.map((h) => h.text?.split(':')[0])).toEqual([
      'ECR scan coverage digest (preview)',
      'ECR scan coverage digest · 2026-05-01',
    ]);
  });

  it('preview of a quiet subscription says all clear rather than nothing', async () => {
    const c = compose({ report: () => reportOf([]) });
    await c.service.preview(subscription());
    expect(JSON.stringify(slack.messages(CHANNEL))).toContain('All clear');
  });

  it('a quiet day posts nothing, unless the subscription asked for an all clear', async () => {
    const c = compose({ report: () => reportOf([]) });
    await c.service.subscribe(input(), { userId: 'U0ADMIN' });
    await c.service.subscribe(input({ channelId: 'C0ALLCLEAR', allClear: true }), { userId: 'U0ADMIN' });
    await c.scheduler.start();
    await c.timers.advanceTo('2026-05-01T07:00:00Z');
    await posted('C0ALLCLEAR');
    expect(slack.messages(CHANNEL)).toEqual([]);
    expect(slack.messages('C0ALLCLEAR')).toHaveLength(1);
  });

  it('report applies the minimum severity; status gives last post, next run and cached counts', async () => {
    const c = compose({
      report: () =>
        reportOf([
          expiringImage({ repositoryName: 'payments/api', seed: 'low', highestSeverity: 'LOW' }),
          expiringImage({
            repositoryName: 'payments/api',
            seed: 'crit',
            highestSeverity: 'CRITICAL',
            state: 'expired',
          }),
        ]),
    });
    const report = await c.service.report({ repoFilters: [], withinDays: 7, minSeverity: 'HIGH' });
    expect(report.counts).toMatchObject({ expiring: 0, expired: 1 });
    const sub = await c.service.subscribe(input({ minSeverity: 'HIGH' }), { userId: 'U0ADMIN' });
    await c.scheduler.start();
    await c.timers.advanceTo('2026-05-01T07:00:00Z');
    await posted();
    const status = await slack.waitFor(async () => {
      const [first] = await c.service.status(TEAM);
      return first?.lastPostedAt ? first : undefined;
    });
    expect(status).toMatchObject({
      subscription: { id: sub.id },
      lastPostedAt: new Date('2026-05-01T07:00:00Z'),
      nextRunAt: new Date('2026-05-02T07:00:00Z'),
      counts: { expiring: 0, expired: 1 },
    });
    // With a min-severity, every report (on demand, the digest, the App Home counts) asks for severities.
    expect(c.reports.length).toBeGreaterThanOrEqual(3);
    expect(c.reports.every((q) => (q as { severity?: boolean }).severity === true)).toBe(true);
    const before = c.reports.length;
    await c.service.status(TEAM);
    expect(c.reports.length).toBe(before);
  });

  it('the first digest lists images expired within the window; later ones, those expired since the last digest', async () => {
    const c = compose();
    await c.service.subscribe(input(), { userId: 'U0ADMIN' });
    await c.scheduler.start();
    await c.timers.advanceTo('2026-05-01T07:00:00Z');
    await posted();
    await c.timers.advanceTo('2026-05-02T07:00:00Z');
    await slack.waitFor(() => c.reports.length >= 2);
    expect(c.reports).toEqual([
      // No min-severity: severities are not read (they cost an Inspector call per repository).
      { withinDays: 7, repoFilters: ['payments/*'], expiredSince: new Date('2026-04-24T07:00:00Z'), severity: false },
      { withinDays: 7, repoFilters: ['payments/*'], expiredSince: new Date('2026-05-01T07:00:00Z'), severity: false },
    ]);
  });
});
