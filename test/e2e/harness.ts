/**
 * End-to-end harness: the real `ecrscan serve` (Bolt HTTP receiver on a loopback port) against the sandbox
 * (AWS), real Redis and a fake Slack that checks every message against Block Kit limits. Requests are real
 * signed HTTP posts, as Slack sends them.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { inject } from 'vitest';
import { type RunningServer, serve } from '../../src/main.js';
import { sandboxAwsOptions } from '../../src/sandbox/client-options.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import { blockAction, send, slashCommand, TEST_SLACK } from '../support/slack-requests.js';

interface SlackBlock {
  elements?: { action_id?: string; value?: string }[];
  accessory?: { action_id?: string; value?: string };
}

/** A message as the fake Slack recorded it (response_url post or Web API body). */
export interface SlackMessage {
  blocks?: SlackBlock[];
  text?: string;
  response_type?: string;
  replace_original?: boolean;
  [key: string]: unknown;
}

export const SECRET = 'e2e-signing-secret-0123456789abcdef';

export interface E2E {
  sandbox: RunningSandbox;
  slack: FakeSlack;
  server: RunningServer;
  appUrl: string;
  logs: Record<string, unknown>[];
  redisPrefix: string;
  command(
    text: string,
    opts?: { userId?: string; timestamp?: number; forge?: boolean },
  ): Promise<{ status: number; id: string; elapsedMs: number }>;
  /** Waits for a post to a response_url that satisfies `match`. */
  find(id: string, match: (message: SlackMessage) => boolean): Promise<SlackMessage>;
  /** Waits for the `n`-th post to a response_url (1-based) and returns it. */
  response(id: string, n?: number): Promise<SlackMessage>;
  press(
    actionId: string,
    value: string | undefined,
    opts?: { userId?: string; responseId?: string; container?: Parameters<typeof blockAction>[0]['container'] },
  ): Promise<{ status: number; id: string }>;
  close(): Promise<void>;
}

export async function startE2E(
  opts: {
    env?: Record<string, string>;
    usergroups?: Record<string, string[]>;
    redisUrl?: string | null;
    commandLimit?: { limit: number; windowMs: number };
  } = {},
): Promise<E2E> {
  const sandbox = await startSandbox({ scanDelayMs: 100 });
  const slack = await startFakeSlack({ teamId: TEST_SLACK.teamId, usergroups: opts.usergroups });
  const logs: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const redisPrefix = `ecrscan-test:e2e:${randomUUID()}:`;
  const redisUrl = opts.redisUrl === null ? undefined : (opts.redisUrl ?? inject('redisUrl'));
  const server = await serve(
    {
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.slackApiUrl,
      PORT: '0',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'info',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      ...opts.env,
    },
    {
      logDestination,
      redisPrefix,
      awsOptions: sandboxAwsOptions(sandbox.url, { maxAttempts: 2 }),
      slack: {
        commandLimit: opts.commandLimit ?? { limit: 1_000, windowMs: 60_000 },
        lookingAfterMs: 1_000,
        followSleep: (ms, signal) => sleep(Math.min(ms, 50), signal),
      },
    },
  );
  const appUrl = `http://127.0.0.1:${server.port}`;
  const e2e: E2E = {
    sandbox,
    slack,
    server,
    appUrl,
    logs,
    redisPrefix,
    async command(text, o = {}) {
      const id = randomUUID();
      const result = await send(appUrl, slashCommand({ text, userId: o.userId, responseUrl: slack.responseUrl(id) }), {
        secret: SECRET,
        timestamp: o.timestamp,
        forgeSignature: o.forge,
      });
      return { status: result.status, id, elapsedMs: result.elapsedMs };
    },
    async find(id, match) {
      const found = await slack.waitFor(() => (slack.responses(id) as SlackMessage[]).find(match), 15_000);
      if (!found) throw new Error(`no matching post to response_url ${id}`);
      return found;
    },
    async response(id, n = 1) {
      return slack.waitFor(
        () => slack.responses(id)[n - 1] as SlackMessage | undefined,
        15_000,
      ) as Promise<SlackMessage>;
    },
    async press(actionId, value, o = {}) {
      const id = o.responseId ?? randomUUID();
      const result = await send(
        appUrl,
        blockAction({ actionId, value, userId: o.userId, responseUrl: slack.responseUrl(id), container: o.container }),
        { secret: SECRET },
      );
      return { status: result.status, id };
    },
    async close() {
      await server.stop();
      if (redisUrl) await deleteKeysWithPrefix(redisUrl, redisPrefix);
      await slack.close();
      await sandbox.close();
    },
  };
  return e2e;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** All the text of a message's blocks, for assertions. */
export function textOf(message: SlackMessage): string {
  return JSON.stringify(message.blocks ?? []) + (message.text ?? '');
}

/** The value of the first button with this action id. */
export function buttonValue(message: SlackMessage, actionId: string): string | undefined {
  for (const block of message.blocks ?? []) {
    for (const element of block.elements ?? []) if (element.action_id === actionId) return element.value;
    if (block.accessory?.action_id === actionId) return block.accessory.value;
  }
  return undefined;
}
