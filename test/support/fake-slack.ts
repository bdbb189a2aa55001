import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BlockKitViolation, checkBlockKit, type Surface } from '../../src/slack/blocks/limits.js';

type Json = Record<string, unknown>;

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Usergroup id → member user ids, answered by `usergroups.users.list`. */
  usergroups?: Record<string, string[]>;
  /** When given, `conversations.info` knows only these channels; otherwise any id is a public channel. */
  channels?: Record<string, { name?: string; isPrivate?: boolean; isMember?: boolean }>;
  /** Clock for post pacing and response_url expiry, so tests can move time instead of sleeping. */
  now?: () => number;
  /** false: `conversations.history` / `.replies` answer `missing_scope` (an app installed without the scopes). */
  historyScope?: boolean;
}

/** One request the fake received; `method` is the Web API method, or `response_url`. */
export interface RecordedCall {
  method: string;
  body: Json;
  headers: http.IncomingHttpHeaders;
  time: number;
  status: number;
  answer: Json;
}

export interface RecordedViolation {
  method: string;
  surface: Surface;
  violations: BlockKitViolation[];
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  /** Message metadata (`event_type`, `event_payload`), returned by the history methods with include_all_metadata. */
  metadata?: unknown;
  edits: number;
}

export interface RateLimitRule {
  /** A Web API method name, or `response_url`. */
  method: string;
  /** Limit every Nth matching call (default 1: every call). */
  everyNth?: number;
  /** Stop after this many 429s (default: never stop). */
  times?: number;
  retryAfterSeconds: number;
}

