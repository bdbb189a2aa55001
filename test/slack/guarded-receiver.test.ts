/**
 * The request guard in the running app: `serve()` in HTTP mode (`startTestServe`), real signed posts over loopback,
 * a fake Slack, the sandbox, and two replicas sharing one Redis prefix (plus one without Redis) to show that a
 * replay is refused wherever it lands. The rules one by one are in request-guard.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { ACTION_IDS } from '../../src/slack/blocks/ids.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';
import { buttonValue, type SlackMessage } from '../support/slack-messages.js';
import {
  blockAction,
  eventCallback,
  type SlackRequest,
  send,
  slashCommand,
  TEST_SLACK,
} from '../support/slack-requests.js';
import { signSlackRequest } from '../support/slack-signing.js';
import { startTestServe, type TestServer } from '../support/test-serve.js';

const SECRET = 'guard-signing-secret-0123456789abcdef';
const MINUTE_S = 60;

type Replica = TestServer;

let sandbox: RunningSandbox;
let slack: FakeSlack;
let replicaA: Replica;
let replicaB: Replica;
let alone: Replica;

/** On the shared Redis prefix, or without Redis (replay protection in memory) when there is none. */
function startReplica(redisPrefix: string | undefined): Promise<Replica> {
  const redisUrl = redisPrefix ? inject('redisUrl') : undefined;
  return startTestServe({ sandbox, slack, signingSecret: SECRET, redisUrl, redisPrefix, maxAttempts: 2 });
}

const shared = `ecrscan-test:guard:${randomUUID()}:`;

beforeAll(async () => {
  sandbox = await startSandbox({ scanDelayMs: 100 });
  slack = await startFakeSlack({ teamId: TEST_SLACK.teamId });
  [replicaA, replicaB, alone] = await Promise.all([
    startReplica(shared),
    startReplica(shared),
    startReplica(undefined),
  ]);
});

