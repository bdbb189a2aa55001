/**
 * `SnoozeStore` on Redis: one sorted set per channel, `<prefix>digest:snoozes:<team>:<channel>`, member = image
 * key, score = snoozed-until in epoch ms. One script adds (never shortening a longer snooze), drops expired
 * members and lets the whole set expire with its last snooze (relative to the app's clock, like the scores), so
 * nothing needs sweeping.
 * While Redis is down a snooze fails (the button says so) rather than being kept in one replica's memory.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { evalScript } from '../cache/redis-script.js';
import type { AuditLog } from './audit-log.js';
import { createRedisGuard } from './redis-guard.js';
import { auditSnooze, imageKey, type SnoozeStore, validateSnooze } from './snoozes.js';

// KEYS[1] the set; ARGV: until ms, member, now ms. Returns the member's (possibly longer) until.
const SNOOZE = `
redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', KEYS[1], math.max(1, math.floor(tonumber(last[2]) - tonumber(ARGV[3]))))
return score
`;

export interface RedisSnoozeStoreOptions {
  /** The caller keeps ownership. */
  redis: Redis;
  prefix: string;
  log: Logger;
  audit: AuditLog;
  now?: () => Date;
}

export function createRedisSnoozeStore(opts: RedisSnoozeStoreOptions): SnoozeStore {
  const { redis } = opts;
  const now = opts.now ?? (() => new Date());
  const guard = createRedisGuard(redis, opts.log.child({ component: 'snoozes' }));
  const keyOf = (teamId: string, channelId: string) => `${opts.prefix}digest:snoozes:${teamId}:${channelId}`;

  return {
    async snooze(input) {
      validateSnooze(input);
      const at = now();
      const wanted = at.getTime() + input.days * 86_400_000;
      const score = await guard.run(
        () =>
          evalScript(
            redis,
            SNOOZE,
            1,
            keyOf(input.teamId, input.channelId),
            wanted,
            imageKey(input),
            at.getTime(),
          ) as Promise<string | null>,
      );
      const until = new Date(Number(score ?? wanted));
      await auditSnooze(opts.audit, input, until, at);
      return { until };
    },
    async active(teamId, channelId) {
      const flat = await guard.run(() =>
        redis.zrangebyscore(keyOf(teamId, channelId), `(${now().getTime()}`, '+inf', 'WITHSCORES'),
      );
      const out = new Map<string, Date>();
      for (let i = 0; i + 1 < flat.length; i += 2) out.set(flat[i] as string, new Date(Number(flat[i + 1])));
      return out;
    },
  };
}
