/**
 * Runs a Lua script by its SHA1 (EVALSHA) and sends the body only when Redis does not know it yet (NOSCRIPT:
 * first use, or after a restart or SCRIPT FLUSH). Plain EVAL would ship the whole script on every call, which
 * for the per-command rate limiter is most of the bytes each `/ecrscan` sends to Redis.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

const shas = new Map<string, string>();

function shaOf(script: string): string {
  let sha = shas.get(script);
  if (!sha) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}

export async function evalScript(
  redis: Redis,
  script: string,
  numKeys: number,
  ...args: (string | number)[]
): Promise<unknown> {
  try {
    return await redis.evalsha(shaOf(script), numKeys, ...args);
  } catch (err) {
    if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
    return redis.eval(script, numKeys, ...args);
  }
}

/**
 * Compare-and-delete, for every lock, lease and claim: deletes KEYS[1] only while it still holds ARGV[1] (its
 * holder), so a holder whose lease ran out never removes the next holder's.
 */
export const DELETE_IF_HOLDER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
