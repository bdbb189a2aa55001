/**
 * `AuditLog` on Redis: one list at `<prefix>audit`, newest first (`LPUSH` + `LTRIM` in one MULTI, so the list
 * never grows past `maxEntries`), entries as JSON. When Redis fails the entry is only in the log line; the
 * failure is logged once per outage and `record` still resolves. `recent` rejects while Redis is down: an
 * empty answer would read as "nobody did anything".
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type AuditEntry, type AuditLog, DEFAULT_AUDIT_MAX_ENTRIES, logAuditEntry } from './audit-log.js';
import { createRedisGuard } from './redis-guard.js';

export interface RedisAuditLogOptions {
  /** The caller keeps ownership. */
  redis: Redis;
  /** Namespaces the key, e.g. `ecrscan:state:`. */
  prefix: string;
  log: Logger;
  maxEntries?: number;
}

export function createRedisAuditLog(opts: RedisAuditLogOptions): AuditLog {
  const { redis } = opts;
  const key = `${opts.prefix}audit`;
  const log = opts.log.child({ component: 'audit' });
  const guard = createRedisGuard(redis, log);
  const maxEntries = opts.maxEntries ?? DEFAULT_AUDIT_MAX_ENTRIES;

  return {
    async record(entry) {
      logAuditEntry(log, entry);
      const text = JSON.stringify({ ...entry, at: entry.at.toISOString() });
      try {
        await guard.run(async () => {
          const results = await redis
            .multi()
            .lpush(key, text)
            .ltrim(key, 0, maxEntries - 1)
            .exec();
          const failed = results?.find(([err]) => err);
          if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
        });
      } catch (err) {
        guard.failed(err, 'audit entries are written to the log only until it recovers');
      }
    },
    async recent(n) {
      if (n <= 0) return [];
      const texts = await guard.run(() => redis.lrange(key, 0, n - 1));
      return texts.map(parseEntry);
    },
  };
}

function parseEntry(text: string): AuditEntry {
  const raw = JSON.parse(text) as Omit<AuditEntry, 'at'> & { at: string };
  return { ...raw, at: new Date(raw.at) };
}
