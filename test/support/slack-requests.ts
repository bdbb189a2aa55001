import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signSlackRequest } from './slack-signing.js';

/** A request as Slack would send it, before signing: the body is the exact text that gets signed and sent. */
export interface SlackRequest {
  body: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  headers: Record<string, string>;
}

/** Identifiers used when a test does not care; tests that check authorisation pass their own. */
export const TEST_SLACK = {
  teamId: 'T0ECRSCAN',
  teamDomain: 'ecrscan-test',
  apiAppId: 'A0ECRSCAN',
  userId: 'U0ALICE',
  userName: 'alice',
  channelId: 'C0PLATFORM',
  channelName: 'platform',
  verificationToken: 'legacy-verification-token',
  /** Loopback discard port: a handler that responds without a test-supplied response_url fails fast, offline. */
  responseUrl: 'http://127.0.0.1:9/respond/unset',
} as const;

interface Actor {
  userId?: string;
  userName?: string;
  teamId?: string;
  apiAppId?: string;
  triggerId?: string;
}

export interface SlashCommandInput extends Actor {
  text: string;
  command?: string;
  channelId?: string;
  channelName?: string;
  responseUrl?: string;
}

/** A slash command, form-encoded with the fields and order of Slack's documented example. */
export function slashCommand(input: SlashCommandInput): SlackRequest {
  const a = actor(input);
  return form({
    token: TEST_SLACK.verificationToken,
    team_id: a.teamId,
    team_domain: TEST_SLACK.teamDomain,
    channel_id: input.channelId ?? TEST_SLACK.channelId,
    channel_name: input.channelName ?? TEST_SLACK.channelName,
    user_id: a.userId,
    user_name: a.userName,
    command: input.command ?? '/ecrscan',
    text: input.text,
    api_app_id: a.apiAppId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl ?? TEST_SLACK.responseUrl,
    trigger_id: a.triggerId,
  });
}

/** Where the clicked element lives: a channel message (the default), an ephemeral message, or a view. */
export type ActionContainer =
  | { type: 'message'; isEphemeral?: boolean }
  | { type: 'view'; viewId?: string; viewType?: 'home' | 'modal'; callbackId?: string; privateMetadata?: string };

export interface BlockActionInput extends Actor {
  actionId: string;
  value?: string;
  blockId?: string;
  actionType?: string;
  channelId?: string;
  messageTs?: string;
  messageBlocks?: unknown[];
  responseUrl?: string;
  container?: ActionContainer;
}

