/**
 * Cross-replica single-flight on one Redis (platform.md §7, "leader lock"):
 *
 * 1. `SET <prefix>lock:<key> <token> NX PX <lease>`: whoever sets it runs the load.
 * 2. The winner then, in one pipeline: stores the outcome (value or error) under `<prefix>sf:<token>` for a few
 *    seconds, releases the lock with a compare-and-delete script (never someone else's lock), and publishes
 *    the key on `<prefix>sf`.
 * 3. A loser reads the holder's token and waits for a message on that channel, or at most one poll interval
 *    (pub/sub is best-effort: a message sent before the subscription is ready is simply missed), then looks for
 *    the holder's outcome. If the holder died or hangs, its lease expires, the next `SET NX` succeeds, and that
 *    waiter becomes the winner. The whole wait is bounded by `waitMs`.
 *
 * The lock is advisory and single-node: with one Redis, plain `SET NX PX` is enough; Redlock adds nothing.
 * Outcomes too big for the size cap are not published; waiters then take the lock in turn after release.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CacheBackendError, DEFAULT_LEASE_MS, type SingleFlightOptions, SingleFlightTimeoutError } from './cache.js';
import { type FlightOutcome, flightOutcome } from './flight-outcome.js';
import { DELETE_IF_HOLDER } from './redis-script.js';

/** Long enough for every waiter to read the outcome after the message or its next poll. */
const OUTCOME_TTL_MS = 5_000;

export interface RedisSingleFlightDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  maxValueBytes: number;
  /** Runs one Redis operation: refuses when the link is down, turns failures into `CacheBackendError`. */
  call: <T>(operation: () => Promise<T>) => Promise<T>;
}

export interface RedisSingleFlight {
  run<T>(key: string, load: () => Promise<T>, opts: SingleFlightOptions): Promise<T>;
  close(): void;
}

export function createRedisSingleFlight(deps: RedisSingleFlightDeps): RedisSingleFlight {
  const { redis, prefix, log, call } = deps;
  const channel = `${prefix}sf`;
  const wakers = new Map<string, Set<() => void>>();
  let subscriber: Redis | undefined;
  let subscribing: Promise<void> | undefined;

  function ensureSubscribed(): void {
    if (subscribing !== undefined) return;
    if (subscriber === undefined) {
      subscriber = redis.duplicate();
      subscriber.on('error', (err: Error) => log.debug({ err }, 'single-flight subscriber error'));
      subscriber.on('message', (from: string, key: string) => {
        if (from !== channel) return;
        for (const wake of wakers.get(key) ?? []) wake();
      });
    }
    subscribing = subscriber.subscribe(channel).then(
      () => undefined,
      (err: unknown) => {
        subscribing = undefined;
        log.debug({ err }, 'single-flight subscribe failed; polling only');
      },
    );
  }

  function nextSignal(key: string, ms: number): Promise<void> {
    ensureSubscribed();
    return new Promise((resolve) => {
      const set = wakers.get(key) ?? new Set();
      wakers.set(key, set);
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && wakers.get(key) === set) wakers.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  async function finish(key: string, token: string, outcome: FlightOutcome): Promise<void> {
    let text: string | undefined;
    try {
      text = flightOutcome.encode(outcome);
    } catch (err) {
      log.debug({ err, key }, 'single-flight outcome cannot be shared');
    }
    const pipeline = redis.pipeline();
    if (text !== undefined && Buffer.byteLength(text) <= deps.maxValueBytes) {
      pipeline.set(`${prefix}sf:${token}`, text, 'PX', OUTCOME_TTL_MS);
    }
    pipeline.eval(DELETE_IF_HOLDER, 1, `${prefix}lock:${key}`, token);
    pipeline.publish(channel, key);
    await call(() => pipeline.exec());
  }

  async function runAsWinner<T>(key: string, token: string, load: () => Promise<T>): Promise<T> {
    let outcome: FlightOutcome;
    try {
      outcome = { ok: true, value: await load() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // The caller gets the load's outcome even if Redis fails now; waiters then time out or take over.
    await finish(key, token, outcome).catch((err: unknown) => log.debug({ err, key }, 'single-flight release failed'));
    if (outcome.ok) return outcome.value as T;
    throw outcome.error;
  }

  function settle<T>(text: string): T {
    let outcome: FlightOutcome;
    try {
      outcome = flightOutcome.decode(text);
    } catch (err) {
      throw new CacheBackendError('unreadable single-flight outcome', { cause: err });
    }
    if (outcome.ok) return outcome.value as T;
    throw outcome.error;
  }

  return {
    async run<T>(key: string, load: () => Promise<T>, opts: SingleFlightOptions): Promise<T> {
      const leaseMs = Math.max(1, Math.ceil(opts.leaseMs ?? DEFAULT_LEASE_MS));
      const pollMs = Math.min(250, Math.max(10, Math.floor(leaseMs / 5)));
      const lockKey = `${prefix}lock:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + opts.waitMs;
      let holder: string | undefined;
      for (;;) {
        if (holder !== undefined) {
          const seen = holder;
          const text = await call(() => redis.get(`${prefix}sf:${seen}`));
          if (text !== null) return settle<T>(text);
        }
        if ((await call(() => redis.set(lockKey, token, 'PX', leaseMs, 'NX'))) === 'OK') {
          return runAsWinner(key, token, load);
        }
        const current = await call(() => redis.get(lockKey));
        if (current === null) continue;
        holder = current;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new SingleFlightTimeoutError(key, opts.waitMs);
        await nextSignal(key, Math.min(pollMs, remaining));
      }
    },

    close(): void {
      for (const set of wakers.values()) for (const wake of set) wake();
      subscriber?.disconnect();
    },
  };
}