afterAll(async () => {
  await Promise.all([replicaA, replicaB, alone].filter(Boolean).map((r) => r.server.stop()));
  await deleteKeysWithPrefix(inject('redisUrl'), shared);
  await slack?.close();
  await sandbox?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** POSTs the exact bytes with the exact headers given, as a captured request is re-sent. */
async function post(replica: Replica, request: SlackRequest, headers: object): Promise<number> {
  const response = await fetch(`${replica.url}/slack/events`, {
    method: 'POST',
    headers: { 'Content-Type': request.contentType, ...request.headers, ...(headers as Record<string, string>) },
    body: request.body,
  });
  await response.text();
  return response.status;
}

function help(id: string): SlackRequest {
  return slashCommand({ text: 'help', responseUrl: slack.responseUrl(id) });
}

/** Waits for a fresh command's answer on `replica`: work started before it has had its turn. */
async function barrier(replica: Replica): Promise<void> {
  const id = randomUUID();
  expect((await send(replica.url, help(id), { secret: SECRET })).status).toBe(200);
  await slack.waitFor(() => slack.responses(id).length > 0, 10_000);
}

const warned = (replica: Replica, msg: string) => replica.logs.filter((l) => l.level === 40 && l.msg === msg).length;

describe('a block_actions payload without a user', () => {
  it('is answered 200 (Bolt alone answers 500), posts nothing and is logged as a warning', async () => {
    const id = randomUUID();
    const request = blockAction({ actionId: ACTION_IDS.share, value: 'x', responseUrl: slack.responseUrl(id) });
    const payload = JSON.parse(new URLSearchParams(request.body).get('payload')!) as Record<string, unknown>;
    delete payload.user;
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

    const { status } = await send(replicaA.url, { ...request, body }, { secret: SECRET });
    expect(status).toBe(200);
    await barrier(replicaA);
    expect(slack.responses(id)).toEqual([]);
    expect(warned(replicaA, 'ignored a Slack payload that names no user')).toBe(1);
    expect(replicaA.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect((await fetch(`${replicaA.url}/healthz`)).status).toBe(200);
  });
});

describe('timestamps in the future', () => {
  it('6 minutes ahead gets 401 and no answer; 4 minutes ahead is answered', async () => {
    const [ahead, within] = [randomUUID(), randomUUID()];
    expect((await send(replicaA.url, help(ahead), { secret: SECRET, timestamp: now() + 6 * MINUTE_S })).status).toBe(
      401,
    );
    expect((await send(replicaA.url, help(within), { secret: SECRET, timestamp: now() + 4 * MINUTE_S })).status).toBe(
      200,
    );
    await slack.waitFor(() => slack.responses(within).length > 0, 10_000);
    await barrier(replicaA);
    expect(slack.responses(ahead)).toEqual([]);
  });
});

describe('a correctly signed request sent again within its 5 minutes', () => {
  it('a slash command is answered once; the copy gets 401, on the same replica and on another', async () => {
    const id = randomUUID();
    const request = help(id);
    const captured = signSlackRequest(SECRET, request.body, now() - 60);
    const before = warned(replicaA, 'refused a Slack request already received (same signature and timestamp)');

    expect(await post(replicaA, request, captured)).toBe(200);
    await slack.waitFor(() => slack.responses(id).length > 0, 10_000);
    expect(await post(replicaA, request, captured)).toBe(401);
    expect(await post(replicaB, request, captured)).toBe(401);
    // A retry header does not make a command a retry: Slack retries only Events API deliveries.
    expect(await post(replicaB, request, { ...captured, 'X-Slack-Retry-Num': '1' })).toBe(401);
    await Promise.all([barrier(replicaA), barrier(replicaB)]);

    expect(slack.responses(id)).toHaveLength(1);
    expect(warned(replicaA, 'refused a Slack request already received (same signature and timestamp)')).toBe(
      before + 1,
    );
  });

  it('a Share click posts to the channel once', async () => {
    const answerId = randomUUID();
    const why = slashCommand({
      text: `why ${seededImage('never-scanned').ref}`,
      responseUrl: slack.responseUrl(answerId),
    });
    await send(replicaA.url, why, { secret: SECRET });
    const answer = await slack.waitFor(
      () => slack.responses(answerId).find((m) => JSON.stringify(m).includes(ACTION_IDS.share)),
      15_000,
    );
    const value = buttonValue(answer as SlackMessage, ACTION_IDS.share);
    expect(value).toBeDefined();

    const id = randomUUID();
    const click = blockAction({ actionId: ACTION_IDS.share, value, responseUrl: slack.responseUrl(id) });
    const captured = signSlackRequest(SECRET, click.body);
    expect(await post(replicaB, click, captured)).toBe(200);
    await slack.waitFor(() => slack.responses(id).length > 0, 15_000);
    expect(await post(replicaA, click, captured)).toBe(401);
    expect(await post(replicaB, click, captured)).toBe(401);
    await Promise.all([barrier(replicaA), barrier(replicaB)]);
    expect(slack.responses(id)).toMatchObject([{ response_type: 'in_channel' }]);
  });

  it('without Redis, the copy reaching the same process gets 401', async () => {
    const id = randomUUID();
    const request = help(id);
    const captured = signSlackRequest(SECRET, request.body);
    expect(await post(alone, request, captured)).toBe(200);
    expect(await post(alone, request, captured)).toBe(401);
    await slack.waitFor(() => slack.responses(id).length > 0, 10_000);
    await barrier(alone);
    expect(slack.responses(id)).toHaveLength(1);
  });

  it('an Events API retry with the very same signature still goes through, and is handled once by its event id', async () => {
    const publishes = () => slack.calls.filter((c) => c.method === 'views.publish').length;
    const before = publishes();
    const delivery = eventCallback({
      event: { type: 'app_home_opened', user: 'U0GUARD', channel: 'D0GUARD', tab: 'home', event_ts: '1.2' },
    });
    const signed = signSlackRequest(SECRET, delivery.body);
    expect(await post(replicaA, delivery, signed)).toBe(200);
    await slack.waitFor(() => publishes() > before, 10_000);
    const retry = { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
    expect(await post(replicaB, delivery, { ...signed, ...retry })).toBe(200);
    // The same bytes without the retry header are a replay, not a retry.
    expect(await post(replicaB, delivery, signed)).toBe(401);
    await barrier(replicaB);
    expect(publishes()).toBe(before + 1);
  });

  it('repeating a command with a new signature each time (as Slack does for a new request) is answered each time', async () => {
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) expect((await send(replicaA.url, help(id), { secret: SECRET })).status).toBe(200);
    await slack.waitFor(() => ids.every((id) => slack.responses(id).length > 0), 10_000);
  });
});
