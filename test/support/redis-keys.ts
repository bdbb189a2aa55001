/**
 * Test cleanup on a Redis the tests may not own (a developer's 6379): delete the keys under one prefix, by SCAN +
 * DEL, never FLUSHDB. Every harness that writes under its own prefix calls this when it closes, so runs do not
 * leave BullMQ queues, audit logs and state behind.
 */
import { Redis } from 'ioredis';

export async function deleteKeysWithPrefix(redis: Redis | string, prefix: string): Promise<number> {
  if (!prefix.startsWith('ecrscan-test:'))
    throw new Error(`refusing to delete keys outside ecrscan-test:* (${prefix})`);
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