export interface FakeSlack {
  /** Base URL, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** Pass as `slackApiUrl` to WebClient / Bolt's `clientOptions`. */
  slackApiUrl: string;
  calls: RecordedCall[];
  violations: RecordedViolation[];
  /** A response_url served by this fake; its 5-uses / 30-minutes budget starts now. */
  responseUrl(id?: string): string;
  /** Accepted posts to one response_url, oldest first. */
  responses(id: string): Json[];
  /** Current messages of a channel (after updates and deletes), oldest first. */
  messages(channel: string): FakeMessage[];
  ephemerals(channel: string): Json[];
  homeView(userId: string): Json | undefined;
  rateLimit(rule: RateLimitRule): { hits(): number; remove(): void };
  /** Enforce chat.postMessage's 1 message per second per channel with `429 Retry-After: 1`. */
  enforcePostRate(on: boolean): void;
  /** Resolves with the predicate's first truthy value; re-checks on every request and every 20 ms. */
  waitFor<T>(predicate: () => T | Promise<T>, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  json: Json;
}

interface Rule extends Required<RateLimitRule> {
  seen: number;
  hits: number;
}

/**
 * Starts an in-process stand-in for Slack's Web API and response_url endpoints on 127.0.0.1 (platform.md §5): it
 * records every call, keeps channel messages and views, answers usergroup and channel look-ups, and rejects any
 * Block Kit payload `checkBlockKit` finds over a limit the way Slack does, so a test can assert `violations` is
 * empty. Rate limits and response_url exhaustion can be switched on to exercise the app's error paths.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0ECRSCAN';
  const botUserId = options.botUserId ?? 'U0BOT';
  const botId = options.botId ?? 'B0BOT';
  const now = options.now ?? Date.now;
  const calls: RecordedCall[] = [];
  const violations: RecordedViolation[] = [];
  const channels = new Map<string, Map<string, FakeMessage>>();
  const ephemerals = new Map<string, Json[]>();
  const views = new Map<string, { view: Json; hash: string }>();
  const homes = new Map<string, Json>();
  const responseUrls = new Map<string, { created: number; posts: Json[] }>();
  const lastPost = new Map<string, number>();
  const listeners = new Set<() => void>();
  let rules: Rule[] = [];
  let pacePosts = false;
  let counter = 0;

  const nextTs = () => `${Math.floor(now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const fail = (error: string, extra: Json = {}): Answer => ({ json: { ok: false, error, ...extra } });
  const ok = (extra: Json = {}): Answer => ({ json: { ok: true, ...extra } });
  const channelMessages = (channel: string) => {
    const map = channels.get(channel) ?? new Map<string, FakeMessage>();
    channels.set(channel, map);
    return map;
  };

  function rejectBlocks(method: string, payload: unknown, surface: Surface): Answer | undefined {
    const found = checkBlockKit(payload, surface);
    if (found.length === 0) return undefined;
    violations.push({ method, surface, violations: found });
    const rules = new Set(found.map((v) => v.rule));
    const messages = found.map((v) => `[ERROR] ${v.rule}: ${v.actual} (limit ${v.limit}) [json-pointer:${v.path}]`);
    let error = surface === 'message' ? 'invalid_blocks' : 'invalid_arguments';
    if (surface === 'message' && rules.size === 1 && rules.has('message.block_text_budget'))
      error = 'msg_blocks_too_long';
    if (surface === 'message' && rules.size === 1 && rules.has('message.text.length')) error = 'msg_too_long';
    const body = payload as Json;
    if (surface === 'message' && body.text === undefined && body.blocks === undefined) error = 'no_text';
    return fail(error, { response_metadata: { messages } });
  }

  function message(body: Json): Json {
    const out: Json = {};
    if (body.text !== undefined) out.text = body.text;
    if (body.blocks !== undefined) out.blocks = body.blocks;
    return out;
  }

  function storeView(view: Json, id = `V${String(++counter).padStart(8, '0')}`): Json {
    const hash = `${Math.floor(now() / 1000)}.${randomBytes(4).toString('hex')}`;
    const stored = { ...view, id, team_id: teamId, bot_id: botId, hash, state: { values: {} }, root_view_id: id };
    views.set(id, { view: stored, hash });
    return stored;
  }

  function openView(method: string, body: Json, surface: Surface): Answer {
    if (!isRecord(body.view)) return fail('invalid_arguments');
    return rejectBlocks(method, body.view, surface) ?? ok({ view: storeView(body.view) });
  }

  const methods: Record<string, (body: Json) => Answer> = {
    'auth.test': () =>
      ok({
        url: 'https://ecrscan-test.slack.com/',
        team: 'ecrscan test',
        user: 'ecrscan',
        team_id: teamId,
        user_id: botUserId,
        bot_id: botId,
        is_enterprise_install: false,
      }),
    'chat.postMessage': (body) => {
      const channel = str(body.channel);
      if (!channel) return fail('channel_not_found');
      const rejected = rejectBlocks('chat.postMessage', message(body), 'message');
      if (rejected) return rejected;
      const ts = nextTs();
      const stored: FakeMessage = { channel, ts, ...message(body), edits: 0 } as FakeMessage;
      if (body.thread_ts !== undefined) stored.threadTs = String(body.thread_ts);
      if (body.metadata !== undefined) stored.metadata = body.metadata;
      channelMessages(channel).set(ts, stored);
      lastPost.set(channel, now());
      return ok({ channel, ts, message: { type: 'message', user: botUserId, bot_id: botId, ts, ...message(body) } });
    },
    'chat.update': (body) => {
      const channel = str(body.channel);
      const stored = channelMessages(channel).get(str(body.ts));
      if (!stored) return fail('message_not_found');
      const rejected = rejectBlocks('chat.update', message(body), 'message');
      if (rejected) return rejected;
      Object.assign(stored, message(body), { edits: stored.edits + 1 });
      return ok({ channel, ts: stored.ts, text: stored.text, message: { ...stored } });
    },
    'chat.postEphemeral': (body) => {
      const channel = str(body.channel);
      if (!channel || !str(body.user)) return fail(!channel ? 'channel_not_found' : 'user_not_found');
      const rejected = rejectBlocks('chat.postEphemeral', message(body), 'message');
      if (rejected) return rejected;
      const messageTs = nextTs();
      ephemerals.set(channel, [...(ephemerals.get(channel) ?? []), { ...body, message_ts: messageTs }]);
      return ok({ message_ts: messageTs });
    },
    'chat.delete': (body) => {
      const channel = str(body.channel);
      const ts = str(body.ts);
      return channelMessages(channel).delete(ts) ? ok({ channel, ts }) : fail('message_not_found');
    },
    'views.open': (body) => (str(body.trigger_id) ? openView('views.open', body, 'modal') : fail('invalid_arguments')),
    'views.push': (body) => (str(body.trigger_id) ? openView('views.push', body, 'modal') : fail('invalid_arguments')),
    'views.update': (body) => {
      const id = str(body.view_id) || [...views.values()].find((v) => v.view.external_id === body.external_id)?.view.id;
      const current = views.get(str(id));
      if (!current || !isRecord(body.view)) return fail('not_found');
      if (body.hash !== undefined && body.hash !== current.hash) return fail('hash_conflict');
      const surface = body.view.type === 'home' ? 'home' : 'modal';
      return rejectBlocks('views.update', body.view, surface) ?? ok({ view: storeView(body.view, str(id)) });
    },
    'views.publish': (body) => {
      const userId = str(body.user_id);
      if (!userId || !isRecord(body.view)) return fail('invalid_arguments');
      const current = homes.get(userId);
      if (body.hash !== undefined && current && body.hash !== current.hash) return fail('hash_conflict');
      const rejected = rejectBlocks('views.publish', body.view, 'home');
      if (rejected) return rejected;
      const view = storeView(body.view, str(current?.id) || undefined);
      homes.set(userId, view);
      return ok({ view });
    },
    'usergroups.users.list': (body) => {
      const users = options.usergroups?.[str(body.usergroup)];
      return users ? ok({ users: [...users] }) : fail('no_such_subteam');
    },
    'conversations.history': (body) => history(body, (m) => m.threadTs === undefined || m.threadTs === m.ts),
    'conversations.replies': (body) => {
      const parent = str(body.ts);
      return history(body, (m) => m.ts === parent || m.threadTs === parent);
    },
    'conversations.info': (body) => {
      const id = str(body.channel);
      const known = options.channels?.[id];
      if (options.channels && !known) return fail('channel_not_found');
      const isPrivate = known?.isPrivate ?? false;
      return ok({
        channel: {
          id,
          name: known?.name ?? `channel-${id.toLowerCase()}`,
          is_channel: !isPrivate,
          is_group: isPrivate,
          is_private: isPrivate,
          is_archived: false,
          is_member: known?.isMember ?? true,
          context_team_id: teamId,
        },
      });
    },
  };

  /** Newest first, from `oldest` (inclusive), as Slack pages them; metadata only when asked for. */
  function history(body: Json, keep: (m: FakeMessage) => boolean): Answer {
    if (options.historyScope === false) return fail('missing_scope');
    const channel = str(body.channel);
    if (options.channels && options.channels[channel]?.isMember === false) return fail('not_in_channel');
    const oldest = Number(body.oldest ?? 0);
    const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
    const messages = [...channelMessages(channel).values()]
      .filter((m) => keep(m) && Number(m.ts) >= oldest)
      .sort((a, b) => Number(b.ts) - Number(a.ts))
      .slice(0, Number(body.limit ?? 100))
      .map(({ metadata, edits: _edits, channel: _channel, threadTs, ...m }) => ({
        type: 'message',
        user: botUserId,
        bot_id: botId,
        ...m,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(withMetadata && metadata !== undefined ? { metadata } : {}),
      }));
    return ok({ messages, has_more: false });
  }

