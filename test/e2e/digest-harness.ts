/**
 * End-to-end harness for the digest side of Slack: the real listeners (`registerListeners`) in a real Bolt app in
 * HTTP mode on a loopback port, real signed requests, a fake Slack (Block Kit limits enforced), the sandbox for
 * AWS and real Redis for state, with the `DigestService` supplied by the test, because `serve()` (harness.ts)
 * builds its own. The wiring mirrors `createSlackServer`; only the digest service and the admin lists are the
 * test's. Requests pass the same request guard (replays, post-dated timestamps) as in `serve()`.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { App } from '@slack/bolt';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Core, createCore } from '../../src/core.js';
import { createLogger, toBoltLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { sandboxAwsOptions } from '../../src/sandbox/client-options.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type ActionValueCodec, createActionValueCodec } from '../../src/slack/action-value.js';
import type { RescanDeps } from '../../src/slack/actions/rescan.js';
import { createGuardedReceiver } from '../../src/slack/guarded-receiver.js';
import { registerListeners } from '../../src/slack/register.js';
import { createRequestGuard } from '../../src/slack/request-guard.js';
import type { SlackDeps } from '../../src/slack/slack-deps.js';
import { createSlackUsergroupMembers } from '../../src/state/usergroup-members.js';
import { createAdminAuthorizer, createRescanAuthorizer } from '../../src/usecases/authorize.js';
import type { DigestService } from '../../src/usecases/digest-service.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import {
  blockAction,
  type EventCallbackInput,
  eventCallback,
  send,
  slashCommand,
  TEST_SLACK,
} from '../support/slack-requests.js';
import type { SlackMessage } from './harness.js';

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
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    }),
  });
  const redisPrefix = `ecrscan-test:digest-e2e:${randomUUID()}:`;
  const core = await createCore({
    config: loadConfig({ AWS_REGION: 'us-east-1', REDIS_URL: inject('redisUrl') }),
    log,
    redisPrefix,
    awsOptions: sandboxAwsOptions(sandbox.url, { maxAttempts: 2 }),
  });
  const logger = toBoltLogger(log);
  const app = new App({
    token: 'xoxb-digest-e2e',
    logger,
    convoStore: false,
    clientOptions: { slackApiUrl: slack.slackApiUrl, retryConfig: { retries: 0 } },
    // The same receiver as `createSlackServer`: requests pass the replay and timestamp guard first.
    receiver: createGuardedReceiver(
      { signingSecret: SECRET, port: 0, logger },
      createRequestGuard({ once: core.state.once, log }),
    ),
  });
  const members = createSlackUsergroupMembers({ client: app.client, cache: core.loader, ttlMs: 60_000 });
  const inFlight = new Set<Promise<unknown>>();
  const values = createActionValueCodec(SECRET);
  const deps: SlackDeps & RescanDeps = {
    core,
    log,
    metrics: createMetrics(),
    values,
    track: (work) => {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => {});
      return work;
    },
    signal: new AbortController().signal,
    lookingAfterMs: 1_000,
    rateLimit: async () => ({ allowed: true, retryAfterMs: 0 }),
    claimOnce: (key, ttlMs) => core.state.once.claim(key, ttlMs),
    admin: createAdminAuthorizer({
      users: opts.admins?.users ?? [],
      usergroups: opts.admins?.usergroups ?? [],
      members,
    }),
    ...(opts.digests ? { digests: opts.digests } : {}),
    rescan: {
      authorize: (user) => createRescanAuthorizer({ allowedUsers: [], allowedUsergroups: [], members }).check(user),
      once: core.state.once,
      audit: core.state.audit,
      forgetCached: (key) => core.cache.delete(key),
      now: core.now,
      log,
    },
  };
  registerListeners(app, deps);
  const server = (await app.start(0)) as Server;
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

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
      await app.stop();
      await Promise.allSettled([...inFlight]);
      await core.close();
      await deleteKeysWithPrefix(inject('redisUrl'), redisPrefix);
      await slack.close();
      await sandbox.close();
    },
  };
}
