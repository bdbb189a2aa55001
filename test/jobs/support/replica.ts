/**
 * One ecrscan replica's digest machinery on real Redis and BullMQ, posting to the fake Slack through the real
 * digest WebClient: stores, runner, BullMQ scheduler and the DigestService, as `create-jobs.ts` composes them.
 * Replicas made with the same prefix share everything, like two pods on one Redis.
 */
import type { Logger } from 'pino';
import { createRedisClient } from '../../../src/cache/redis-client.js';
import type { ExpiringReport } from '../../../src/domain/expiring.js';
import { createWorkerTemplate } from '../../../src/jobs/bull-connection.js';
import { createBullDigestScheduler } from '../../../src/jobs/bull-digest-scheduler.js';
import { createDigestRunner } from '../../../src/jobs/digest-runner.js';
import { createDigestService } from '../../../src/jobs/digest-service-impl.js';
import { createDigestWebClient, createSlackDigestPoster } from '../../../src/jobs/slack-digest-poster.js';
import { createActionValueCodec } from '../../../src/slack/action-value.js';
import { createMemoryAuditLog } from '../../../src/state/audit-log.js';
import { createRedisDigestClaims } from '../../../src/state/digest-redis-claims.js';
import { createRedisSnoozeStore } from '../../../src/state/digest-redis-snoozes.js';
import { createRedisSubscriptionStore } from '../../../src/state/digest-redis-subscriptions.js';
import type { DigestPoster } from '../../../src/usecases/post-digest.js';
import type { FakeSlack } from '../../support/fake-slack.js';

export const EVERY_SECOND = { pattern: '* * * * * *', tz: 'UTC' };

export interface ReplicaOptions {
  redisUrl: string;
  prefix: string;
  slack: FakeSlack;
  log: Logger;
  report: () => ExpiringReport;
  /** Wraps the real poster (to make a replica die mid-digest). */
  wrapPoster?: (poster: DigestPoster) => DigestPoster;
  pageIntervalMs?: number;
  leaseMs?: number;
}

export function replica(opts: ReplicaOptions) {
  const { log } = opts;
  const redis = createRedisClient(opts.redisUrl, { log, name: 'ecrscan-test-replica' });
  const statePrefix = `${opts.prefix}state:`;
  const audit = createMemoryAuditLog({ log });
  const subscriptions = createRedisSubscriptionStore({ redis, prefix: statePrefix, log });
  const snoozes = createRedisSnoozeStore({ redis, prefix: statePrefix, log, audit });
  const claims = createRedisDigestClaims({ redis, prefix: statePrefix, log });
  const real = createSlackDigestPoster(
    createDigestWebClient({ token: 'xoxb-digest-test', slackApiUrl: opts.slack.slackApiUrl }),
  );
  const runner = createDigestRunner({
    subscriptions,
    snoozes,
    claims,
    poster: opts.wrapPoster ? opts.wrapPoster(real) : real,
    report: async () => opts.report(),
    encode: createActionValueCodec('replica-test-key').encode,
    snoozeDays: 7,
    log,
    now: () => new Date(),
    pageIntervalMs: opts.pageIntervalMs ?? 50,
    leaseMs: opts.leaseMs ?? 1_500,
  });
  const worker = createWorkerTemplate(opts.redisUrl, log);
  const scheduler = createBullDigestScheduler({
    connections: { queue: redis, worker },
    redisPrefix: opts.prefix,
    log,
    run: (id, runAt) => runner.run(id, runAt),
    repeatOf: () => EVERY_SECOND,
    worker: { concurrency: 2, lockDuration: 1_000, stalledInterval: 300, maxStalledCount: 3 },
    job: { attempts: 5, backoffMs: 200 },
  });
  const service = createDigestService({
    subscriptions,
    snoozes,
    claims,
    scheduler,
    runner,
    report: async () => opts.report(),
    log,
    now: () => new Date(),
  });
  return {
    service,
    scheduler,
    runner,
    subscriptions,
    claims,
    audit,
    redis,
    /** Boot: schedules from the store, then the worker. */
    async start() {
      await scheduler.reconcile(await subscriptions.list());
      await scheduler.start();
    },
    /** A replica that dies: its worker stops renewing locks at once and its state connection goes. */
    async kill() {
      await scheduler.close({ graceMs: 0 });
      redis.disconnect();
      worker.disconnect();
    },
    async close() {
      await scheduler.close({ graceMs: 2_000 });
      redis.disconnect();
      worker.disconnect();
    },
  };
}
