import { webApi } from '@slack/bolt';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

const { WebClient, WebClientEvent, WebAPIPlatformError, WebAPIRateLimitedError } = webApi;
const retryConfig = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 };
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName() {},
};
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

let clock = 1_760_000_000_000;
const fake: FakeSlack = await startFakeSlack({
  teamId: 'T1',
  botUserId: 'UBOT',
  usergroups: { S_ADMINS: ['U1', 'U2'] },
  now: () => clock,
});
const client = new WebClient('xoxb-test', { slackApiUrl: fake.slackApiUrl, retryConfig, logger: quiet });
const strictClient = new WebClient('xoxb-test', {
  slackApiUrl: fake.slackApiUrl,
  retryConfig,
  rejectRateLimitedCalls: true,
  logger: quiet,
});

afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function platformError(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as InstanceType<typeof WebAPIPlatformError>).data;
}

function postJson(url: string, body: unknown) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('fake Slack Web API', () => {
  it('answers auth.test and records the bearer token', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, team_id: 'T1', user_id: 'UBOT' });
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', status: 200 });
    expect(fake.calls[0]?.headers.authorization).toBe('Bearer xoxb-test');
  });

  it('refuses calls without a token', async () => {
    const response = await fetch(`${fake.slackApiUrl}auth.test`, { method: 'POST' });
    expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('accepts JSON bodies and answers unknown methods like Slack', async () => {
    const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer xoxb-test' };
    const post = await fetch(`${fake.slackApiUrl}chat.postMessage`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ channel: 'C1', text: 'hi', blocks: [section('hi')] }),
    });
    expect(await post.json()).toMatchObject({ ok: true, channel: 'C1' });
    const unknown = await fetch(`${fake.slackApiUrl}chat.nope`, { method: 'POST', headers, body: '{}' });
    expect(await unknown.json()).toEqual({ ok: false, error: 'unknown_method' });
  });

  it('keeps channel messages through postMessage, update and delete', async () => {
    const first = await client.chat.postMessage({ channel: 'C1', text: 'scan failed', blocks: [section('*FAILED*')] });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'second', thread_ts: first.ts });
    expect(first).toMatchObject({ ok: true, channel: 'C1' });
    expect(first.ts).toMatch(/^\d+\.\d{6}$/);
    expect(second.ts).not.toBe(first.ts);

    await client.chat.update({ channel: 'C1', ts: first.ts as string, text: 'scan finished' });
    expect(fake.messages('C1')).toEqual([
      { channel: 'C1', ts: first.ts, text: 'scan finished', blocks: [section('*FAILED*')], edits: 1 },
      { channel: 'C1', ts: second.ts, text: 'second', threadTs: first.ts, edits: 0 },
    ]);

    await client.chat.delete({ channel: 'C1', ts: second.ts as string });
    expect(fake.messages('C1').map((m) => m.ts)).toEqual([first.ts]);
    expect(await platformError(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' }))).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('records ephemeral messages', async () => {
    const result = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals('C1')).toMatchObject([{ user: 'U1', text: 'only you' }]);
  });

  it('opens, updates and pushes modals and publishes home tabs', async () => {
    const modal = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Findings' },
      blocks: [section('a')],
    };
    const opened = await client.views.open({ trigger_id: '1.2.3', view: modal });
    const id = opened.view?.id as string;
    expect(id).toMatch(/^V/);

    const updated = await client.views.update({
      view_id: id,
      hash: opened.view?.hash,
      view: { ...modal, blocks: [section('b')] },
    });
    expect(updated.view?.blocks).toEqual([section('b')]);
    expect(
      await platformError(client.views.update({ view_id: id, hash: opened.view?.hash, view: modal })),
    ).toMatchObject({
      error: 'hash_conflict',
    });
    await client.views.push({ trigger_id: '1.2.4', view: modal });

    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('coverage')] } });
    expect(fake.homeView('U1')).toMatchObject({ type: 'home', blocks: [section('coverage')] });
    expect(fake.violations).toEqual([]);
  });

  it('answers usergroups.users.list from the configured map', async () => {
    expect(await client.usergroups.users.list({ usergroup: 'S_ADMINS' })).toMatchObject({
      ok: true,
      users: ['U1', 'U2'],
    });
    expect(await platformError(client.usergroups.users.list({ usergroup: 'S_NOPE' }))).toMatchObject({
      error: 'no_such_subteam',
    });
  });

  it('answers conversations.info for any channel unless channels are configured', async () => {
    expect(await client.conversations.info({ channel: 'C9' })).toMatchObject({
      channel: { id: 'C9', is_member: true },
    });
    const strict = await startFakeSlack({ channels: { C1: { name: 'platform', isPrivate: true } } });
    try {
      const c = new WebClient('xoxb-test', { slackApiUrl: strict.slackApiUrl, retryConfig, logger: quiet });
      expect(await c.conversations.info({ channel: 'C1' })).toMatchObject({
        channel: { name: 'platform', is_private: true },
      });
      expect(await platformError(c.conversations.info({ channel: 'C2' }))).toMatchObject({
        error: 'channel_not_found',
      });
    } finally {
      await strict.close();
    }
  });
});

