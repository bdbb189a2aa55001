/**
 * End-to-end harness: the real `ecrscan serve` (Bolt HTTP receiver on a loopback port, `startTestServe`) against
 * the sandbox (AWS), real Redis and a fake Slack that checks every message against Block Kit limits. Requests are
 * real signed HTTP posts, as Slack sends them.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { RunningServer } from '../../src/main.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import type { SlackMessage } from '../support/slack-messages.js';
import { blockAction, send, slashCommand, TEST_SLACK } from '../support/slack-requests.js';
import { startTestServe } from '../support/test-serve.js';

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
  const redisPrefix = `ecrscan-test:e2e:${randomUUID()}:`;
  const redisUrl = opts.redisUrl === null ? undefined : (opts.redisUrl ?? inject('redisUrl'));
  const served = await startTestServe({
    sandbox,
    slack,
    signingSecret: SECRET,
    redisUrl,
    redisPrefix,
    env: opts.env,
    maxAttempts: 2,
    commandLimit: opts.commandLimit,
  });
  const { server, logs } = served;
  const appUrl = served.url;
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
