/**
 * The cache port: what the rest of ecrscan may ask of a cache. Two implementations honour the same contract
 * (test/cache/cache-contract.ts): `memory-cache` (one process, no REDIS_URL) and `redis-cache` (shared by every
 * replica). Values are structured data (facts with Dates, `undefined` fields, byte arrays); both implementations
 * store a copy, never the caller's object, so mutating a value after `set` or after `get` changes nothing stored.
 */

/**
 * A hit wraps the value so that a stored `undefined` (a real answer, e.g. "Inspector has no coverage record for
 * this image") is told apart from a miss.
 */
export interface CacheHit<T> {
  value: T;
}

export interface SingleFlightOptions {
  /** How long a caller that is *not* running the load waits for its result before `SingleFlightTimeoutError`. */
  waitMs: number;
  /**
   * How long a running load is trusted to finish (default `DEFAULT_LEASE_MS`). After it, a waiter takes over and
   * runs its own load: this is what unblocks everybody when the replica running the load dies or hangs. A load
   * that outlives its lease may then run twice, one after the other start; it never blocks the others forever.
   */
  leaseMs?: number;
}

export interface Cache {
  /** `undefined` on a miss or an expired entry. */
  get<T>(key: string): Promise<CacheHit<T> | undefined>;
  /**
   * `get` of every key in one request to the store (one MGET on Redis), in the order given: a question that
   * needs ten facts waits for one round trip, not ten. Each answer is what `get` of that key would give.
   */
  getMany<T = unknown>(keys: readonly string[]): Promise<(CacheHit<T> | undefined)[]>;
  /** Stores a copy for `ttlMs`; `ttlMs <= 0` removes the key instead. Values over the size cap are not stored. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs `load` at most once at a time per key across every process sharing the store; concurrent callers wait
   * for its result (or its error) instead of running their own. Nothing is stored: storing is the caller's
   * choice (`cached.ts`), so a ttl of 0 or a failed load leaves nothing behind. The caller that runs `load`
   * is not bounded by `waitMs`. Errors reach waiters in other processes rebuilt from name, message and plain
   * fields (an `AwsError` comes back as an `AwsError`).
   */
  singleFlight<T>(key: string, load: () => Promise<T>, opts: SingleFlightOptions): Promise<T>;
  /** Releases connections and timers; the cache must not be used afterwards. */
  close(): Promise<void>;
}

/** Long enough for a paginated AWS read with SDK retries; short enough that a dead replica stalls others briefly. */
export const DEFAULT_LEASE_MS = 15_000;

/** Values bigger than this (encoded) are not cached: a finding list that large is cheaper to fetch than to ship. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

/**
 * The store could not be reached or answered with an error (Redis down, timed out). `cached.ts` answers without
 * the cache when it sees this; any other error from `singleFlight` is the load's own.
 */
export class CacheBackendError extends Error {
  override readonly name = 'CacheBackendError';
}

/** `waitMs` elapsed while another caller held the flight. The caller decides whether to load anyway. */
export class SingleFlightTimeoutError extends Error {
  override readonly name = 'SingleFlightTimeoutError';
  readonly key: string;
  constructor(key: string, waitMs: number) {
    super(`waited ${waitMs} ms for another load of ${key}`);
    this.key = key;
  }
}

/** The value cannot be encoded (a Map, a class instance, a cycle…): a programming error, not an outage. */
export class CacheValueError extends Error {
  override readonly name = 'CacheValueError';
}

/** Key prefixes the Redis layout uses for its own bookkeeping (`<prefix>lock:<key>`, `<prefix>sf:<token>`). */
const RESERVED_KEY_PREFIXES = ['lock:', 'sf:'] as const;

/** Rejects keys that are empty or could collide with the stores' bookkeeping keys, in every implementation alike. */
export function assertCacheKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('a cache key must be a non-empty string');
  for (const reserved of RESERVED_KEY_PREFIXES) {
    if (key.startsWith(reserved)) throw new TypeError(`cache keys must not start with "${reserved}": ${key}`);
  }
}

/** NaN and Infinity are refused alike by every implementation (Redis `PX` needs a finite integer). */
export function assertTtl(ttlMs: number): void {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs))
    throw new RangeError(`ttlMs must be a finite number: ${ttlMs}`);
}
