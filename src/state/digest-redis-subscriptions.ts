/**
 * `SubscriptionStore` on Redis: one hash `<prefix>digest:subscriptions`, field = subscription id, value = JSON.
 * A workspace has tens of subscriptions, not millions, so listing reads the whole hash. There is no in-memory
 * fallback: a subscription kept only in one replica's memory would silently vanish, so while Redis is down every
 * call fails with `StateBackendError` and the Slack command says so.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Subscription } from '../usecases/digest-service.js';
import { createRedisGuard } from './redis-guard.js';
import { matches, type SubscriptionStore, validateStored } from './subscriptions.js';

export interface RedisSubscriptionStoreOptions {
  /** The caller keeps ownership. */
  redis: Redis;
  /** e.g. `ecrscan:state:`. */
  prefix: string;
  log: Logger;
}

export function createRedisSubscriptionStore(opts: RedisSubscriptionStoreOptions): SubscriptionStore {
  const { redis } = opts;
  const key = `${opts.prefix}digest:subscriptions`;
  const log = opts.log.child({ component: 'subscriptions' });
  const guard = createRedisGuard(redis, log);

  async function all(): Promise<Subscription[]> {
    const raw = await guard.run(() => redis.hgetall(key));
    const out: Subscription[] = [];
    for (const [id, text] of Object.entries(raw)) {
      const parsed = parse(text);
      if (parsed) out.push(parsed);
      else log.error({ id }, 'skipping a stored digest subscription that cannot be read');
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  return {
    async upsert(subscription) {
      const valid = validateStored(subscription);
      await guard.run(() => redis.hset(key, valid.id, JSON.stringify(valid)));
      return valid;
    },
    async get(id) {
      const text = await guard.run(() => redis.hget(key, id));
      return text === null ? undefined : parse(text);
    },
    async list(filter) {
      return (await all()).filter((s) => matches(s, filter));
    },
    async remove(teamId, channelId, id) {
      const removed = (await all()).filter(
        (s) => matches(s, { teamId, channelId }) && (id === undefined || s.id === id),
      );
      if (removed.length > 0) await guard.run(() => redis.hdel(key, ...removed.map((s) => s.id)));
      return removed;
    },
  };
}

function parse(text: string): Subscription | undefined {
  try {
    const raw = JSON.parse(text) as Subscription & { createdAt: string; updatedAt?: string };
    return validateStored({
      ...raw,
      createdAt: new Date(raw.createdAt),
      ...(raw.updatedAt ? { updatedAt: new Date(raw.updatedAt) } : {}),
    });
  } catch {
    return undefined;
  }
}
