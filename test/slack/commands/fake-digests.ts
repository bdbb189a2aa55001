/**
 * A hand-written `DigestService` for the Slack listener tests (the real one lives in src/jobs/ and is tested there),
 * and the deps and Bolt arguments the listeners are called with (style.md habit 11: `buildArgs()`).
 * The fake keeps subscriptions in memory, records every call, and can be told to fail.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import { loadConfig } from '../../../src/config.js';
import { type Core, createCore } from '../../../src/core.js';
import type { ExpiringImage, ExpiringReport } from '../../../src/domain/expiring.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { sandboxAwsOptions } from '../../../src/sandbox/client-options.js';
import { createActionValueCodec } from '../../../src/slack/action-value.js';
import type { SlackDeps } from '../../../src/slack/slack-deps.js';
import { createAdminAuthorizer } from '../../../src/usecases/authorize.js';
import type {
  DigestService,
  DigestStatus,
  SnoozeInput,
  SubscribeInput,
  Subscription,
} from '../../../src/usecases/digest-service.js';
import { captureLines } from '../../support/log-capture.js';
import type { SlackMessage } from '../../support/slack-messages.js';

export const NOW = new Date('2026-06-01T08:00:00Z');
export const ADMIN = 'U0ADMIN';
export const IN_ADMIN_GROUP = 'U0GROUPIE';
export const STRANGER = 'U0STRANGER';
export const TEAM = 'T0ECRSCAN';
export const CHANNEL = 'C0PLATFORM';
export const VALUE_KEY = 'listener-test-key-0123456789';

export interface FakeDigests extends DigestService {
  subscriptions: Subscription[];
  calls: { method: keyof DigestService; args: unknown[] }[];
  snoozes: SnoozeInput[];
  /** What `report` answers. */
  nextReport: ExpiringReport;
  /** Makes the named method reject once. */
  failNext(method: keyof DigestService, err: Error): void;
  statuses: DigestStatus[];
}

export function createFakeDigests(): FakeDigests {
  let seq = 0;
  const failures = new Map<string, Error>();
  const fake: FakeDigests = {
    subscriptions: [],
    calls: [],
    snoozes: [],
    statuses: [],
    nextReport: makeReport([]),
    failNext(method, err) {
      failures.set(method, err);
    },
    async subscribe(input: SubscribeInput, actor) {
      enter('subscribe', input, actor);
      const sub: Subscription = {
        id: `sub${++seq}`,
        ...input,
        createdBy: actor.userId,
        createdAt: NOW,
        source: 'slack',
      };
      fake.subscriptions.push(sub);
      return sub;
    },
    async list(teamId, channelId) {
      enter('list', teamId, channelId);
      return fake.subscriptions.filter((s) => s.teamId === teamId && (!channelId || s.channelId === channelId));
    },
    async unsubscribe(teamId, channelId, id) {
      enter('unsubscribe', teamId, channelId, id);
      const gone = fake.subscriptions.filter(
        (s) => s.teamId === teamId && s.channelId === channelId && s.source === 'slack' && (!id || s.id === id),
      );
      fake.subscriptions = fake.subscriptions.filter((s) => !gone.includes(s));
      return gone.length;
    },
    async preview(subscription) {
      enter('preview', subscription);
    },
    async report(query) {
      enter('report', query);
      return fake.nextReport;
    },
    async snooze(input) {
      enter('snooze', input);
      fake.snoozes.push(input);
      return { until: new Date(NOW.getTime() + input.days * 86_400_000) };
    },
    async status(teamId) {
      enter('status', teamId);
      return fake.statuses;
    },
  };
  function enter(method: keyof DigestService, ...args: unknown[]) {
    fake.calls.push({ method, args });
    const err = failures.get(method);
    if (err) {
      failures.delete(method);
      throw err;
    }
  }
  return fake;
}

export function makeSubscription(over: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub-file-1',
    teamId: TEAM,
    channelId: CHANNEL,
    repoFilters: [],
    at: '09:00',
    timeZone: 'UTC',
    withinDays: 7,
    allClear: false,
    createdBy: 'file',
    createdAt: NOW,
    source: 'slack',
    ...over,
  };
}