  function limited(method: string, body: Json): Answer | undefined {
    for (const rule of rules) {
      if (rule.method !== method) continue;
      rule.seen += 1;
      if (rule.hits < rule.times && rule.seen % rule.everyNth === 0) {
        rule.hits += 1;
        return tooMany(rule.retryAfterSeconds);
      }
    }
    if (pacePosts && method === 'chat.postMessage') {
      const last = lastPost.get(str(body.channel));
      if (last !== undefined && now() - last < 1000) return tooMany(1);
    }
    return undefined;
  }

  function webApi(method: string, body: Json, headers: http.IncomingHttpHeaders): Answer {
    const rate = limited(method, body);
    if (rate) return rate;
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    if (!bearer && !str(body.token)) return fail('not_authed');
    const handler = methods[method];
    return handler ? handler(body) : fail('unknown_method');
  }

  function responseUrlPost(id: string, body: Json | undefined): Answer {
    const url = responseUrls.get(id) ?? { created: now(), posts: [] };
    responseUrls.set(id, url);
    if (now() - url.created > RESPONSE_URL_TTL_MS) return { status: 404, json: { ok: false, error: 'expired_url' } };
    if (url.posts.length >= RESPONSE_URL_USES) return { status: 404, json: { ok: false, error: 'used_url' } };
    const rate = limited('response_url', {});
    if (rate) return rate;
    if (!body) return { status: 400, json: { ok: false, error: 'invalid_payload' } };
    if (body.delete_original !== true) {
      const rejected = rejectBlocks('response_url', message(body), 'message');
      if (rejected) return { status: 400, json: rejected.json };
    }
    url.posts.push(body);
    return ok();
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let method = 'unknown';
      let body: Json | undefined;
      let answer: Answer;
      if (url.pathname.startsWith('/api/')) {
        method = url.pathname.slice('/api/'.length);
        body = parseBody(raw, req.headers['content-type'], url.searchParams);
        answer = body ? webApi(method, body, req.headers) : fail('invalid_json');
      } else if (url.pathname.startsWith('/respond/')) {
        method = 'response_url';
        body = parseJson(raw);
        answer = responseUrlPost(decodeURIComponent(url.pathname.slice('/respond/'.length)), body);
      } else {
        answer = { status: 404, json: { ok: false, error: 'not_found' } };
      }
      const status = answer.status ?? 200;
      calls.push({ method, body: body ?? { raw }, headers: req.headers, time: now(), status, answer: answer.json });
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(JSON.stringify(answer.json));
      for (const listener of [...listeners]) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    slackApiUrl: `${base}/api/`,
    calls,
    violations,
    responseUrl(id = randomBytes(6).toString('hex')) {
      if (!responseUrls.has(id)) responseUrls.set(id, { created: now(), posts: [] });
      return `${base}/respond/${encodeURIComponent(id)}`;
    },
    responses: (id) => [...(responseUrls.get(id)?.posts ?? [])],
    messages: (channel) => [...channelMessages(channel).values()].map((m) => ({ ...m })),
    ephemerals: (channel) => [...(ephemerals.get(channel) ?? [])],
    homeView: (userId) => homes.get(userId),
    rateLimit(rule) {
      const added: Rule = { everyNth: 1, times: Number.POSITIVE_INFINITY, ...rule, seen: 0, hits: 0 };
      rules.push(added);
      const remove = () => {
        rules = rules.filter((r) => r !== added);
      };
      return { hits: () => added.hits, remove };
    },
    enforcePostRate(on) {
      pacePosts = on;
    },
    async waitFor<T>(predicate: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await predicate();
        if (value) return value;
        const left = deadline - Date.now();
        if (left <= 0) {
          const recent = calls.slice(-5).map((c) => `${c.method} → ${c.status} ${JSON.stringify(c.answer)}`);
          throw new Error(`waitFor: condition not met within ${timeoutMs} ms; last calls:\n${recent.join('\n')}`);
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            listeners.delete(done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(20, left));
          listeners.add(done);
        });
      }
    },
    reset() {
      for (const list of [calls, violations]) list.length = 0;
      for (const map of [channels, ephemerals, views, homes, responseUrls, lastPost]) map.clear();
      rules = [];
      pacePosts = false;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function tooMany(retryAfterSeconds: number): Answer {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    json: { ok: false, error: 'ratelimited' },
  };
}

function parseBody(raw: string, contentType: string | undefined, query: URLSearchParams): Json | undefined {
  const fromQuery = Object.fromEntries(query);
  if (contentType?.includes('application/json')) {
    const json = raw === '' ? {} : parseJson(raw);
    return json && { ...fromQuery, ...json };
  }
  const body: Json = { ...fromQuery, ...Object.fromEntries(new URLSearchParams(raw)) };
  for (const key of JSON_FIELDS) {
    const value = body[key];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) body[key] = parseJsonValue(value) ?? value;
  }
  return body;
}

function parseJson(raw: string): Json | undefined {
  const value = parseJsonValue(raw);
  return isRecord(value) ? value : undefined;
}

function parseJsonValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
