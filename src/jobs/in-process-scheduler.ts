/**
 * Digests without Redis: one timer in this process, armed for the earliest next run of any subscription
 * (computed like BullMQ's job schedulers, `digest-schedule.ts`), so it serves exactly one replica: two would each
 * post (the claims are in memory too). A run that Slack rate-limits is retried after Retry-After, a failing one
 * with backoff; a day missed while the process was down or asleep is not replayed, the next run is simply the
 * next one from now. Time comes from `timers`, so tests drive days and DST changes with a fake clock.
 */
import type { Logger } from '../logger.js';
import { nextRunAt } from '../usecases/digest-schedule.js';
import type { Subscription } from '../usecases/digest-service.js';
import type { RunOutcome } from './digest-runner.js';
import type { DigestScheduler } from './digest-scheduler.js';

export interface SchedulerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface InProcessSchedulerOptions {
  run: (subscriptionId: string, runAt: Date) => Promise<RunOutcome>;
  log: Logger;
  timers?: SchedulerTimers;
  /** Re-check at least this often (default 1 h): keeps setTimeout's range and follows wall-clock jumps. */
  maxTimerMs?: number;
  /** Retries of a run that threw (default 5), waiting `retryBaseMs` × 2ⁿ (default 30 s). */
  maxErrors?: number;
  retryBaseMs?: number;
}

const REAL_TIMERS: SchedulerTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const MAX_WAITS = 50;

export function createInProcessScheduler(opts: InProcessSchedulerOptions): DigestScheduler {
  const timers = opts.timers ?? REAL_TIMERS;
  const log = opts.log.child({ component: 'digest-scheduler', mode: 'in-process' });
  const maxTimerMs = opts.maxTimerMs ?? 3_600_000;
  const entries = new Map<string, { sub: Subscription; next: number }>();
  const running = new Set<Promise<void>>();
  let timer: unknown;
  let started = false;
  let closed = false;

  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

  function schedule(sub: Subscription): void {
    const next = nextRunAt(sub, new Date(timers.now()));
    if (next) entries.set(sub.id, { sub, next: next.getTime() });
    else log.error({ subscriptionId: sub.id }, 'cannot schedule this subscription (bad time or zone)');
  }

  function arm(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    if (!started || closed || entries.size === 0) return;
    const earliest = Math.min(...[...entries.values()].map((e) => e.next));
    const delay = Math.min(Math.max(0, earliest - timers.now()), maxTimerMs);
    timer = timers.setTimeout(tick, delay);
  }

  function tick(): void {
    timer = undefined;
    const now = timers.now();
    for (const entry of [...entries.values()].sort((a, b) => a.next - b.next)) {
      if (entry.next > now) continue;
      const runAt = new Date(entry.next);
      const following = nextRunAt(entry.sub, new Date(now));
      if (following) entry.next = following.getTime();
      else entries.delete(entry.sub.id);
      const work = settle(entry.sub.id, runAt).finally(() => running.delete(work));
      running.add(work);
    }
    arm();
  }

  async function settle(subscriptionId: string, runAt: Date): Promise<void> {
    let errors = 0;
    for (let waits = 0; waits < MAX_WAITS && !closed; ) {
      try {
        const outcome = await opts.run(subscriptionId, runAt);
        if (outcome.kind !== 'rate-limited' && outcome.kind !== 'busy') return;
        waits += 1;
        await sleep(outcome.retryAfterMs);
      } catch (err) {
        errors += 1;
        log.error({ err, subscriptionId, errors }, 'digest run failed');
        if (errors > (opts.maxErrors ?? 5)) return;
        await sleep((opts.retryBaseMs ?? 30_000) * 2 ** (errors - 1));
      }
    }
  }

  return {
    mode: 'in-process',
    async upsert(sub) {
      schedule(sub);
      arm();
    },
    async remove(id) {
      entries.delete(id);
      arm();
    },
    async reconcile(subs) {
      entries.clear();
      for (const sub of subs) schedule(sub);
      arm();
    },
    async nextRun(id) {
      const entry = entries.get(id);
      return entry && new Date(entry.next);
    },
    async start() {
      started = true;
      log.info(
        { subscriptions: entries.size },
        'digests run in-process on this replica only (no REDIS_URL): run one replica, or set REDIS_URL for BullMQ',
      );
      arm();
    },
    async close({ graceMs = 20_000 } = {}) {
      closed = true;
      arm();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...running]), grace]);
    },
  };
}
