/**
 * The real `serve()` as the harnesses start it (e2e, fault drills, the request guard test): HTTP mode on a free
 * loopback port, AWS pointed at the sandbox, the Web API at the fake Slack, Redis under the test's own prefix when
 * given, JSON logs captured as objects, a command limit one test playing many users never reaches, and rescan
 * follow-ups polling quickly. The sandbox and fake Slack are the caller's, since some tests share them between
 * several servers.
 */
import { type RunningServer, type ServeOptions, serve } from '../../src/main.js';
import { sandboxAwsOptions } from '../../src/sandbox/client-options.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';
import type { SlackServerOptions } from '../../src/slack/create-slack-server.js';
import { DEFAULT_FOLLOW_POLICY, type FollowPolicy } from '../../src/usecases/follow-rescan.js';
import type { FakeSlack } from './fake-slack.js';
import { captureLines, type LogLine } from './log-capture.js';

/**
 * Rescan follow-ups (BullMQ jobs whenever REDIS_URL is set) poll the sandbox's quick scans every 50 ms, so tests
 * do not wait production's 2 s and more between polls.
 */
export const QUICK_FOLLOW: FollowPolicy = { ...DEFAULT_FOLLOW_POLICY, firstDelayMs: 50, maxDelayMs: 50 };

export interface TestServeOptions {
  sandbox: RunningSandbox;
  slack: FakeSlack;
  signingSecret: string;
  /** Without it, cache and state are in memory. */
  redisUrl?: string;
  /** Required with `redisUrl`: tests write only under their own `ecrscan-test:` prefix. */
  redisPrefix?: string;
  /** More environment (allow-lists, admins, …), over the defaults. */
  env?: Record<string, string>;
  /** Total attempts per AWS call; default: ecrscan's own. */
  maxAttempts?: number;
  /** Default: a million a minute. */
  commandLimit?: SlackServerOptions['commandLimit'];
  /** Over `QUICK_FOLLOW`. */
  jobs?: ServeOptions['jobs'];
}

export interface TestServer {
  server: RunningServer;
  /** `http://127.0.0.1:<port>` */
  url: string;
  logs: LogLine[];
}

export async function startTestServe(opts: TestServeOptions): Promise<TestServer> {
  if (opts.redisUrl && !opts.redisPrefix) throw new Error('a test on Redis needs its own redisPrefix');
  const { destination, lines } = captureLines();
  const server = await serve(
    {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: opts.signingSecret,
      SLACK_API_URL: opts.slack.slackApiUrl,
      PORT: '0',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'info',
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
      ...opts.env,
    },
    {
      logDestination: destination,
      ...(opts.redisPrefix ? { redisPrefix: opts.redisPrefix } : {}),
      awsOptions: sandboxAwsOptions(
        opts.sandbox.url,
        opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts },
      ),
      slack: { commandLimit: opts.commandLimit ?? { limit: 1_000_000, windowMs: 60_000 }, lookingAfterMs: 1_000 },
      jobs: { followPolicy: QUICK_FOLLOW, ...opts.jobs },
    },
  );
  return { server, url: `http://127.0.0.1:${server.port}`, logs: lines };
}
