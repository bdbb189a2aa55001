/**
 * Digests on BullMQ with real Redis and the fake Slack, posted through the real digest WebClient. Schedulers fire
 * every second here (the production pattern is `M H * * *`), so a test sees several runs of the same day: exactly
 * one digest must come out of them, whatever the replicas, crashes and 429s.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWorkerTemplate } from '../../src/jobs/bull-connection.js';
import { createBullDigestScheduler } from '../../src/jobs/bull-digest-scheduler.js';
import { imageKey } from '../../src/state/snoozes.js';
import { nextRunAt } from '../../src/usecases/digest-schedule.js';
import type { DigestPoster } from '../../src/usecases/post-digest.js';
import { redisHarness } from '../state/redis-harness.js';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { captureLog } from '../support/log-capture.js';
import { CHANNEL, expiringImage, manyImages, reportOf, subscription, TEAM } from './support/digest-fixtures.js';
import { replica } from './support/replica.js';

const redisUrl = inject('redisUrl');
const harness = redisHarness(redisUrl, 'bull-digests');
const { log } = captureLog();
let slack: FakeSlack;
let replicas: ReturnType<typeof replica>[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.close().catch(() => {})));
  replicas = [];
  slack.reset();
});
afterAll(async () => {
  await slack.close();
  await harness.close();
});

const subscribeInput = (channelId = CHANNEL) => ({
  teamId: TEAM,
  channelId,
  repoFilters: [],
  at: '09:00',
  timeZone: 'Europe/Berlin',
  withinDays: 7,
  allClear: false,
});

function make(
  prefix: string,
  report = () => reportOf(manyImages(45, 1)),
  extra: Partial<Parameters<typeof replica>[0]> = {},
) {
  const r = replica({ redisUrl, prefix, slack, log, report, ...extra });
  replicas.push(r);
  return r;
}

/** The channel's digest: headers (top-level messages) and the pages in each header's thread. */
function digestIn(channel: string) {
  const messages = slack.messages(channel);
  const headers = messages.filter((m) => m.threadTs === undefined);
  const pages = (h: FakeMessage) => messages.filter((m) => m.threadTs === h.ts).map((m) => m.text ?? '');
  return { headers, pages };
}

const complete = (channel: string) => () =>
  digestIn(channel).headers.some((h) => h.edits > 0 && /in the thread below/.test(JSON.stringify(h.blocks)));