describe('fake Slack rejects what Slack rejects', () => {
  it.each([
    [
      'a 3001-character section',
      { text: 't', blocks: [section('x'.repeat(3001))] },
      'invalid_blocks',
      'section.text.length',
    ],
    [
      '51 blocks',
      { text: 't', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' as const })) },
      'invalid_blocks',
      'blocks.count',
    ],
    [
      'blocks over the text budget',
      { text: 't', blocks: Array.from({ length: 5 }, () => section('x'.repeat(2500))) },
      'msg_blocks_too_long',
      'message.block_text_budget',
    ],
    ['blocks without fallback text', { blocks: [section('a')] }, 'invalid_blocks', 'message.text.required'],
    ['fallback text over 4000', { text: 'x'.repeat(4001) }, 'msg_too_long', 'message.text.length'],
  ])('chat.postMessage with %s', async (_, message, error, rule) => {
    const data = await platformError(client.chat.postMessage({ channel: 'C1', ...message }));
    expect(data.error).toBe(error);
    expect(data.response_metadata?.messages?.[0]).toContain(rule);
    expect(fake.violations).toMatchObject([{ method: 'chat.postMessage', surface: 'message', violations: [{ rule }] }]);
    expect(fake.messages('C1')).toEqual([]);
  });

  it('checks chat.update, postEphemeral and views against their surface', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'ok' });
    const tooLongButton = {
      type: 'actions' as const,
      elements: [
        { type: 'button' as const, action_id: 'a', text: { type: 'plain_text' as const, text: 'x'.repeat(76) } },
      ],
    };
    await platformError(client.chat.update({ channel: 'C1', ts: ts as string, text: 't', blocks: [tooLongButton] }));
    await platformError(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 't', blocks: [tooLongButton] }));
    const title = { type: 'plain_text' as const, text: 'A title that is far too long' };
    expect(
      await platformError(client.views.open({ trigger_id: '1', view: { type: 'modal', title, blocks: [] } })),
    ).toMatchObject({
      error: 'invalid_arguments',
    });
    await platformError(
      client.views.publish({
        user_id: 'U1',
        view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) },
      }),
    );
    expect(fake.violations.map((v) => [v.method, v.surface, v.violations[0]?.rule])).toEqual([
      ['chat.update', 'message', 'button.text.length'],
      ['chat.postEphemeral', 'message', 'button.text.length'],
      ['views.open', 'modal', 'view.title.length'],
      ['views.publish', 'home', 'blocks.count'],
    ]);
    expect(fake.messages('C1')[0]?.text).toBe('ok');
  });
});

