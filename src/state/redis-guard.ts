/**
 * What every Redis-backed state store shares: fail fast while the link is down, and report an outage once.
 *
 * Once ioredis has lost its connection (status reconnecting / close / end) a command would wait in the offline
 * queue for up to the client's `commandTimeout`; the guard fails it at once instead, like `cache/redis-cache.ts`,
 * so a Redis outage costs a Slack click no latency. Before the first connection, commands queue as usual.
 * The outage is logged as one warning when it starts and one info line when Redis answers again; in between
 * only at debug, so an outage does not write a line per click.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Redis could not be reached or answered with an error. */
export class StateBackendError extends Error {
  override readonly name = 'StateBackendError';
}

const DOWN = new Set(['reconnecting', 'close', 'end']);

export interface RedisGuard {
  /** Runs one Redis operation; any failure becomes a `StateBackendError`. */
  run<T>(operation: () => Promise<T>): Promise<T>;
  /** Logs a failure: a warning the first time, debug while it lasts. `consequence` says what users get meanwhile. */
  failed(err: unknown, consequence: string): void;
}

export function createRedisGuard(redis: Redis, log: Logger): RedisGuard {
  let failing = false;
  return {
    async run<T>(operation: () => Promise<T>): Promise<T> {
      if (DOWN.has(redis.status)) throw new StateBackendError(`redis is not connected (${redis.status})`);
      let value: T;
      try {
        value = await operation();
      } catch (err) {
        throw new StateBackendError(`redis: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (failing) {
        failing = false;
        log.info('redis answers again: state is shared by every replica again');
      }
      return value;
    },
    failed(err, consequence) {
      if (failing) {
        log.debug({ err }, 'redis still unavailable');
        return;
      }
      failing = true;
      log.warn({ err }, `redis unavailable: ${consequence}`);
    },
  };
}
