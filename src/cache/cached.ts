/**
 * The read-through loader every AWS read goes through: get → on a miss, single-flight the load → store.
 * A question that needs many facts reads them together first (`forQuestion().readAhead`, one MGET), so a warm
 * answer costs a round trip per round of facts, not one per fact.
 *
 * Fail-open: the cache only ever saves AWS calls, so when it fails (Redis down mid-run) the answer comes from
 * `fn()` directly, nothing is stored, and the user never sees the difference except in latency. The failure is
 * logged once, a warning when it starts and an info when an operation works again; in between only at debug,
 * so an outage does not write a line per question. An outage is a `CacheBackendError`; any other refusal (a value
 * that cannot be encoded, a malformed key) is a bug and is logged as an error on every call, still answered.
 * Errors of `fn` itself always reach the caller.
 */
import type { Logger } from 'pino';
import { type Cache, CacheBackendError, type CacheHit, SingleFlightTimeoutError } from './cache.js';
import { keyKind } from './cache-keys.js';
import { createLocalFlights } from './local-flights.js';

/** Counters for /metrics; `kind` is the fact kind of the key (`image`, `scan-findings`, …). */
export interface CacheMetrics {
  hit(kind: string): void;
  miss(kind: string): void;
  error(): void;
}

/** Milliseconds, or a function of the loaded value (a scan in progress lives 10 s, a finished one a day). 0 = do not store. */
export type Ttl<T> = number | ((value: T) => number);

export interface LoadOptions {
  /** Skip the read (`--fresh`, the Refresh button); the new value is still single-flighted and stored. */
  fresh?: boolean;
}

export interface CachedLoader {
  load<T>(key: string, ttl: Ttl<T>, fn: () => Promise<T>, opts?: LoadOptions): Promise<T>;
  /** The cached value without loading: `undefined` on a miss, for a cached `undefined`, or when the cache is down. */
  peek<T>(key: string): Promise<T | undefined>;
  /** True while the cache is failing: answers come straight from AWS, and a front end can say "not cached". */
  degraded(): boolean;
  /** A view of this loader for one question, that reads the keys it will need together (`QuestionLoader`). */
  forQuestion(): QuestionLoader;
}

/**
 * The loader of one question. `readAhead(keys)` reads them all in one round trip (`Cache.getMany`); the view's
 * `peek` and `load` of a key read ahead then use that read instead of asking the cache again, so a warm answer
 * waits for one cache round trip per round of facts, not one per fact. A hit is kept for the whole view: the
 * question sees one value per key, shared by its loads (facts are read-only). A miss is kept only until the first
 * load of the key, which then loads and stores as usual, so a later load of that key reads the cache again. Keys
 * not read ahead, `fresh` loads (which also drop what was read), and every key after a failed read-ahead go
 * through the loader as usual. Nothing outlives the view.
 */
export interface QuestionLoader {
  load<T>(key: string, ttl: Ttl<T>, fn: () => Promise<T>, opts?: LoadOptions): Promise<T>;
  peek<T>(key: string): Promise<T | undefined>;
  /** Never rejects: when the cache fails, the loads simply read one by one (and fail open) as without it. */
  readAhead(keys: readonly string[]): Promise<void>;
}

export interface CachedLoaderDeps {
  cache: Cache;
  log: Logger;
  metrics?: CacheMetrics;
  /** How long a caller waits for another replica's identical load before loading itself (default 10 s). */
  waitMs?: number;
  /** Lease of a running load (default: the cache's, 15 s). */
  leaseMs?: number;
}

type Attempt<R> = { ok: true; value: R } | { ok: false };

