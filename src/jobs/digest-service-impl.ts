/**
 * `DigestService` (the contract the Slack commands, buttons and App Home use) over the subscription and snooze
 * stores, the day claims and a scheduler (BullMQ or in-process). Every subscription change goes to the store
 * first, then to the scheduler; a scheduler that missed a change (Redis hiccup, a replica down) is put right by
 * `reconcile` at the next start. Who may change subscriptions, and the audit entry of every attempt (refused,
 * failed, done), are the Slack command's (`slack/commands/digest-command.ts`): it alone knows who asked and why.
 * The entry says whether a subscription was new or updated, from the `updatedAt` this service sets.
 */
import { digestCountsKey } from '../cache/cache-keys.js';
import type { CachedLoader } from '../cache/cached.js';
import type { Logger } from '../logger.js';
import type { DigestClaims } from '../state/digest-claims.js';
import type { SnoozeStore } from '../state/snoozes.js';
import { type SubscriptionStore, subscriptionIdOf, validateSubscription } from '../state/subscriptions.js';
import { filterBySeverity } from '../usecases/build-digest.js';
import { nextRunAt } from '../usecases/digest-schedule.js';
import type { DigestService, DigestStatus, Subscription } from '../usecases/digest-service.js';
import type { DigestRunner, ReportFn } from './digest-runner.js';
import type { DigestScheduler } from './digest-scheduler.js';

export interface DigestServiceDeps {
  subscriptions: SubscriptionStore;
  snoozes: SnoozeStore;
  claims: DigestClaims;
  scheduler: DigestScheduler;
  runner: DigestRunner;
  report: ReportFn;
  log: Logger;
  now: () => Date;
  /** Caches the App Home's counts (default: computed on every call). */
  loader?: Pick<CachedLoader, 'load'>;
  /** How long the App Home's counts are reused (default 10 minutes). */
  countsTtlMs?: number;
}

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const log = deps.log.child({ component: 'digests' });

  /** What a subscription (or `/ecrscan expiring`) would list now: severities read only for a minimum. */
  async function report(query: Pick<Subscription, 'repoFilters' | 'withinDays' | 'minSeverity'>) {
    const full = await deps.report({
      withinDays: query.withinDays,
      repoFilters: [...query.repoFilters],
      severity: query.minSeverity !== undefined,
    });
    return filterBySeverity(full, query.minSeverity);
  }

  async function counts(sub: Subscription): Promise<DigestStatus['counts']> {
    const compute = async () => {
      const found = await report(sub);
      return {
        expiring: found.counts.expiring,
        expired: found.counts.expired,
        ...(found.unsupported === undefined ? {} : { unsupported: found.unsupported }),
      };
    };
    try {
      const ttl = deps.countsTtlMs ?? 600_000;
      return deps.loader ? await deps.loader.load(digestCountsKey(sub), ttl, compute) : await compute();
    } catch (err) {
      log.warn({ err, subscriptionId: sub.id }, 'could not count expiring images for the App Home');
      return undefined;
    }
  }

  return {
    async subscribe(input, actor) {
      const valid = validateSubscription(input);
      const id = subscriptionIdOf(valid.teamId, valid.channelId, valid.repoFilters);
      const existing = await deps.subscriptions.get(id);
      const stored = await deps.subscriptions.upsert({
        ...valid,
        id,
        createdBy: existing?.createdBy ?? actor.userId,
        createdAt: existing?.createdAt ?? deps.now(),
        ...(existing ? { updatedAt: deps.now() } : {}),
        source: 'slack',
      });
      await deps.scheduler.upsert(stored);
      return stored;
    },
    list(teamId, channelId) {
      return deps.subscriptions.list({ teamId, ...(channelId === undefined ? {} : { channelId }) });
    },
    async unsubscribe(teamId, channelId, id) {
      const removed = await deps.subscriptions.remove(teamId, channelId, id);
      for (const sub of removed) await deps.scheduler.remove(sub.id);
      return removed.length;
    },
    async preview(subscription) {
      const outcome = await deps.runner.preview(subscription);
      if (outcome.kind === 'rate-limited') throw new Error('Slack kept rate limiting the digest preview');
    },
    report,
    snooze(input) {
      return deps.snoozes.snooze(input);
    },
    async status(teamId) {
      const subs = await deps.subscriptions.list({ teamId });
      return Promise.all(
        subs.map(async (subscription): Promise<DigestStatus> => {
          const [lastPostedAt, scheduled, c] = await Promise.all([
            deps.claims.lastPosted(subscription.id).catch(() => undefined),
            deps.scheduler.nextRun(subscription.id).catch(() => undefined),
            counts(subscription),
          ]);
          const nextRun = scheduled ?? nextRunAt(subscription, deps.now());
          return {
            subscription,
            ...(lastPostedAt ? { lastPostedAt } : {}),
            ...(nextRun ? { nextRunAt: nextRun } : {}),
            ...(c ? { counts: c } : {}),
          };
        }),
      );
    },
  };
}
