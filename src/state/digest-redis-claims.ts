/**
 * `DigestClaims` on Redis, shared by every replica: the claim is a hash at `<prefix><claim key>` (expiring two
 * days after it was created) and its lease a string at `<prefix><claim key>:lease` holding the holder's id with
 * a PX expiry. Each operation is one script, so "check the lease, then write" cannot interleave with another
 * replica's. No in-memory fallback: without Redis the BullMQ worker cannot run either, and a claim known to one
 * replica only would not stop another from posting.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DELETE_IF_HOLDER, evalScript } from '../cache/redis-script.js';
import { DIGEST_CLAIM_TTL_MS, type DigestClaims, type DigestProgress } from './digest-claims.js';
import { createRedisGuard } from './redis-guard.js';

// KEYS: claim, lease. ARGV: holder, leaseMs, claim ttl ms. Returns {kind, a}: a = PTTL for busy, else HGETALL.
const ACQUIRE = `
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'done' then return {'done', redis.call('HGETALL', KEYS[1])} end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return {'busy', redis.call('PTTL', KEYS[2])} end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
if not state then
  redis.call('HSET', KEYS[1], 'state', 'pending', 'pagesPosted', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return {'acquired', redis.call('HGETALL', KEYS[1])}
`;

// KEYS: claim, lease. ARGV: holder, leaseMs, then field/value pairs.
const UPDATE = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
`;

const LAST_POSTED_TTL_S = 90 * 86_400;

export function createRedisDigestClaims(opts: { redis: Redis; prefix: string; log: Logger }): DigestClaims {
  const { redis, prefix } = opts;
  const guard = createRedisGuard(redis, opts.log.child({ component: 'digest-claims' }));
  const keys = (key: string) => [`${prefix}${key}`, `${prefix}${key}:lease`] as const;

  return {
    async acquire(key, holder, leaseMs) {
      const [claim, lease] = keys(key);
      const [kind, value] = (await guard.run(() =>
        evalScript(redis, ACQUIRE, 2, claim, lease, holder, Math.ceil(leaseMs), DIGEST_CLAIM_TTL_MS),
      )) as [string, unknown];
      if (kind === 'busy') return { kind: 'busy', retryAfterMs: Math.max(1, Number(value)) };
      const progress = fromFlat(value as string[]);
      return kind === 'done' ? { kind: 'done', progress } : { kind: 'acquired', progress };
    },
    async update(key, holder, patch, leaseMs) {
      const [claim, lease] = keys(key);
      const pairs = Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .flatMap(([k, v]) => [k, String(v)]);
      const ok = await guard.run(() =>
        evalScript(redis, UPDATE, 2, claim, lease, holder, Math.ceil(leaseMs), ...pairs),
      );
      return ok === 1;
    },
    async release(key, holder) {
      await guard.run(() => evalScript(redis, DELETE_IF_HOLDER, 1, keys(key)[1], holder));
    },
    async get(key) {
      const raw = await guard.run(() => redis.hgetall(keys(key)[0]));
      return Object.keys(raw).length === 0 ? undefined : fromObject(raw);
    },
    async recordPosted(subscriptionId, at) {
      await guard.run(() =>
        redis.set(`${prefix}digest:last:${subscriptionId}`, at.toISOString(), 'EX', LAST_POSTED_TTL_S),
      );
    },
    async lastPosted(subscriptionId) {
      const text = await guard.run(() => redis.get(`${prefix}digest:last:${subscriptionId}`));
      return text ? new Date(text) : undefined;
    },
  };
}

function fromFlat(flat: string[]): DigestProgress {
  const raw: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) raw[flat[i] as string] = flat[i + 1] as string;
  return fromObject(raw);
}

function fromObject(raw: Record<string, string>): DigestProgress {
  const progress: DigestProgress = {
    state: raw.state === 'done' || raw.state === 'posting' ? raw.state : 'pending',
    pagesPosted: Number(raw.pagesPosted ?? 0) || 0,
  };
  if (raw.headerTs) progress.headerTs = raw.headerTs;
  if (raw.pageCount !== undefined) progress.pageCount = Number(raw.pageCount);
  if (raw.content) progress.content = raw.content;
  if (raw.outcome === 'posted' || raw.outcome === 'nothing-to-say') progress.outcome = raw.outcome;
  if (raw.doneAt) progress.doneAt = raw.doneAt;
  if (raw.sendingPart !== undefined && raw.sendingSince) {
    progress.sendingPart = Number(raw.sendingPart);
    progress.sendingSince = raw.sendingSince;
  }
  return progress;
}
