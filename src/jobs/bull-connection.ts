/**
 * Redis connections for BullMQ (platform.md §7). Queues (producers, on request paths) share an ordinary ecrscan
 * client: small bounds, so a Slack command that changes a schedule fails fast while Redis is down, and BullMQ
 * leaves a shared client open. Workers get a template client that BullMQ duplicates for its own connections
 * (a blocking worker never uses the caller's client itself): commands retry forever (`maxRetriesPerRequest:
 * null`, else BullMQ throws) and have no timeout (its blocking reads wait longer than any timeout).
 */
import type { Redis } from 'ioredis';
import { createRedisClient } from '../cache/redis-client.js';
import type { Logger } from '../logger.js';

export interface BullConnections {
  /** Shared by every Queue of the process; the caller closes it. */
  queue: Redis;
  /** Template for the workers' own connections; never connected itself. */
  worker: Redis;
}

export function createWorkerTemplate(url: string, log: Logger): Redis {
  return createRedisClient(url, {
    log,
    name: 'ecrscan-worker',
    overrides: { maxRetriesPerRequest: null, commandTimeout: undefined },
  });
}

/** BullMQ's key prefix under ours: `ecrscan:` → `ecrscan:bull` (keys `ecrscan:bull:<queue>:…`). */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix.replace(/:+$/, '')}:bull`;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * Logs a Queue's or Worker's 'error' event. Connection errors repeat at every reconnect attempt and the Redis
 * outage itself is reported by the process's main client, so they go to debug; anything else is a warning.
 */
export function logBullError(log: Logger, what: string) {
  return (err: Error & { code?: string }) => {
    const connection = CONNECTION_ERRORS.has(err.code ?? '') || /Connection is closed|ECONNREFUSED/.test(err.message);
    if (connection) log.debug({ err }, `${what}: redis connection error`);
    else log.warn({ err }, `${what} error`);
  };
}
