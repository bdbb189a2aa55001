/**
 * The Slack front end as a server: Bolt in HTTP mode (POST /slack/events, behind the request guard against
 * replayed and post-dated requests) or Socket Mode when an app-level token is configured, with /healthz, /readyz and /metrics on the same port, and a graceful stop that lets
 * in-flight answers finish.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Core } from '../core.js';
import type { RescanFollower } from '../jobs/rescan-follow-queue.js';
import { type Logger, toBoltLogger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createSlackUsergroupMembers } from '../state/usergroup-members.js';
import { createAdminAuthorizer, createRescanAuthorizer } from '../usecases/authorize.js';
import type { DigestService } from '../usecases/digest-service.js';
import { type ActionValueCodec, createActionValueCodec } from './action-value.js';
import { finishFollow, type RescanDeps, replyToUrl } from './actions/rescan.js';
import { createGuardedReceiver } from './guarded-receiver.js';
import { operationalRoutes, type ReadinessCheck } from './http-routes.js';
import { registerListeners } from './register.js';
import { createRequestGuard } from './request-guard.js';
import type { SlackDeps } from './slack-deps.js';

export interface SlackServerOptions {
  config: Config;
  core: Core;
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  /** Default 1000 ms. */
  lookingAfterMs?: number;
  /** Per-user command limit (default 20 a minute). */
  commandLimit?: { limit: number; windowMs: number };
  followSleep?: RescanDeps['followSleep'];
  /** Signs button values; default: a codec keyed by the signing secret (the digest jobs must use the same). */
  values?: ActionValueCodec;
  digests?: DigestService;
  /** Rescan follow-ups as BullMQ jobs; without it they run in this process. */
  follower?: RescanFollower;
}

export interface SlackServer {
  app: App;
  /** Resolves with the bound port (HTTP mode: `config.port`, 0 = any free port). */
  start(): Promise<number>;
  /** Stops taking requests, waits for in-flight work (bounded), then resolves. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

export function createSlackServer(opts: SlackServerOptions): SlackServer {
  const { config, core, log, metrics } = opts;
  const { botToken, signingSecret, appToken, apiUrl, socketMode } = config.slack;
  // loadConfig({ needs: ['slack'] }) requires both, in Socket Mode too (the secret keys the button values).
  if (!botToken || !signingSecret) throw new Error('Slack needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.');
  let shuttingDown = false;
  const inFlight = new Set<Promise<unknown>>();
  const abort = new AbortController();
  const customRoutes = operationalRoutes({ metrics, readiness: opts.readiness, isShuttingDown: () => shuttingDown });
  const logger = toBoltLogger(log);
  const app = new App({
    token: botToken,
    logger,
    convoStore: false,
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      // Interactive replies must not stall behind a long rate-limit pause: a few quick retries, then give up.
      retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    },
    ...(socketMode
      ? { socketMode: true, appToken, customRoutes, installerOptions: { port: config.port } }
      : {
          // Socket Mode payloads are not signed, so there is nothing to replay or post-date: the guard is HTTP's.
          receiver: createGuardedReceiver(
            { signingSecret: signingSecret ?? '', port: config.port, customRoutes, logger },
            createRequestGuard({ once: core.state.once, log }),
          ),
        }),
  });
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number, { url }: { url: string }) => {
    metrics.slackApiErrors.inc({ method: url.split('/').pop() ?? 'unknown' });
    log.warn({ seconds, url }, 'Slack rate limited a Web API call');
  });
  app.error(async (err) => {
    log.error({ err }, 'unhandled error in a Slack listener');
  });

  const members = createSlackUsergroupMembers({ client: app.client, cache: core.loader, ttlMs: 5 * 60_000 });
  const authorizer = createRescanAuthorizer({
    allowedUsers: config.rescan.allowedUsers,
    allowedUsergroups: config.rescan.allowedUsergroups,
    members,
  });
  const commandLimit = opts.commandLimit ?? { limit: 20, windowMs: 60_000 };
  const deps: SlackDeps & RescanDeps = {
    core,
    log,
    metrics,
    values: opts.values ?? createActionValueCodec(signingSecret),
    track: <T>(work: Promise<T>) => {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => {});
      return work;
    },
    signal: abort.signal,
    lookingAfterMs: opts.lookingAfterMs ?? 1_000,
    rateLimit: (userKey) => core.state.rateLimiter.take(`command:${userKey}`, commandLimit),
    claimOnce: (key, ttlMs) => core.state.once.claim(key, ttlMs),
    rescan: {
      authorize: (user) => authorizer.check(user),
      once: core.state.once,
      audit: core.state.audit,
      forgetCached: (key) => core.cache.delete(key),
      now: core.now,
      log,
    },
    followSleep: opts.followSleep,
    admin: createAdminAuthorizer({ users: config.admin.users, usergroups: config.admin.usergroups, members }),
    ...(opts.digests ? { digests: opts.digests } : {}),
    ...(opts.follower ? { follower: opts.follower } : {}),
  };
  // A failure here (say AWS is down for the fresh answer) fails the job, and BullMQ retries it.
  opts.follower?.onDone((job, result) => finishFollow(deps, replyToUrl(job.responseUrl, log, metrics), job, result));
  registerListeners(app, deps);

  return {
    app,
    async start() {
      const server = (await app.start(config.port)) as Server | undefined;
      const address = server?.address?.();
      return address && typeof address === 'object' ? (address as AddressInfo).port : config.port;
    },
    async stop({ graceMs = 25_000 } = {}) {
      shuttingDown = true;
      await app.stop().catch((err) => log.warn({ err }, 'while stopping the Slack receiver'));
      const drained = Promise.allSettled([...inFlight]);
      const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([drained, timer]);
      // In-process follow-ups (no Redis) still waiting for a scan give up; BullMQ ones carry on elsewhere.
      abort.abort();
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
  };
}
