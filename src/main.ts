/**
 * Composition root of `ecrscan serve`: config → logger → metrics → core (AWS ports, cache, state) → Slack
 * server. The only place (with the CLI commands) that turns configuration into concrete adapters.
 */
import type { DestinationStream } from 'pino';
import type { AwsPortsOptions } from './aws/create-aws-ports.js';
import type { Target } from './aws/ports.js';
import { loadConfig, redactConfig } from './config.js';
import { createCore } from './core.js';
import { createJobs, type JobsTuning } from './jobs/create-jobs.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createActionValueCodec } from './slack/action-value.js';
import { createSlackServer, type SlackServerOptions } from './slack/create-slack-server.js';

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  logDestination?: DestinationStream;
  /** Tests and the sandbox demo point the AWS SDK at the emulator. */
  awsOptions?: (target: Target) => AwsPortsOptions;
  redisPrefix?: string;
  slack?: Pick<SlackServerOptions, 'lookingAfterMs' | 'commandLimit' | 'followSleep'>;
  /** Digest and follow-up job knobs (tests: short page pace, leases, follow delays). */
  jobs?: JobsTuning;
}

export async function serve(env: NodeJS.ProcessEnv = process.env, opts: ServeOptions = {}): Promise<RunningServer> {
  const config = loadConfig(env, { needs: ['slack'] });
  const log = createLogger({ level: config.logLevel, destination: opts.logDestination });
  log.info({ config: redactConfig(config) }, 'starting ecrscan');
  if (!config.redisUrl) log.warn('REDIS_URL is not set: cache and state are in memory, so run one replica only');
  const metrics = createMetrics();
  const core = await createCore({
    config,
    log,
    awsOptions: opts.awsOptions,
    redisPrefix: opts.redisPrefix,
    onAwsCall: (operation) => metrics.awsCalls.inc({ operation }),
    onAwsError: (code) => metrics.awsErrors.inc({ code }),
    cacheMetrics: {
      hit: (kind) => metrics.cache.inc({ kind, outcome: 'hit' }),
      miss: (kind) => metrics.cache.inc({ kind, outcome: 'miss' }),
      error: () => metrics.cache.inc({ kind: 'any', outcome: 'error' }),
    },
  });
  const readiness = [
    { name: 'aws', check: () => core.checkAws() },
    ...(core.redis ? [{ name: 'redis', check: async () => void (await core.redis?.ping()) }] : []),
  ];
  // Required by loadConfig({ needs: ['slack'] }); the Slack server and the digest jobs must sign alike.
  const values = createActionValueCodec(config.slack.signingSecret as string);
  const jobs = createJobs({ config, core, log, values, redisPrefix: opts.redisPrefix, tuning: opts.jobs });
  const server = createSlackServer({
    config,
    core,
    log,
    metrics,
    readiness,
    values,
    digests: jobs.digests,
    ...(jobs.follower ? { follower: jobs.follower } : {}),
    ...opts.slack,
  });
  const port = await server.start();
  await jobs.start();
  log.info({ port, mode: config.slack.socketMode ? 'socket' : 'http' }, 'ecrscan is listening');
  return {
    port,
    async stop() {
      log.info('stopping: finishing in-flight work');
      await server.stop();
      await jobs.stop();
      await core.close();
      log.info('stopped');
    },
  };
}
