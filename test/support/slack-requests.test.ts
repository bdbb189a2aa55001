import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack } from './fake-slack.js';
import {
  blockAction,
  eventCallback,
  send,
  slashCommand,
  sslCheck,
  TEST_SLACK,
  urlVerification,
  viewSubmission,
} from './slack-requests.js';

const secret = 'requests-test-secret';
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
const fake = await startFakeSlack({ teamId: TEST_SLACK.teamId });
const seen = { command: [] as unknown[], action: [] as unknown[], view: [] as unknown[], event: [] as unknown[] };

const app = new App({
  token: 'xoxb-test',
  signingSecret: secret,
  logger: quiet,
  clientOptions: { slackApiUrl: fake.slackApiUrl, retryConfig: { retries: 0 } },
});
app.command('/ecrscan', async ({ ack, command, respond }) => {
  await ack();
  seen.command.push(command);
  await respond({ text: `why ${command.text}`, response_type: 'ephemeral' });
});
app.action('rescan', async ({ ack, body, respond }) => {
  await ack();
  seen.action.push(body);
  if ('response_url' in body) await respond({ text: 'rescan queued', replace_original: false });
});
app.view('subscribe', async ({ ack, body }) => {
  await ack();
  seen.view.push(body);
});
app.event('app_home_opened', async ({ event, context, client }) => {
  seen.event.push({ event, retryNum: context.retryNum, retryReason: context.retryReason });
  await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'divider' }] } });
});
const server = await app.start({ port: 0, host: '127.0.0.1' });
const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

afterAll(async () => {
  await app.stop();
  await fake.close();
});
beforeEach(() => {
  for (const list of Object.values(seen)) list.length = 0;
  fake.reset();
});

describe('requests built for a real Bolt HTTP receiver', () => {
  it('delivers a slash command with the fields Slack sends', async () => {
    const request = slashCommand({
      text: 'why payments-api:1.4.2',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: fake.responseUrl('cmd'),
    });
    const result = await send(appUrl, request, { secret });

    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeGreaterThan(0);
    expect(seen.command).toEqual([
      expect.objectContaining({
        command: '/ecrscan',
        text: 'why payments-api:1.4.2',
        user_id: 'U1',
        user_name: TEST_SLACK.userName,
        channel_id: 'C1',
        team_id: TEST_SLACK.teamId,
        api_app_id: TEST_SLACK.apiAppId,
        response_url: fake.responseUrl('cmd'),
        trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]{32}$/),
      }),
    ]);
    expect(await fake.waitFor(() => fake.responses('cmd')[0])).toEqual({
      text: 'why why payments-api:1.4.2',
      response_type: 'ephemeral',
    });
  });

  it('delivers a button click on a message as block_actions', async () => {
    const request = blockAction({
      actionId: 'rescan',
      value: 'ref-1',
      userId: 'U2',
      channelId: 'C1',
      messageTs: '1760000000.000200',
      responseUrl: fake.responseUrl('click'),
    });
    expect(request.body.startsWith('payload=')).toBe(true);
    expect((await send(appUrl, request, { secret })).status).toBe(200);

    expect(seen.action).toEqual([
      expect.objectContaining({
        type: 'block_actions',
        user: expect.objectContaining({ id: 'U2', team_id: TEST_SLACK.teamId }),
        team: expect.objectContaining({ id: TEST_SLACK.teamId }),
        channel: expect.objectContaining({ id: 'C1' }),
        container: { type: 'message', message_ts: '1760000000.000200', channel_id: 'C1', is_ephemeral: false },
        actions: [expect.objectContaining({ action_id: 'rescan', value: 'ref-1', type: 'button' })],
      }),
    ]);
    expect(await fake.waitFor(() => fake.responses('click')[0])).toMatchObject({ text: 'rescan queued' });
  });

  it('delivers a click in a view without a response_url', async () => {
    const request = blockAction({ actionId: 'rescan', container: { type: 'view', viewId: 'V42', viewType: 'home' } });
    expect((await send(appUrl, request, { secret })).status).toBe(200);
    expect(seen.action).toEqual([
      expect.objectContaining({
        container: { type: 'view', view_id: 'V42' },
        view: expect.objectContaining({ id: 'V42', type: 'home' }),
      }),
    ]);
    expect(seen.action[0]).not.toHaveProperty('response_url');
  });

  it('delivers a modal submission with its state and metadata', async () => {
    const values = { repo: { repo_input: { type: 'plain_text_input', value: 'payments-*' } } };
    const request = viewSubmission({ callbackId: 'subscribe', values, privateMetadata: '{"channel":"C1"}' });
    expect((await send(appUrl, request, { secret })).status).toBe(200);
    expect(seen.view).toEqual([
      expect.objectContaining({
        type: 'view_submission',
        view: expect.objectContaining({
          callback_id: 'subscribe',
          private_metadata: '{"channel":"C1"}',
          state: { values },
        }),
      }),
    ]);
  });

  it('delivers an event, with the retry headers reaching the listener context', async () => {
    const request = eventCallback({
      event: { type: 'app_home_opened', user: 'U3', tab: 'home' },
      eventId: 'Ev1',
      retryNum: 2,
    });
    expect((await send(appUrl, request, { secret })).status).toBe(200);
    expect(await fake.waitFor(() => fake.homeView('U3'))).toMatchObject({ type: 'home' });
    expect(seen.event).toEqual([
      {
        event: expect.objectContaining({ type: 'app_home_opened', user: 'U3' }),
        retryNum: 2,
        retryReason: 'http_timeout',
      },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it.each([
    ['a signature made with another secret', { forgeSignature: true }],
    ['a malformed signature', { forgeSignature: 'v0=deadbeef' }],
    ['a timestamp over 5 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['no signature at all', { unsigned: true }],
  ])('is refused with 401 for %s, before any listener runs', async (_, options) => {
    const result = await send(appUrl, slashCommand({ text: 'help' }), { secret, ...options });
    expect(result.status).toBe(401);
    expect(seen.command).toEqual([]);
  });

  it('answers the url_verification challenge and the unsigned ssl_check', async () => {
    const challenge = await send(appUrl, urlVerification('c-123'), { secret });
    expect(challenge.status).toBe(200);
    expect(JSON.parse(challenge.body)).toEqual({ challenge: 'c-123' });
    expect((await send(appUrl, sslCheck(), { secret, unsigned: true })).status).toBe(200);
  });
});
