/**
 * The one way ecrscan makes an ioredis client (cache, subscriptions, snoozes, BullMQ producers), tuned so a
 * dead Redis costs a request little and is never silent, and never crashes the process:
 *
 * - `lazyConnect`: building the client does no I/O; the first command connects. Startup never waits on Redis.
 * - Offline queue kept, bounded by `commandTimeout` (default 1.5 s) and `maxRetriesPerRequest: 1`: a command issued
 *   while (re)connecting is sent once the link is up, or fails within that bound instead of waiting forever
 *   (ioredis's defaults queue without limit and retry 20 times). `enableOfflineQueue: false` would fail faster
 *   but also fails the first command of every lazily connecting client; the cache instead refuses to queue at
 *   all once a connection has been lost (`redis-cache.ts`), so an outage adds no latency to cached reads.
 *   `commandTimeout` also catches a half-open TCP link, where no error ever arrives.
 * - `connectTimeout` 2 s; reconnects forever with exponential backoff capped at `maxRetryDelayMs` (default 3 s),
 *   so a restored Redis is picked up without a restart.
 * - 'error' events are logged, never left unhandled: a warning when the link first fails, debug while it keeps
 *   failing, info when it is ready again. Only host and port are logged, never the URL (it may hold a password).
 *
 * BullMQ workers need `maxRetriesPerRequest: null`; pass it in `overrides` (platform.md §7).
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisClientOptions {
  log: Logger;
  /** Names the connection in logs and in Redis CLIENT LIST. */
  name?: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxRetryDelayMs?: number;
  overrides?: RedisOptions;
}

/** host:port of a redis:// URL, with no credentials. */
function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'unparseable REDIS_URL';
  }
}

export function createRedisClient(url: string, opts: RedisClientOptions): Redis {
  const name = opts.name ?? 'ecrscan';
  const log = opts.log.child({ component: 'redis', connection: name, redis: endpointOf(url) });
  const maxRetryDelayMs = opts.maxRetryDelayMs ?? 3000;
  const client = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 2000,
    commandTimeout: opts.commandTimeoutMs ?? 1500,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt - 1, 10), maxRetryDelayMs),
    ...opts.overrides,
  });

  let failing = false;
  client.on('error', (err: Error) => {
    if (failing) {
      log.debug({ err }, 'redis still unreachable');
      return;
    }
    failing = true;
    log.warn({ err }, 'redis connection failed; retrying in the background');
  });
  client.on('ready', () => {
    if (failing) log.info('redis connection restored');
    else log.debug('redis connected');
    failing = false;
  });
  return client;
}
