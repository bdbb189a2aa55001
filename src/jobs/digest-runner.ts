/**
 * One digest run, the same for the BullMQ worker and the in-process scheduler: read the subscription (a removed
 * one does nothing), work out the day it counts for in the subscription's zone, and post it through the day's
 * claim (`post-digest.ts`), building the report only when the day's digest has not been built yet. A preview
 * takes the same path with a throw-away claim, so it is never counted as the day's digest.
 */
import { randomUUID } from 'node:crypto';
import type { ExpiringReport } from '../domain/expiring.js';
import type { Logger } from '../logger.js';
import type { ActionSubject } from '../slack/action-value.js';
import { renderDigestAllClear, renderDigestHeader } from '../slack/blocks/digest.js';
import { renderDigestPages } from '../slack/blocks/digest-pages.js';
import { createMemoryDigestClaims, type DigestClaims, digestClaimKey } from '../state/digest-claims.js';
import type { SnoozeStore } from '../state/snoozes.js';
import type { SubscriptionStore } from '../state/subscriptions.js';
import { buildDigest, type DigestContent, hasNews } from '../usecases/build-digest.js';
import { dayInZone } from '../usecases/digest-schedule.js';
import type { Subscription } from '../usecases/digest-service.js';
import { type DigestPoster, type PostDigestOutcome, postDigest, type RenderedDigest } from '../usecases/post-digest.js';

export type ReportFn = (query: {
  withinDays: number;
  repoFilters: string[];
  expiredSince?: Date;
  /** Fill `highestSeverity` (costs calls): asked for when a `min-severity` will filter the report. */
  severity?: boolean;
}) => Promise<ExpiringReport>;

export interface DigestRunnerDeps {
  subscriptions: SubscriptionStore;
  snoozes: SnoozeStore;
  claims: DigestClaims;
  poster: DigestPoster;
  report: ReportFn;
  /** Signs button values (`ActionValueCodec.encode`). */
  encode: (subject: ActionSubject) => string;
  snoozeDays: number;
  log: Logger;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Default 1000 (chat.postMessage: about one message a second per channel). */
  pageIntervalMs?: number;
  /** Default 60 s; renewed every third of it while a run is alive. */
  leaseMs?: number;
}

export type RunOutcome = PostDigestOutcome | { kind: 'unsubscribed' };

export interface DigestRunner {
  /** The scheduled digest of `runAt`'s day; safe to call any number of times, from any replica. */
  run(subscriptionId: string, runAt: Date): Promise<RunOutcome>;
  /** Posts now what the next digest would say; Slack 429s are waited out here. */
  preview(subscription: Subscription): Promise<PostDigestOutcome>;
}

const DAY_MS = 86_400_000;
const PREVIEW_ATTEMPTS = 20;

export function createDigestRunner(deps: DigestRunnerDeps): DigestRunner {
  const log = deps.log.child({ component: 'digest' });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const instance = randomUUID();

  async function build(sub: Subscription, runAt: Date, preview: boolean): Promise<DigestContent | undefined> {
    const last = await deps.claims.lastPosted(sub.id);
    const expiredSince = last ?? new Date(runAt.getTime() - sub.withinDays * DAY_MS);
    const report = await deps.report({
      withinDays: sub.withinDays,
      repoFilters: sub.repoFilters,
      expiredSince,
      severity: sub.minSeverity !== undefined,
    });
    const snoozed = await deps.snoozes.active(sub.teamId, sub.channelId);
    const content = buildDigest({ report, subscription: sub, snoozed, day: dayInZone(runAt, sub.timeZone) });
    return preview || hasNews(content) || sub.allClear ? content : undefined;
  }

  function render(content: DigestContent, preview: boolean): RenderedDigest {
    if (!hasNews(content)) {
      const message = renderDigestAllClear(content, { preview });
      return { header: () => message, pages: [] };
    }
    const pages = renderDigestPages(content, { encode: deps.encode, snoozeDays: deps.snoozeDays, preview });
    return {
      header: (complete) => renderDigestHeader(content, { pages: pages.length, complete, preview }),
      pages,
    };
  }

  function post(sub: Subscription, runAt: Date, claims: DigestClaims, key: string, preview: boolean) {
    return postDigest(
      {
        claims,
        poster: deps.poster,
        log,
        now: deps.now,
        sleep,
        holder: `${instance}:${randomUUID()}`,
        leaseMs: deps.leaseMs ?? 60_000,
        pageIntervalMs: deps.pageIntervalMs ?? 1_000,
        build: () => build(sub, runAt, preview),
        render: (content) => render(content, preview),
      },
      { key, channel: sub.channelId },
    );
  }

  return {
    async run(subscriptionId, runAt) {
      const sub = await deps.subscriptions.get(subscriptionId);
      if (!sub) {
        log.info({ subscriptionId }, 'skipping the digest of a subscription that no longer exists');
        return { kind: 'unsubscribed' };
      }
      const key = digestClaimKey(sub, dayInZone(runAt, sub.timeZone));
      const outcome = await post(sub, runAt, deps.claims, key, false);
      if (outcome.kind === 'posted') {
        await deps.claims.recordPosted(sub.id, deps.now());
        log.info({ subscriptionId, key, pages: outcome.pages, resumed: outcome.resumed }, 'digest posted');
      }
      return outcome;
    },
    async preview(sub) {
      const claims = createMemoryDigestClaims();
      const key = `preview:${sub.id}:${randomUUID()}`;
      for (let attempt = 1; ; attempt++) {
        const outcome = await post(sub, deps.now(), claims, key, true);
        if (outcome.kind !== 'rate-limited' || attempt >= PREVIEW_ATTEMPTS) return outcome;
        await sleep(outcome.retryAfterMs);
      }
    },
  };
}