export function makeImage(over: Partial<ExpiringImage> = {}): ExpiringImage {
  return {
    accountId: '111111111111',
    region: 'us-east-1',
    repositoryName: 'payments-api',
    imageDigest: `sha256:${'ab'.repeat(32)}`,
    imageTags: ['1.4.2'],
    pushedAt: new Date('2026-03-05T10:00:00Z'),
    state: 'expiring',
    expiresAt: new Date('2026-06-04T10:00:00Z'),
    cause: 'Pushed 88 days ago and not pulled since: the 90-day push window ends.',
    ...over,
  };
}

export function makeReport(images: ExpiringImage[], over: Partial<ExpiringReport> = {}): ExpiringReport {
  const byAccount: ExpiringReport['counts']['byAccount'] = {};
  for (const i of images) {
    const a = byAccount[i.accountId] ?? { expiring: 0, expired: 0 };
    a[i.state] += 1;
    byAccount[i.accountId] = a;
  }
  return {
    generatedAt: NOW,
    withinDays: 7,
    images,
    counts: {
      expiring: images.filter((i) => i.state === 'expiring').length,
      expired: images.filter((i) => i.state === 'expired').length,
      byAccount,
    },
    errors: [],
    ...over,
  };
}

export interface TestDeps {
  deps: SlackDeps;
  logs: Record<string, unknown>[];
  core: Core;
  /** Work the listeners started after their ack; await it before asserting. */
  settled(): Promise<void>;
}

/**
 * Real core (in-memory state; AWS pointed at `awsEndpoint` when given; clock fixed at NOW unless `realClock`, which
 * the sandbox's seeded dates need), fake digests, admins ADMIN + S0ADMINS.
 */
export async function buildDeps(
  opts: { digests?: DigestService | null; awsEndpoint?: string; admin?: boolean; realClock?: boolean } = {},
): Promise<TestDeps> {
  const { destination, lines: logs } = captureLines();
  const log = createLogger({ level: 'info', destination });
  const endpoint = opts.awsEndpoint;
  const core = await createCore({
    config: loadConfig({ AWS_REGION: 'us-east-1' }),
    log,
    now: opts.realClock ? undefined : () => NOW,
    awsOptions: endpoint ? sandboxAwsOptions(endpoint, { maxAttempts: 1 }) : undefined,
  });
  const work: Promise<unknown>[] = [];
  const deps: SlackDeps = {
    core,
    log,
    metrics: createMetrics(),
    values: createActionValueCodec(VALUE_KEY),
    track: (p) => {
      work.push(p);
      return p;
    },
    signal: new AbortController().signal,
    lookingAfterMs: 60_000,
    rateLimit: async () => ({ allowed: true, retryAfterMs: 0 }),
    claimOnce: (key, ttlMs) => core.state.once.claim(key, ttlMs),
    ...(opts.digests === null ? {} : { digests: opts.digests ?? createFakeDigests() }),
    ...(opts.admin === false
      ? {}
      : {
          admin: createAdminAuthorizer({
            users: [ADMIN],
            usergroups: ['S0ADMINS'],
            members: { members: async (group) => (group === 'S0ADMINS' ? [IN_ADMIN_GROUP] : []) },
          }),
        }),
  };
  return { deps, logs, core, settled: async () => void (await Promise.allSettled(work)) };
}

/** The replies a listener sent through `respond`, in order. */
export function recorder() {
  const replies: SlackMessage[] = [];
  const respond = async (message: string | RespondArguments) => {
    replies.push(typeof message === 'string' ? { text: message } : (message as SlackMessage));
  };
  return {
    replies,
    // Bolt's respond resolves with the fetch Response; no listener reads it.
    respond: respond as unknown as RespondFn,
    /** Every text of reply `i` (default: the last), joined by newlines. */
    text: (i = replies.length - 1) => textsOf(replies[i]).join('\n'),
  };
}

/** Every `text` string in a message or view, depth first. */
export function textsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'text' && typeof v === 'string' ? [v] : textsOf(v)));
}
