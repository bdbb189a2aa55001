/**
 * Claim keys: "do this at most once per key for a while" across every replica. Used for double clicks on
 * Rescan (`rescan:<account>:<region>:<repo>@<digest>`, 60 s), for Events API deliveries (`event:<event_id>`),
 * which Slack retries up to 3 times and Bolt does not drop (platform.md §1.3), and for replayed signed requests
 * (`slack-request:<signature hash>`, slack/request-guard.ts).
 *
 * Two implementations honour one contract (test/state/once-contract.ts): `createMemoryOnce` (one process, no
 * REDIS_URL) and `createRedisOnce` (`SET NX PX`, shared by every replica).
 */

export interface Once {
  /** True for the first caller of `key` until `ttlMs` has passed (or it is released); false for everyone else. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Gives up a claim this instance holds, so a retry can run now: for work that failed before any side effect
   * (a Slack retry of a failed event, a rescan refused before StartImageScan). A claim held by another replica
   * or instance is left alone.
   */
  release(key: string): Promise<void>;
}

/** Refused alike by every implementation: Redis `PX` needs a positive integer, and an empty key is a bug. */
export function assertClaim(key: string, ttlMs: number): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('a claim key must be a non-empty string');
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number: ${ttlMs}`);
}

const SWEEP_EVERY = 1_000;

/** Claims for one process. Expired claims are dropped when touched, and swept every 1,000 claims. */
export function createMemoryOnce(opts: { clock?: { now(): number } } = {}): Once {
  const clock = opts.clock ?? Date;
  const claims = new Map<string, number>();
  let sinceSweep = 0;

  function sweep(now: number): void {
    if (++sinceSweep < SWEEP_EVERY) return;
    sinceSweep = 0;
    for (const [key, expiresAt] of claims) if (expiresAt <= now) claims.delete(key);
  }

  return {
    async claim(key, ttlMs) {
      assertClaim(key, ttlMs);
      const now = clock.now();
      sweep(now);
      const expiresAt = claims.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      claims.set(key, now + Math.ceil(ttlMs));
      return true;
    },
    async release(key) {
      claims.delete(key);
    },
  };
}
