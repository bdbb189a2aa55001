/**
 * Test and benchmark cleanup on a Redis they may not own (a developer's 6379): delete the keys under one prefix, by
 * SCAN + DEL, never FLUSHDB. Every harness that writes under its own prefix calls this when it closes, so runs do not
 * leave BullMQ queues, audit logs and state behind.
 */
import { Redis } from 'ioredis';

/** The only prefixes cleanup may touch: tests' and benchmarks' own, never ecrscan's real `ecrscan:`. */
const OWN_PREFIXES = ['ecrscan-test:', 'ecrscan-bench:'];

export async function deleteKeysWithPrefix(redis: Redis | string, prefix: string): Promise<number> {
  if (!OWN_PREFIXES.some((own) => prefix.startsWith(own)))
    throw new Error(`refusing to delete keys outside ecrscan-test:* and ecrscan-bench:* (${prefix})`);
  const client = typeof redis === 'string' ? new Redis(redis, { lazyConnect: true, maxRetriesPerRequest: 1 }) : redis;
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    if (typeof redis === 'string') client.disconnect();
  }
  return deleted;
}
