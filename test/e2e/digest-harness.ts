/**
 * End-to-end harness for the digest side of Slack: `createSlackServer` (the Slack front end of `serve()`, with its
 * request guard, listeners and authorizers) in HTTP mode on a loopback port, real signed requests, a fake Slack
 * (Block Kit limits enforced), the sandbox for AWS and real Redis for state, with the `DigestService` supplied by
 * the test, because `serve()` (harness.ts) builds its own from src/jobs.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Core, createCore } from '../../src/core.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { sandboxAwsOptions } from '../../src/sandbox/client-options.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type ActionValueCodec, createActionValueCodec } from '../../src/slack/action-value.js';
import { createSlackServer } from '../../src/slack/create-slack-server.js';
import type { DigestService } from '../../src/usecases/digest-service.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { captureLines } from '../support/log-capture.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import type { SlackMessage } from '../support/slack-messages.js';
import {
  blockAction,
  type EventCallbackInput,
  eventCallback,
  send,
  slashCommand,
  TEST_SLACK,
} from '../support/slack-requests.js';

export const SECRET = 'digest-e2e-signing-secret-0123456789';

export interface DigestE2E {
  sandbox: RunningSandbox;
  slack: FakeSlack;
  core: Core;
  values: ActionValueCodec;
  logs: Record<string, unknown>[];
  appUrl: string;
  command(
    text: string,
    opts?: { userId?: string; channelId?: string; forge?: boolean },
  ): Promise<{ status: number; id: string }>;
  press(
    actionId: string,
    value: string | undefined,
    opts?: { userId?: string },
  ): Promise<{ status: number; id: string }>;
  event(input: EventCallbackInput): Promise<{ status: number }>;
  /** Waits for the `n`-th post to a response_url (1-based). */
  response(id: string, n?: number): Promise<SlackMessage>;
  close(): Promise<void>;
}

export async function startDigestE2E(opts: {
  digests?: DigestService;
  admins?: { users?: string[]; usergroups?: string[] };
  usergroups?: Record<string, string[]>;
}): Promise<DigestE2E> {
  const sandbox = await startSandbox({ scanDelayMs: 100 });
  const slack = await startFakeSlack({ teamId: TEST_SLACK.teamId, usergroups: opts.usergroups });
  const { destination, lines: logs } = captureLines();
  const log = createLogger({ level: 'info', destination });
  const redisPrefix = `ecrscan-test:digest-e2e:${randomUUID()}:`;
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-digest-e2e',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.slackApiUrl,
    PORT: '0',
    ECRSCAN_ADMIN_USERS: (opts.admins?.users ?? []).join(','),
    ECRSCAN_ADMIN_USERGROUPS: (opts.admins?.usergroups ?? []).join(','),
    AWS_REGION: 'us-east-1',
    REDIS_URL: inject('redisUrl'),
  });
  const core = await createCore({
    config,
    log,
    redisPrefix,
    awsOptions: sandboxAwsOptions(sandbox.url, { maxAttempts: 2 }),
  });
  const values = createActionValueCodec(SECRET);
  const server = createSlackServer({
    config,
    core,
    log,
    metrics: createMetrics(),
    readiness: [],
    values,
    // One test plays many users.
    commandLimit: { limit: 1_000_000, windowMs: 60_000 },
    ...(opts.digests ? { digests: opts.digests } : {}),
  });
  const appUrl = `http://127.0.0.1:${await server.start()}`;

  return {
    sandbox,
    slack,
    core,
    values,
    logs,
    appUrl,
    async command(text, o = {}) {
      const id = randomUUID();
      const request = slashCommand({
        text,
        userId: o.userId,
        channelId: o.channelId,
        responseUrl: slack.responseUrl(id),
      });
      const result = await send(appUrl, request, { secret: SECRET, forgeSignature: o.forge });
      return { status: result.status, id };
    },
    async press(actionId, value, o = {}) {
      const id = randomUUID();
      const request = blockAction({ actionId, value, userId: o.userId, responseUrl: slack.responseUrl(id) });
      const result = await send(appUrl, request, { secret: SECRET });
      return { status: result.status, id };
    },
    async event(input) {
      const result = await send(appUrl, eventCallback(input), { secret: SECRET });
      return { status: result.status };
    },
    response(id, n = 1) {
      return slack.waitFor(
        () => slack.responses(id)[n - 1] as SlackMessage | undefined,
        15_000,
      ) as Promise<SlackMessage>;
    },
    async close() {
      await server.stop();
      await core.close();
      await deleteKeysWithPrefix(inject('redisUrl'), redisPrefix);
      await slack.close();
      await sandbox.close();
    },
  };
}
