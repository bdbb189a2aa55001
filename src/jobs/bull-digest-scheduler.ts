/**
 * Digests on BullMQ (platform.md §7): queue `ecrscan-digest`, one job scheduler per subscription (id = the
 * subscription id, cron `M H * * *` in the subscription's zone), so every replica may upsert the same schedules
 * at boot without creating duplicates, and each run is one job taken by one worker. Jobs are at least once; the
 * day's claim in `post-digest.ts` makes the post exactly once. A Slack 429 rate-limits the whole queue for
 * Retry-After (`queue.rateLimit` + `Worker.RateLimitError`: Slack's limits are per workspace, and the job goes
 * back to waiting without using an attempt); a run that finds another attempt holding the day's lease is
 * delayed until the lease runs out (`moveToDelayed` + `DelayedError`).
 */
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import { cronPatternFor } from '../usecases/digest-schedule.js';
import type { Subscription } from '../usecases/digest-service.js';
import { type BullConnections, bullPrefix, logBullError } from './bull-connection.js';
import { activeJobs, closeWorker } from './bull-worker.js';
import type { RunOutcome } from './digest-runner.js';
import type { DigestScheduler } from './digest-scheduler.js';

export const DIGEST_QUEUE = 'ecrscan-digest';
const JOB_NAME = 'digest';

export interface DigestJobData {
  subscriptionId: string;
}

export interface BullDigestSchedulerOptions {
  connections: BullConnections;
  /** Our key prefix, e.g. `ecrscan:`; BullMQ's keys go under `<prefix>bull:`. */
  redisPrefix: string;
  log: Logger;
  run: (subscriptionId: string, runAt: Date) => Promise<RunOutcome>;
  /** The repeat options of a subscription (tests use a seconds pattern). Default: its `at` and zone. */
  repeatOf?: (sub: Subscription) => { pattern: string; tz: string };
  worker?: { concurrency?: number; lockDuration?: number; stalledInterval?: number; maxStalledCount?: number };
  /** Attempts of a run that throws (default 6), with exponential backoff from `backoffMs` (default 30 s). */
  job?: { attempts?: number; backoffMs?: number };
}

export function createBullDigestScheduler(opts: BullDigestSchedulerOptions): DigestScheduler & { queue: Queue } {
  const log = opts.log.child({ component: 'digest-scheduler', mode: 'bullmq' });
  const prefix = bullPrefix(opts.redisPrefix);
  const queue = new Queue<DigestJobData>(DIGEST_QUEUE, { connection: opts.connections.queue, prefix });
  queue.on('error', logBullError(log, 'digest queue'));
  const repeatOf =
    opts.repeatOf ?? ((sub: Subscription) => ({ pattern: cronPatternFor(sub.at) ?? '', tz: sub.timeZone }));
  let worker: Worker<DigestJobData> | undefined;
  const active = activeJobs<DigestJobData>();

  const template = (sub: Subscription) => ({
    name: JOB_NAME,
    data: { subscriptionId: sub.id },
    opts: {
      attempts: opts.job?.attempts ?? 6,
      backoff: { type: 'exponential', delay: opts.job?.backoffMs ?? 30_000 },
      removeOnComplete: { age: 7 * 86_400, count: 1_000 },
      removeOnFail: { age: 30 * 86_400 },
    },
  });

  async function upsert(sub: Subscription): Promise<void> {
    const repeat = repeatOf(sub);
    const current = await queue.getJobScheduler(sub.id);
    if (current && current.pattern === repeat.pattern && current.tz === repeat.tz && current.next !== undefined) return;
    await queue.upsertJobScheduler(sub.id, repeat, template(sub));
    log.info({ subscriptionId: sub.id, ...repeat }, 'digest schedule set');
  }

  async function process(job: Job<DigestJobData>, token?: string): Promise<string> {
    const runAt = new Date(job.opts.prevMillis ?? job.timestamp);
    const outcome = await opts.run(job.data.subscriptionId, runAt);
    if (outcome.kind === 'rate-limited') {
      await queue.rateLimit(outcome.retryAfterMs);
      throw Worker.RateLimitError();
    }
    if (outcome.kind === 'busy') {
      await job.moveToDelayed(Date.now() + outcome.retryAfterMs + 50, token);
      throw new DelayedError();
    }
    return outcome.kind;
  }

  return {
    mode: 'bullmq',
    queue,
    upsert,
    async remove(id) {
      await queue.removeJobScheduler(id);
    },
    async reconcile(subs) {
      const wanted = new Set(subs.map((s) => s.id));
      for (const scheduler of await queue.getJobSchedulers(0, -1)) {
        if (!wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
      }
      for (const sub of subs) await upsert(sub);
    },
    async nextRun(id) {
      const next = (await queue.getJobScheduler(id))?.next;
      return next === undefined || next === null ? undefined : new Date(next);
    },
    async start() {
      if (worker) return;
      const w = opts.worker ?? {};
      worker = new Worker<DigestJobData>(DIGEST_QUEUE, active.wrap(process), {
        connection: opts.connections.worker,
        prefix,
        concurrency: w.concurrency ?? 2,
        // A manual rate limit (`queue.rateLimit`) only holds back workers that have a limiter.
        limiter: { max: 60, duration: 60_000 },
        ...(w.lockDuration ? { lockDuration: w.lockDuration } : {}),
        ...(w.stalledInterval ? { stalledInterval: w.stalledInterval } : {}),
        maxStalledCount: w.maxStalledCount ?? 2,
      });
      worker.on('error', logBullError(log, 'digest worker'));
      worker.on('failed', (job, err) =>
        log.error({ err, subscriptionId: job?.data.subscriptionId, attempts: job?.attemptsMade }, 'digest job failed'),
      );
      log.info('digests run on BullMQ (queue ecrscan-digest): any number of replicas, one post per channel per day');
    },
    async close({ graceMs = 20_000 } = {}) {
      // A digest cut short resumes on another replica: its claim records every page.
      if (worker) await closeWorker(worker, active, { graceMs, log });
      await queue.close();
    },
  };
}