describe('fake Slack rate limits', () => {
  it('answers 429 with Retry-After, which WebClient waits out and retries', async () => {
    const limit = fake.rateLimit({ method: 'chat.postMessage', times: 1, retryAfterSeconds: 1 });
    const waits: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    const result = await client.chat.postMessage({ channel: 'C1', text: 'digest page 1' });
    client.removeAllListeners(WebClientEvent.RATE_LIMITED);

    expect(result.ok).toBe(true);
    expect(waits).toEqual([1]);
    expect(limit.hits()).toBe(1);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.calls[0]?.answer).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('limits every Nth call, only for the method named, and can be removed', async () => {
    const limit = fake.rateLimit({ method: 'chat.update', everyNth: 2, retryAfterSeconds: 7 });
    const { ts } = await strictClient.chat.postMessage({ channel: 'C1', text: 'v0' });
    const update = (text: string) =>
      strictClient.chat.update({ channel: 'C1', ts: ts as string, text }).then(
        () => 'ok',
        (e: unknown) => (e instanceof WebAPIRateLimitedError ? `429 after ${e.retryAfter}s` : String(e)),
      );
    const outcomes = [];
    for (const text of ['v1', 'v2', 'v3', 'v4']) outcomes.push(await update(text));
    limit.remove();
    outcomes.push(await update('v5'), await update('v6'));
    expect(outcomes).toEqual(['ok', '429 after 7s', 'ok', '429 after 7s', 'ok', 'ok']);
    expect(limit.hits()).toBe(2);
    expect(fake.messages('C1')[0]?.text).toBe('v6');
  });

  it('enforces one post per second per channel when asked', async () => {
    fake.enforcePostRate(true);
    await strictClient.chat.postMessage({ channel: 'C1', text: 'a' });
    const second = await strictClient.chat.postMessage({ channel: 'C1', text: 'b' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(WebAPIRateLimitedError);
    expect((second as InstanceType<typeof WebAPIRateLimitedError>).retryAfter).toBe(1);
    await strictClient.chat.postMessage({ channel: 'C2', text: 'other channel' });
    clock += 1000;
    await strictClient.chat.postMessage({ channel: 'C1', text: 'c' });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['a', 'c']);
  });

  it('does not pace posts unless asked', async () => {
    await strictClient.chat.postMessage({ channel: 'C1', text: 'a' });
    await strictClient.chat.postMessage({ channel: 'C1', text: 'b' });
    expect(fake.messages('C1')).toHaveLength(2);
  });
});

describe('fake Slack response_url', () => {
  it('collects posts per URL and allows 5 uses', async () => {
    const url = fake.responseUrl('cmd-1');
    for (let i = 1; i <= 5; i += 1) {
      expect((await postJson(url, { text: `answer ${i}`, replace_original: true })).status).toBe(200);
    }
    const sixth = await postJson(url, { text: 'answer 6' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(fake.responses('cmd-1').map((r) => r.text)).toEqual([
      'answer 1',
      'answer 2',
      'answer 3',
      'answer 4',
      'answer 5',
    ]);
  });

  it('expires 30 minutes after the URL was made', async () => {
    const url = fake.responseUrl('late');
    clock += 30 * 60 * 1000;
    expect((await postJson(url, { text: 'just in time' })).status).toBe(200);
    clock += 1;
    const late = await postJson(url, { text: 'too late' });
    expect(late.status).toBe(404);
    expect(await late.json()).toEqual({ ok: false, error: 'expired_url' });
  });

  it('rejects oversized blocks with 400 and records the violation', async () => {
    const url = fake.responseUrl('big');
    const response = await postJson(url, { text: 't', blocks: [section('x'.repeat(3001))] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(fake.violations).toMatchObject([
      { method: 'response_url', violations: [{ rule: 'section.text.length', path: '/blocks/0/text/text' }] },
    ]);
    expect(fake.responses('big')).toEqual([]);
  });

  it('accepts delete_original without text, and can be rate limited', async () => {
    const url = fake.responseUrl();
    const id = url.split('/').pop() as string;
    expect((await postJson(url, { delete_original: true })).status).toBe(200);
    fake.rateLimit({ method: 'response_url', times: 1, retryAfterSeconds: 3 });
    const limited = await postJson(url, { text: 'again' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(fake.responses(id)).toEqual([{ delete_original: true }]);
  });
});

describe('fake Slack waitFor', () => {
  it('resolves as soon as a matching call arrives', async () => {
    const url = fake.responseUrl('later');
    const waiting = fake.waitFor(() => fake.responses('later')[0]);
    setImmediate(() => void postJson(url, { text: 'done' }));
    expect(await waiting).toEqual({ text: 'done' });
  });

  it('rejects with the last calls when the condition never holds', async () => {
    await client.auth.test();
    await expect(fake.waitFor(() => fake.messages('C404').length > 0, 50)).rejects.toThrow(/auth\.test → 200/);
  });
});
