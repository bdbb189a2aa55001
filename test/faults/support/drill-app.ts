/**
 * The app for fault drills: the real `serve()` in HTTP mode (`startTestServe`) against the sandbox, a fake Slack
 * and Redis (the shared one, or a throw-away server the drill may kill), with AWS retries at the production default
 * and a command limit high enough that one test can play many users. Requests are real signed HTTP posts.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { RunningServer, ServeOptions } from '../../../src/main.js';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/server.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { isLookingNote, type SlackMessage } from '../../support/slack-messages.js';
import {
  blockAction,
  type SendOptions,
  type SendResult,
  send,
  slashCommand,
  TEST_SLACK,
} from '../../support/slack-requests.js';
import { startTestServe } from '../../support/test-serve.js';

export const DRILL_SECRET = 'drill-signing-secret-0123456789abcdef';

export interface DrillApp {
  sandbox: RunningSandbox;
  slack: FakeSlack;
  server: RunningServer;
  appUrl: string;
  logs: Record<string, unknown>[];
  /** A signed `/ecrscan <text>` with its own response_url id. */
  command(
    text: string,
    opts?: { userId?: string; channelId?: string } & Partial<SendOptions>,
  ): Promise<SendResult & { id: string }>;
  /** A signed button click with its own response_url id. */
  press(
    actionId: string,
    value: string | undefined,
    opts?: { userId?: string } & Partial<SendOptions>,
  ): Promise<SendResult & { id: string }>;
  /** Posts to a response_url other than "looking…" notes. */
  replies(id: string): SlackMessage[];
  /** Waits until every id has at least one reply (other than a looking note). */
  waitForReplies(ids: string[], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface DrillAppOptions {
  redisUrl?: string;
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  /** Total attempts per AWS call; default: ecrscan's own default (5). */
  maxAttempts?: number;
  jobs?: ServeOptions['jobs'];
}

export async function startDrillApp(opts: DrillAppOptions = {}): Promise<DrillApp> {
  const sandbox = await startSandbox({ scanDelayMs: 100, ...opts.sandbox });
  const redisUrl = opts.redisUrl ?? inject('redisUrl');
  const redisPrefix = `ecrscan-test:faults:${randomUUID()}:`;
  const slack = await startFakeSlack({ teamId: TEST_SLACK.teamId });
  const served = await startTestServe({
    sandbox,
    slack,
    signingSecret: DRILL_SECRET,
    redisUrl,
    redisPrefix,
    env: opts.env,
    maxAttempts: opts.maxAttempts,
    jobs: opts.jobs,
  });
  const { server, logs } = served;
  const appUrl = served.url;
  const replies = (id: string) => (slack.responses(id) as SlackMessage[]).filter((m) => !isLookingNote(m));
  return {
    sandbox,
    slack,
    server,
    appUrl,
    logs,
    replies,
    async command(text, o = {}) {
      const id = randomUUID();
      const request = slashCommand({
        text,
        userId: o.userId,
        channelId: o.channelId,
        responseUrl: slack.responseUrl(id),
      });
      return { ...(await send(appUrl, request, { secret: DRILL_SECRET, ...o })), id };
    },
    async press(actionId, value, o = {}) {
      const id = randomUUID();
      const request = blockAction({ actionId, value, userId: o.userId, responseUrl: slack.responseUrl(id) });
      return { ...(await send(appUrl, request, { secret: DRILL_SECRET, ...o })), id };
    },
    async waitForReplies(ids, timeoutMs = 60_000) {
      await slack.waitFor(() => ids.every((id) => replies(id).length > 0), timeoutMs).catch(() => undefined);
    },
    async close() {
      await server.stop();
      // The drill may have killed its Redis for good: cleaning up is then moot.
      await deleteKeysWithPrefix(redisUrl, redisPrefix).catch(() => undefined);
      await slack.close();
      await sandbox.close();
    },
  };
}

/** Runs `work(i)` for i < count with at most `concurrency` in flight. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