export function createCachedLoader(deps: CachedLoaderDeps): CachedLoader {
  const { cache, metrics } = deps;
  const log = deps.log.child({ component: 'cache' });
  const flightOpts = {
    waitMs: deps.waitMs ?? 10_000,
    ...(deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs }),
  };
  const local = createLocalFlights();
  let failing = false;

  function failed(err: unknown, operation: string, key: string): void {
    metrics?.error();
    if (!(err instanceof CacheBackendError)) {
      // A value or key the cache refuses (CacheValueError, TypeError, RangeError): a bug, not an outage.
      log.error({ err, operation, key }, 'cache refused the operation; answering without it');
    } else if (failing) {
      log.debug({ err, operation, key }, 'cache still unavailable');
    } else {
      failing = true;
      log.warn({ err, operation }, 'cache unavailable: answering from AWS without caching until it recovers');
    }
  }

  function worked(): void {
    if (!failing) return;
    failing = false;
    log.info('cache recovered: answers are cached again');
  }

  async function attempt<R>(operation: string, key: string, run: () => Promise<R>): Promise<Attempt<R>> {
    try {
      const value = await run();
      worked();
      return { ok: true, value };
    } catch (err) {
      failed(err, operation, key);
      return { ok: false };
    }
  }

  async function store<T>(key: string, ttl: Ttl<T>, value: T): Promise<void> {
    const ttlMs = typeof ttl === 'function' ? ttl(value) : ttl;
    if (ttlMs > 0) await attempt('set', key, () => cache.set(key, value, ttlMs));
  }

  /** Without the cache, identical concurrent loads in this process still share one call. */
  function direct<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return local(key, fn, flightOpts).catch((err: unknown) => {
      if (err instanceof SingleFlightTimeoutError) return fn();
      throw err;
    });
  }

  type Read<T> = Attempt<CacheHit<T> | undefined>;

  /** After the read (none for `fresh`): a hit answers; a miss is loaded once across replicas and stored. */
  async function loadAfterRead<T>(
    key: string,
    ttl: Ttl<T>,
    fn: () => Promise<T>,
    opts: LoadOptions,
    read: Read<T> | undefined,
  ): Promise<T> {
    const kind = keyKind(key);
    if (read?.ok && read.value !== undefined) {
      metrics?.hit(kind);
      return read.value.value;
    }
    metrics?.miss(kind);
    if (read && !read.ok) return direct(key, fn);
    const loadAndStore = async (): Promise<T> => {
      const value = await fn();
      await store(key, ttl, value);
      return value;
    };
    try {
      return await cache.singleFlight(
        key,
        async () => {
          // Another replica may have stored it between our miss and our lock: one GET saves an AWS call.
          if (!opts.fresh) {
            const again = await attempt('get', key, () => cache.get<T>(key));
            if (again.ok && again.value !== undefined) return again.value.value;
          }
          return loadAndStore();
        },
        flightOpts,
      );
    } catch (err) {
      if (err instanceof SingleFlightTimeoutError) {
        log.debug({ key }, 'gave up waiting for another load; loading here');
        return loadAndStore();
      }
      if (err instanceof CacheBackendError) {
        failed(err, 'singleFlight', key);
        return direct(key, fn);
      }
      throw err;
    }
  }

  async function load<T>(key: string, ttl: Ttl<T>, fn: () => Promise<T>, opts: LoadOptions = {}): Promise<T> {
    const read = opts.fresh ? undefined : await attempt('get', key, () => cache.get<T>(key));
    return loadAfterRead(key, ttl, fn, opts, read);
  }

  async function peek<T>(key: string): Promise<T | undefined> {
    const read = await attempt('get', key, () => cache.get<T>(key));
    return read.ok ? read.value?.value : undefined;
  }

  function forQuestion(): QuestionLoader {
    const readAhead = new Map<string, CacheHit<unknown> | undefined>();
    return {
      async readAhead(keys) {
        const wanted = [...new Set(keys)].filter((key) => !readAhead.has(key));
        if (wanted.length === 0) return;
        const read = await attempt('getMany', `${wanted.length} keys`, () => cache.getMany(wanted));
        if (!read.ok) return;
        for (const [i, key] of wanted.entries()) readAhead.set(key, read.value[i]);
      },
      async peek<T>(key: string): Promise<T | undefined> {
        if (!readAhead.has(key)) return peek<T>(key);
        return readAhead.get(key)?.value as T | undefined;
      },
      load<T>(key: string, ttl: Ttl<T>, fn: () => Promise<T>, opts: LoadOptions = {}): Promise<T> {
        const known = readAhead.has(key);
        const hit = readAhead.get(key) as CacheHit<T> | undefined;
        // A fresh load replaces what was read; a miss read ahead holds only until this load stores the value.
        if (opts.fresh || hit === undefined) readAhead.delete(key);
        if (opts.fresh || !known) return load(key, ttl, fn, opts);
        return loadAfterRead(key, ttl, fn, opts, { ok: true, value: hit });
      },
    };
  }

  return { degraded: () => failing, load, peek, forQuestion };
}
