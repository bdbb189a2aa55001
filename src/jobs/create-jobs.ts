/**
 * The scheduled front end, composed once by `main.ts`: with REDIS_URL, subscriptions, snoozes and day claims in
 * Redis and digests and rescan follow-ups on BullMQ (any number of replicas); without it, the in-memory twins and
 * an in-process timer (one replica; the log says so at start). Digests post with their own Slack WebClient
 * (`slack-digest-poster.ts`), never through Bolt's.
 */
import type { Config } from '../config.js';
import type { Core } from '../core.js';
import type { Logger } from '../logger.js';
import type { ActionValueCodec } from '../slack/action-value.js';
import { createMemoryDigestClaims, type DigestClaims } from '../state/digest-claims.js';
import { loadDigestFile } from '../state/digest-file.js';
import { createRedisDigestClaims } from '../state/digest-redis-claims.js';
import { createRedisSnoozeStore } from '../state/digest-redis-snoozes.js';
import { createRedisSubscriptionStore } from '../state/digest-redis-subscriptions.js';
import { createMemorySnoozeStore, type SnoozeStore } from '../state/snoozes.js';
import {
  createMemorySubscriptionStore,
  type SubscriptionStore,
  withFileSubscriptions,
} from '../state/subscriptions.js';
import { type DigestService, SNOOZE_DAYS, type Subscription } from '../usecases/digest-service.js';
import type { FollowPolicy } from '../usecases/follow-rescan.js';
import { listExpiring } from '../usecases/list-expiring.js';
import type { DigestPoster } from '../usecases/post-digest.js';
import { type BullConnections, createWorkerTemplate } from './bull-connection.js';
import { type BullDigestSchedulerOptions, createBullDigestScheduler } from './bull-digest-scheduler.js';
import { createDigestRunner, type ReportFn } from './digest-runner.js';
import type { DigestScheduler } from './digest-scheduler.js';
import { createDigestService } from './digest-service-impl.js';
import { createInProcessScheduler, type SchedulerTimers } from './in-process-scheduler.js';
import { createBullRescanFollower, type RescanFollower } from './rescan-follow-queue.js';
import { createDigestWebClient, createSlackDigestPoster } from './slack-digest-poster.js';

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface JobsTuning {
  pageIntervalMs?: number;
  leaseMs?: number;
  repeatOf?: BullDigestSchedulerOptions['repeatOf'];
  digestWorker?: BullDigestSchedulerOptions['worker'];
  followPolicy?: FollowPolicy;
  timers?: SchedulerTimers;
}

export interface JobsOptions {
  config: Config;
  core: Core;
  log: Logger;
  values: Pick<ActionValueCodec, 'encode'>;
  /** Default `ecrscan:`, as for the core. */
  redisPrefix?: string;
  /** Default: `listExpiring` over the core's targets. */
  report?: ReportFn;
  /** Default: a digest WebClient on SLACK_BOT_TOKEN / SLACK_API_URL. */
  poster?: DigestPoster;
  tuning?: JobsTuning;
}

export interface Jobs {
  mode: 'bullmq' | 'in-process';
  digests: DigestService;
  /** Rescan follow-ups on BullMQ; absent without Redis (they then run in the Slack process). */
  follower?: RescanFollower;
  /** Schedules every stored subscription (dropping schedules of removed ones) and starts the workers. */
  start(): Promise<void>;
  /** Finishes or hands over running jobs (bounded), then closes the queues. */
  stop(): Promise<void>;
}

export function createJobs(opts: JobsOptions): Jobs {
  const { config, core, log } = opts;
  const tuning = opts.tuning ?? {};
  const redisPrefix = opts.redisPrefix ?? 'ecrscan:';
  const fromFile = config.digestFile ? loadDigestFile(config.digestFile, { now: core.now() }) : [];
  const report: ReportFn = opts.report ?? ((query) => listExpiring(core, query));
  const poster =
    opts.poster ??
    createSlackDigestPoster(
      createDigestWebClient({ token: config.slack.botToken ?? '', slackApiUrl: config.slack.apiUrl }),
    );
  const redis = config.redisUrl ? core.redis : undefined;
  const statePrefix = `${redisPrefix}state:`;
  const audit = core.state.audit;

  let store: SubscriptionStore;
  let snoozes: SnoozeStore;
  let claims: DigestClaims;
  if (redis) {
    store = createRedisSubscriptionStore({ redis, prefix: statePrefix, log });
    snoozes = createRedisSnoozeStore({ redis, prefix: statePrefix, log, audit, now: core.now });
    claims = createRedisDigestClaims({ redis, prefix: statePrefix, log });
  } else {
    store = createMemorySubscriptionStore();
    snoozes = createMemorySnoozeStore({ audit, now: core.now });
    claims = createMemoryDigestClaims();
  }
  const subscriptions = withFileSubscriptions(store, fromFile);
  const runner = createDigestRunner({
    subscriptions,
    snoozes,
    claims,
    poster,
    report,
    encode: (subject) => opts.values.encode(subject),
    snoozeDays: SNOOZE_DAYS,
    log,
    now: core.now,
    ...(tuning.pageIntervalMs === undefined ? {} : { pageIntervalMs: tuning.pageIntervalMs }),
    ...(tuning.leaseMs === undefined ? {} : { leaseMs: tuning.leaseMs }),
  });
  const run = (id: string, runAt: Date) => runner.run(id, runAt);
  const connections: BullConnections | undefined =
    config.redisUrl && redis ? { queue: redis, worker: createWorkerTemplate(config.redisUrl, log) } : undefined;
  const scheduler: DigestScheduler = connections
    ? createBullDigestScheduler({
        connections,
        redisPrefix,
        log,
        run,
        ...(tuning.repeatOf ? { repeatOf: tuning.repeatOf } : {}),
        ...(tuning.digestWorker ? { worker: tuning.digestWorker } : {}),
      })
    : createInProcessScheduler({ run, log, ...(tuning.timers ? { timers: tuning.timers } : {}) });
  const follower = connections
    ? createBullRescanFollower({
        connections,
        redisPrefix,
        log,
        now: core.now,
        loader: core.loader,
        portsFor: (s) => core.targets.resolveImage(s),
        ...(tuning.followPolicy ? { policy: tuning.followPolicy } : {}),
      })
    : undefined;
  const digests = createDigestService({
    subscriptions,
    snoozes,
    claims,
    scheduler,
    runner,
    report,
    log,
    now: core.now,
    loader: core.loader,
  });

  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  // Redis down at start must not stop the bot answering `why`: schedules are put right once it is back.
  async function reconcile(): Promise<void> {
    try {
      const all: Subscription[] = await subscriptions.list();
      await scheduler.reconcile(all);
      log.info({ subscriptions: all.length, fromFile: fromFile.length, mode: scheduler.mode }, 'digest schedules set');
    } catch (err) {
      log.warn({ err }, 'could not set the digest schedules; retrying in 30 s');
      if (!stopped) retry = setTimeout(() => void reconcile(), 30_000).unref();
    }
  }

  return {
    mode: scheduler.mode,
    digests,
    ...(follower ? { follower } : {}),
    async start() {
      await scheduler.start();
      await follower?.start();
      await reconcile();
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await Promise.all([scheduler.close(), follower?.close()]);
      connections?.worker.disconnect();
    },
  };
}