/** A `block_actions` interaction (a button click), sent as `payload=<json>` like Slack does. */
export function blockAction(input: BlockActionInput): SlackRequest {
  const a = actor(input);
  const container = input.container ?? { type: 'message' };
  const channelId = input.channelId ?? TEST_SLACK.channelId;
  const messageTs = input.messageTs ?? '1760000000.000100';
  const action = {
    type: input.actionType ?? 'button',
    action_id: input.actionId,
    block_id: input.blockId ?? 'actions',
    text: { type: 'plain_text', text: input.actionId, emoji: true },
    ...(input.value === undefined ? {} : { value: input.value }),
    action_ts: nowTs(),
  };
  const where =
    container.type === 'view'
      ? {
          container: { type: 'view', view_id: container.viewId ?? 'V0VIEW' },
          view: view(
            a,
            container.viewType ?? 'home',
            container.viewId,
            container.callbackId,
            container.privateMetadata,
          ),
        }
      : {
          container: {
            type: 'message',
            message_ts: messageTs,
            channel_id: channelId,
            is_ephemeral: !!container.isEphemeral,
          },
          channel: { id: channelId, name: TEST_SLACK.channelName },
          ...(container.isEphemeral
            ? {}
            : {
                message: {
                  type: 'message',
                  ts: messageTs,
                  user: 'U0BOT',
                  text: 'message',
                  blocks: input.messageBlocks ?? [],
                },
              }),
          response_url: input.responseUrl ?? TEST_SLACK.responseUrl,
        };
  return interaction({
    type: 'block_actions',
    user: user(a),
    api_app_id: a.apiAppId,
    token: TEST_SLACK.verificationToken,
    trigger_id: a.triggerId,
    team: { id: a.teamId, domain: TEST_SLACK.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    ...where,
    state: { values: {} },
    actions: [action],
  });
}

export interface ViewSubmissionInput extends Actor {
  callbackId: string;
  /** `state.values`: block_id → action_id → element state, e.g. `{ repo: { repo: { type: 'plain_text_input', value: 'x' } } }`. */
  values?: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  viewId?: string;
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A modal's `view_submission`, sent as `payload=<json>`. */
export function viewSubmission(input: ViewSubmissionInput): SlackRequest {
  const a = actor(input);
  const submitted = view(a, 'modal', input.viewId, input.callbackId, input.privateMetadata);
  return interaction({
    type: 'view_submission',
    team: { id: a.teamId, domain: TEST_SLACK.teamDomain },
    user: user(a),
    api_app_id: a.apiAppId,
    token: TEST_SLACK.verificationToken,
    trigger_id: a.triggerId,
    view: { ...submitted, state: { values: input.values ?? {} } },
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export interface EventCallbackInput {
  event: { type: string; [key: string]: unknown };
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
  eventTime?: number;
  /** Sets `X-Slack-Retry-Num` (and `X-Slack-Retry-Reason`), as on Slack's redeliveries. */
  retryNum?: number;
  retryReason?: string;
}

/** An Events API delivery (`event_callback`), JSON-encoded, optionally marked as a retry. */
export function eventCallback(input: EventCallbackInput): SlackRequest {
  const teamId = input.teamId ?? TEST_SLACK.teamId;
  const headers: Record<string, string> = {};
  if (input.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(input.retryNum);
    headers['X-Slack-Retry-Reason'] = input.retryReason ?? 'http_timeout';
  }
  const body = JSON.stringify({
    token: TEST_SLACK.verificationToken,
    team_id: teamId,
    api_app_id: input.apiAppId ?? TEST_SLACK.apiAppId,
    event: { event_ts: nowTs(), ...input.event },
    type: 'event_callback',
    event_id: input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: input.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  });
  return { body, contentType: 'application/json', headers };
}

/** Slack's `url_verification` handshake, sent when a Request URL is saved. */
export function urlVerification(challenge: string): SlackRequest {
  const body = JSON.stringify({ token: TEST_SLACK.verificationToken, challenge, type: 'url_verification' });
  return { body, contentType: 'application/json', headers: {} };
}

/** Slack's unsigned `ssl_check` probe, which Bolt answers without verifying a signature. */
export function sslCheck(): SlackRequest {
  return form({ ssl_check: '1', token: TEST_SLACK.verificationToken });
}

export interface SendOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. Set it in the past to test replay protection. */
  timestamp?: number;
  /** `true` signs with a wrong secret; a string is sent as the `X-Slack-Signature` header verbatim. */
  forgeSignature?: boolean | string;
  /** Sends no signature headers at all. */
  unsigned?: boolean;
  path?: string;
}

export interface SendResult {
  status: number;
  body: string;
  headers: Headers;
  elapsedMs: number;
}

/** Signs and POSTs a request to a Bolt HTTP receiver at `<appUrl>/slack/events`, over real HTTP. */
export async function send(appUrl: string, request: SlackRequest, options: SendOptions): Promise<SendResult> {
  const signed = signSlackRequest(
    options.forgeSignature === true ? `${options.secret}-forged` : options.secret,
    request.body,
    options.timestamp,
  );
  if (typeof options.forgeSignature === 'string') signed['X-Slack-Signature'] = options.forgeSignature;
  const headers = { 'Content-Type': request.contentType, ...(options.unsigned ? {} : signed), ...request.headers };
  const url = `${appUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`;
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body: request.body });
  const body = await response.text();
  return { status: response.status, body, headers: response.headers, elapsedMs: performance.now() - started };
}

function actor(input: Actor): Required<Actor> {
  return {
    userId: input.userId ?? TEST_SLACK.userId,
    userName: input.userName ?? TEST_SLACK.userName,
    teamId: input.teamId ?? TEST_SLACK.teamId,
    apiAppId: input.apiAppId ?? TEST_SLACK.apiAppId,
    triggerId: input.triggerId ?? `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`,
  };
}

function user(a: Required<Actor>) {
  return { id: a.userId, username: a.userName, name: a.userName, team_id: a.teamId };
}

function view(a: Required<Actor>, type: 'home' | 'modal', id?: string, callbackId?: string, privateMetadata?: string) {
  return {
    id: id ?? 'V0VIEW',
    team_id: a.teamId,
    app_id: a.apiAppId,
    type,
    callback_id: callbackId ?? '',
    private_metadata: privateMetadata ?? '',
    title: { type: 'plain_text', text: 'ecrscan' },
    blocks: [],
    state: { values: {} },
    hash: '1760000000.abcdef',
    root_view_id: id ?? 'V0VIEW',
    previous_view_id: null,
    external_id: '',
    bot_id: 'B0BOT',
  };
}

function form(fields: Record<string, string>): SlackRequest {
  return {
    body: new URLSearchParams(fields).toString(),
    contentType: 'application/x-www-form-urlencoded',
    headers: {},
  };
}

function interaction(payload: Record<string, unknown>): SlackRequest {
  return form({ payload: JSON.stringify(payload) });
}

function nowTs(): string {
  return (Date.now() / 1000).toFixed(6);
}
