/**
 * The cache for one process (CLI, demo, a single replica without REDIS_URL). Entries are stored encoded with the
 * same tagged JSON as Redis, so both implementations copy values and accept or refuse the same ones, and so the
 * memory bound can be counted in bytes. Bounded by entry count and total bytes; the least recently used entry
 * goes first (a Map keeps insertion order; a read re-inserts). Expired entries are dropped when touched or evicted.
 */
import type { Logger } from 'pino';
import {
  assertCacheKey,
  assertTtl,
  type Cache,
  type CacheHit,
  DEFAULT_MAX_VALUE_BYTES,
  type SingleFlightOptions,
} from './cache.js';
import { createLocalFlights } from './local-flights.js';
import { taggedJson } from './tagged-json.js';

export interface MemoryCacheOptions {
  /** Milliseconds since the epoch, like `Date.now`; tests pass a fake to expire entries without waiting. */
  clock?: { now(): number };
  maxEntries?: number;
  /** Total encoded size of all entries. */
  maxBytes?: number;
  /** Encoded size above which a value is not stored. */
  maxValueBytes?: number;
  log?: Logger;
}

interface Entry {
  text: string;
  bytes: number;
  expiresAt: number;
}

export function createMemoryCache(opts: MemoryCacheOptions = {}): Cache {
  const clock = opts.clock ?? Date;
  const maxEntries = opts.maxEntries ?? 10_000;
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const maxValueBytes = opts.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  const entries = new Map<string, Entry>();
  const flights = createLocalFlights();
  let totalBytes = 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  }

  function evict(): void {
    for (const key of entries.keys()) {
      if (entries.size <= maxEntries && totalBytes <= maxBytes) return;
      remove(key);
    }
  }

  function read<T>(key: string): CacheHit<T> | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= clock.now()) {
      remove(key);
      return undefined;
    }
    entries.delete(key);
    entries.set(key, entry);
    return { value: taggedJson.parse(entry.text) as T };
  }

  return {
    async get<T>(key: string): Promise<CacheHit<T> | undefined> {
      assertCacheKey(key);
      return read<T>(key);
    },

    async getMany<T>(keys: readonly string[]): Promise<(CacheHit<T> | undefined)[]> {
      for (const key of keys) assertCacheKey(key);
      return keys.map((key) => read<T>(key));
    },

    async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
      assertCacheKey(key);
      assertTtl(ttlMs);
      const text = taggedJson.stringify(value);
      remove(key);
      if (!(ttlMs > 0)) return;
      const bytes = Buffer.byteLength(text);
      if (bytes > maxValueBytes) {
        opts.log?.debug({ key, bytes, maxValueBytes }, 'value too big to cache');
        return;
      }
      entries.set(key, { text, bytes, expiresAt: clock.now() + ttlMs });
      totalBytes += bytes;
      evict();
    },

    async delete(key: string): Promise<void> {
      assertCacheKey(key);
      remove(key);
    },

    async singleFlight<T>(key: string, load: () => Promise<T>, flightOpts: SingleFlightOptions): Promise<T> {
      assertCacheKey(key);
      return flights(key, load, flightOpts);
    },

    async close(): Promise<void> {
      entries.clear();
      totalBytes = 0;
    },
  };
}