describe('digests on BullMQ', () => {
  it('two replicas sharing Redis post exactly one digest per subscription per day', async () => {
    const prefix = harness.prefix();
    const a = make(prefix);
    const b = make(prefix);
    await Promise.all([a.start(), b.start()]);
    await a.service.subscribe(subscribeInput(CHANNEL), { userId: 'U0ADMIN' });
    await b.service.subscribe(subscribeInput('C0SECOND'), { userId: 'U0ADMIN' });
    // Each replica boots again (reconcile): still one scheduler per subscription.
    await Promise.all([a.start(), b.start()]);
    expect(await a.scheduler.queue.getJobSchedulersCount()).toBe(2);

    await slack.waitFor(() => complete(CHANNEL)() && complete('C0SECOND')(), 15_000);
    // Let the every-second schedulers fire a few more times on both replicas: those runs find the day done.
    await slack.waitFor(async () => (await a.scheduler.queue.getJobCountByTypes('completed')) >= 6, 15_000);

    for (const channel of [CHANNEL, 'C0SECOND']) {
      const { headers, pages } = digestIn(channel);
      expect(headers).toHaveLength(1);
      expect(pages(headers[0]!)).toEqual([
        expect.stringContaining('page 1 of 3'),
        expect.stringContaining('page 2 of 3'),
        expect.stringContaining('page 3 of 3'),
      ]);
    }
    expect(slack.violations).toEqual([]);
  });

  it('a replica killed mid-digest still yields exactly one complete digest: header updated, every page once', async () => {
    const prefix = harness.prefix();
    let posts = 0;
    let hung = false;
    // Replica A dies after the header and one page: the third post never returns, and then A is gone.
    const dying = (real: DigestPoster): DigestPoster => ({
      post: async (message) => {
        posts += 1;
        if (posts >= 3) {
          hung = true;
          return new Promise<never>(() => {});
        }
        return real.post(message);
      },
      update: real.update,
    });
    const a = make(prefix, undefined, { wrapPoster: dying });
    const bLog = captureLog();
    const b = make(prefix, undefined, { log: bLog.log });
    await a.start();
    await a.service.subscribe(subscribeInput(), { userId: 'U0ADMIN' });
    await slack.waitFor(() => hung && digestIn(CHANNEL).headers.length === 1, 10_000);
    expect(digestIn(CHANNEL).pages(digestIn(CHANNEL).headers[0]!)).toHaveLength(1);
    await a.kill();

    await b.start();
    await slack.waitFor(complete(CHANNEL), 15_000);
    const { headers, pages } = digestIn(CHANNEL);
    expect(headers).toHaveLength(1);
    expect(headers[0]!.edits).toBeGreaterThanOrEqual(1);
    expect(pages(headers[0]!)).toEqual([
      expect.stringContaining('page 1 of 3'),
      expect.stringContaining('page 2 of 3'),
      expect.stringContaining('page 3 of 3'),
    ]);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200)).toHaveLength(4);
    // Replica B picked the digest up where A stopped (after page 1), not from scratch.
    await slack.waitFor(() =>
      bLog.lines.some((l) => l.msg === 'resumed a digest after an interruption' && l.from === 1),
    );
  });

  it('a replica killed after Slack accepted a page, before recording it: the page is found, not posted twice', async () => {
    const prefix = harness.prefix();
    let posts = 0;
    let hung = false;
    // The third post (page 2) reaches Slack, then replica A dies before it can record the ts.
    const dying = (real: DigestPoster): DigestPoster => ({
      ...real,
      post: async (message) => {
        posts += 1;
        if (posts < 3) return real.post(message);
        await real.post(message);
        hung = true;
        return new Promise<never>(() => {});
      },
    });
    const a = make(prefix, undefined, { wrapPoster: dying });
    const bLog = captureLog();
    const b = make(prefix, undefined, { log: bLog.log });
    await a.start();
    await a.service.subscribe(subscribeInput(), { userId: 'U0ADMIN' });
    await slack.waitFor(() => hung, 10_000);
    await a.kill();

    await b.start();
    await slack.waitFor(complete(CHANNEL), 15_000);
    const { headers, pages } = digestIn(CHANNEL);
    expect(headers).toHaveLength(1);
    expect(pages(headers[0]!)).toEqual([
      expect.stringContaining('page 1 of 3'),
      expect.stringContaining('page 2 of 3'),
      expect.stringContaining('page 3 of 3'),
    ]);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200)).toHaveLength(4);
    await slack.waitFor(() =>
      bLog.lines.some((l) => l.msg === 'found the message an interrupted attempt had posted; not posting it again'),
    );
  });

  it('Slack 429s slow the digest down but lose nothing and duplicate nothing', async () => {
    const prefix = harness.prefix();
    slack.enforcePostRate(true);
    const limit = slack.rateLimit({ method: 'chat.postMessage', everyNth: 3, retryAfterSeconds: 1 });
    const a = make(prefix, () => reportOf(manyImages(70, 2)), { pageIntervalMs: 1_000 });
    await a.start();
    await a.service.subscribe(subscribeInput(), { userId: 'U0ADMIN' });
    await slack.waitFor(complete(CHANNEL), 18_000);
    const { headers, pages } = digestIn(CHANNEL);
    expect(headers).toHaveLength(1);
    expect(pages(headers[0]!)).toEqual([1, 2, 3, 4].map((n) => expect.stringContaining(`page ${n} of 4`)));
    expect(limit.hits()).toBeGreaterThanOrEqual(1);
    expect(slack.calls.filter((c) => c.status === 429).length).toBe(
      slack.calls.filter((c) => c.method === 'chat.postMessage').length - 5,
    );
    expect(slack.violations).toEqual([]);
  }, 25_000);

  it('a snoozed image is left out of the channel’s digest, and the header says one was', async () => {
    const prefix = harness.prefix();
    const snoozed = expiringImage({ repositoryName: 'payments/api', seed: 'snooze-me' });
    const shown = expiringImage({ repositoryName: 'payments/api', seed: 'show-me' });
    const a = make(prefix, () => reportOf([snoozed, shown]));
    await a.service.snooze({
      teamId: TEAM,
      channelId: CHANNEL,
      accountId: snoozed.accountId,
      region: snoozed.region,
      repositoryName: snoozed.repositoryName,
      imageDigest: snoozed.imageDigest,
      days: 7,
      by: 'U0ALICE',
    });
    await a.start();
    await a.service.subscribe(subscribeInput(), { userId: 'U0ADMIN' });
    await slack.waitFor(complete(CHANNEL), 10_000);
    const text = JSON.stringify(slack.messages(CHANNEL));
    expect(text).toContain(shown.imageDigest.slice(0, 19));
    expect(text).not.toContain(snoozed.imageDigest.slice(0, 19));
    expect(text).toContain('1 snoozed image left out');
    expect((await a.audit.recent(5)).find((e) => e.action === 'digest-snooze')?.image).toBe(
      `payments/api@${snoozed.imageDigest}`,
    );
    expect(imageKey(snoozed)).not.toBe(imageKey(shown));
  });

  it('keeps one job scheduler per subscription: cron from "at" in its zone, moved on change, gone on unsubscribe', async () => {
    // The production schedule, not the test's every-second one.
    const connections = { queue: harness.client(log), worker: createWorkerTemplate(redisUrl, log) };
    const scheduler = createBullDigestScheduler({
      connections,
      redisPrefix: harness.prefix(),
      log,
      run: async () => ({ kind: 'nothing-to-say' }),
    });
    try {
      const sub = subscription({ id: 'sub-0000000000000001' });
      await scheduler.upsert(sub);
      await scheduler.upsert(sub);
      expect(await scheduler.queue.getJobScheduler(sub.id)).toMatchObject({
        pattern: '0 9 * * *',
        tz: 'Europe/Berlin',
      });
      const next = await scheduler.nextRun(sub.id);
      expect(next).toEqual(nextRunAt(sub, new Date()));
      await scheduler.upsert({ ...sub, at: '17:45', timeZone: 'America/New_York' });
      expect(await scheduler.queue.getJobScheduler(sub.id)).toMatchObject({
        pattern: '45 17 * * *',
        tz: 'America/New_York',
      });
      expect(await scheduler.queue.getJobSchedulersCount()).toBe(1);

      await scheduler.upsert({ ...sub, id: 'sub-0000000000000002' });
      await scheduler.reconcile([sub]);
      expect((await scheduler.queue.getJobSchedulers()).map((s) => s.key)).toEqual([sub.id]);
      await scheduler.remove(sub.id);
      expect(await scheduler.queue.getJobSchedulersCount()).toBe(0);
      expect(await scheduler.nextRun(sub.id)).toBeUndefined();
    } finally {
      await scheduler.close();
      connections.worker.disconnect();
    }
  });
});
