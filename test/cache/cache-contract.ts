/**
 * The one suite every `Cache` implementation must pass (style.md habit 6): run by memory-cache.test.ts and, against
 * a real Redis, by redis-cache.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsError } from '../../src/aws/aws-error.js';
import { type Cache, CacheValueError, SingleFlightTimeoutError } from '../../src/cache/cache.js';
import type { ScanFindings } from '../../src/domain/facts.js';

export interface ContractHarness {
  /** A cache over a fresh, private store. */
  cache: Cache;
  /** Another instance over the same store: a second replica (a memory cache returns itself: it has no other). */
  replica(): Promise<Cache>;
  /** An instance over a different namespace of the same backend; it must see nothing of `cache`. */
  isolated(): Promise<Cache>;
  /** Lets `ms` pass for TTLs: a fake clock for memory, a real wait for Redis. */
  elapse(ms: number): Promise<void>;
  /** Closes what the harness made and removes the keys it wrote (only those). */
  dispose(): Promise<void>;
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Long enough for every concurrent caller to be waiting; ordering only, never asserted. */
const LET_WAITERS_QUEUE_MS = 300;

const findings: ScanFindings = {
  status: 'COMPLETE',
  description: 'The scan was completed successfully.',
  imageScanCompletedAt: new Date('2026-03-01T10:20:30.456Z'),
  vulnerabilitySourceUpdatedAt: new Date('2026-02-28T00:00:00.000Z'),
  severityCounts: { HIGH: 1, UNDEFINED: 1 },
  findings: [
    { id: 'CVE-2026-0001', origin: 'basic', severity: 'HIGH', links: ['https://nvd.nist.gov/x'], packages: [] },
    {
      id: 'CVE-2026-0002',
      origin: 'enhanced',
      severity: 'UNDEFINED',
      description: undefined,
      cvss: { score: 0, vector: undefined },
      links: [],
      packages: [{ name: 'openssl', version: '3.0.1', fixedInVersion: undefined }],
    },
  ],
};

export function cacheContract(name: string, make: () => Promise<ContractHarness>): void {
  describe(`Cache contract: ${name}`, () => {
    let h: ContractHarness;
    let cache: Cache;
    beforeEach(async () => {
      h = await make();
      cache = h.cache;
    });
    afterEach(async () => {
      await h.dispose();
    });

    describe('get / set / delete', () => {
      it('misses, stores, overwrites and deletes', async () => {
        expect(await cache.get('k')).toBeUndefined();
        await cache.set('k', { a: 1 }, 60_000);
        expect(await cache.get('k')).toStrictEqual({ value: { a: 1 } });
        await cache.set('k', [2, 3], 60_000);
        expect(await cache.get('k')).toStrictEqual({ value: [2, 3] });
        await cache.delete('k');
        expect(await cache.get('k')).toBeUndefined();
        await cache.delete('never-set');
      });

      it('stores undefined as a hit, not a miss', async () => {
        await cache.set('nothing', undefined, 60_000);
        expect(await cache.get('nothing')).toStrictEqual({ value: undefined });
      });

      it('stores a copy: mutating the value afterwards changes nothing cached', async () => {
        const value = { list: [1], when: new Date(0) };
        await cache.set('copy', value, 60_000);
        value.list.push(2);
        value.when.setTime(5);
        const first = await cache.get<typeof value>('copy');
        first?.value.list.push(3);
        expect(await cache.get('copy')).toStrictEqual({ value: { list: [1], when: new Date(0) } });
      });

      it('refuses keys that would collide with bookkeeping keys, and empty keys', async () => {
        await expect(cache.get('lock:x')).rejects.toThrow(TypeError);
        await expect(cache.set('sf:x', 1, 1000)).rejects.toThrow(TypeError);
        await expect(cache.get('')).rejects.toThrow(TypeError);
      });

      it('refuses values it could not give back intact', async () => {
        await expect(cache.set('map', new Map([[1, 2]]), 60_000)).rejects.toThrow(CacheValueError);
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        await expect(cache.set('cyclic', cyclic, 60_000)).rejects.toThrow(CacheValueError);
        await expect(cache.set('nan-ttl', 1, Number.NaN)).rejects.toThrow(RangeError);
      });

      it('does not store a value over 1 MiB, and drops the older value under that key', async () => {
        await cache.set('big', 'small', 60_000);
        await cache.set('big', 'x'.repeat(1024 * 1024 + 1), 60_000);
        expect(await cache.get('big')).toBeUndefined();
      });
    });

    describe('getMany', () => {
      it('answers each key as get would, in the order asked, repeats and misses included', async () => {
        await cache.set('a', { n: 1, at: new Date(0) }, 60_000);
        await cache.set('b', undefined, 60_000);
        expect(await cache.getMany(['missing', 'a', 'b', 'a'])).toStrictEqual([
          undefined,
          { value: { n: 1, at: new Date(0) } },
          { value: undefined },
          { value: { n: 1, at: new Date(0) } },
        ]);
        expect(await cache.getMany([])).toStrictEqual([]);
      });

      it('gives copies: mutating one answer changes neither the other nor what is cached', async () => {
        await cache.set('list', [1], 60_000);
        const [first, second] = await cache.getMany<number[]>(['list', 'list']);
        first?.value.push(2);
        expect(second).toStrictEqual({ value: [1] });
        expect(await cache.get('list')).toStrictEqual({ value: [1] });
      });

      it('misses an expired entry and keeps a live one', async () => {
        await cache.set('short', 's', 50);
        await cache.set('long', 'l', 60_000);
        await h.elapse(150);
        expect(await cache.getMany(['short', 'long'])).toStrictEqual([undefined, { value: 'l' }]);
      });

      it('refuses the whole read when one key is malformed, as get does', async () => {
        await expect(cache.getMany(['fine', 'lock:x'])).rejects.toThrow(TypeError);
        await expect(cache.getMany([''])).rejects.toThrow(TypeError);
      });
    });

    describe('values', () => {
      it('gives Dates back as Dates (a fact with Dates round-trips exactly)', async () => {
        await cache.set('scan', findings, 60_000);
        const hit = await cache.get<ScanFindings>('scan');
        expect(hit?.value).toStrictEqual(findings);
        expect(hit?.value.imageScanCompletedAt).toBeInstanceOf(Date);
        expect(hit?.value.imageScanCompletedAt?.toISOString()).toBe('2026-03-01T10:20:30.456Z');
      });

      it('keeps nested objects, arrays, undefined fields (distinct from missing ones) and odd values', async () => {
        const value = {
          nested: { deeper: [{ a: undefined }, [undefined, null, 0, -0, '']] },
          missing: {},
          $t: 'data that looks like a tag',
          tagLike: { $t: 'date', v: 'not a date' },
          bytes: new Uint8Array([0, 1, 254, 255]),
          invalidDate: new Date(Number.NaN),
          numbers: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1.5],
          unicode: 'ünï ☃ 🐳',
        };
        await cache.set('odd', value, 60_000);
        const got = (await cache.get<typeof value>('odd'))?.value;
        expect(got).toStrictEqual(value);
        expect(Object.hasOwn(got?.nested.deeper[0] ?? {}, 'a')).toBe(true);
        expect(Object.hasOwn(got?.missing ?? { a: 1 }, 'a')).toBe(false);
        expect(got?.tagLike).toStrictEqual({ $t: 'date', v: 'not a date' });
        expect(got?.bytes).toBeInstanceOf(Uint8Array);
      });
    });

    describe('TTL', () => {
      it('expires an entry after its TTL', async () => {
        await cache.set('short', 'v', 50);
        expect(await cache.get('short')).toStrictEqual({ value: 'v' });
        await h.elapse(150);
        expect(await cache.get('short')).toBeUndefined();
      });

      it('keeps an entry whose TTL has not run out', async () => {
        await cache.set('long', 'v', 60_000);
        await h.elapse(150);
        expect(await cache.get('long')).toStrictEqual({ value: 'v' });
      });

      it('treats a TTL of 0 as "remove"', async () => {
        await cache.set('zero', 'old', 60_000);
        await cache.set('zero', 'new', 0);
        expect(await cache.get('zero')).toBeUndefined();
      });
    });

    describe('single-flight', () => {
      it('runs one load for 10 concurrent identical calls, spread over two replicas; all get the value', async () => {
        const replica = await h.replica();
        const gate = deferred();
        let runs = 0;
        const load = async () => {
          runs++;
          await gate.promise;
          return { at: new Date('2026-01-01T00:00:00Z') };
        };
        const calls = Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? replica : cache).singleFlight('sf-key', load, { waitMs: 10_000 }),
        );
        await vi.waitFor(() => expect(runs).toBe(1));
        await sleep(LET_WAITERS_QUEUE_MS);
        gate.resolve();
        const results = await Promise.all(calls);
        expect(runs).toBe(1);
        expect(results).toHaveLength(10);
        for (const result of results) expect(result).toStrictEqual({ at: new Date('2026-01-01T00:00:00Z') });
      });

      it('stores nothing by itself', async () => {
        await cache.singleFlight('sf-nostore', async () => 'v', { waitMs: 1000 });
        expect(await cache.get('sf-nostore')).toBeUndefined();
      });

      it('hands a load failure to every waiter, and does not keep it: the next call loads again', async () => {
        const replica = await h.replica();
        const gate = deferred();
        let runs = 0;
        const failing = async (): Promise<string> => {
          runs++;
          await gate.promise;
          throw new AwsError('THROTTLED', 'ecr:DescribeImages', 'Rate exceeded', { awsName: 'ThrottlingException' });
        };
        const calls = Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? replica : cache).singleFlight('sf-fail', failing, { waitMs: 10_000 }).then(
            () => undefined,
            (err: unknown) => err,
          ),
        );
        await vi.waitFor(() => expect(runs).toBe(1));
        await sleep(LET_WAITERS_QUEUE_MS);
        gate.resolve();
        const errors = await Promise.all(calls);
        expect(runs).toBe(1);
        for (const err of errors) {
          expect(err).toBeInstanceOf(AwsError);
          expect(err).toMatchObject({ code: 'THROTTLED', operation: 'ecr:DescribeImages', message: 'Rate exceeded' });
          expect(err).toMatchObject({ awsName: 'ThrottlingException' });
        }
        expect(await replica.singleFlight('sf-fail', async () => 'recovered', { waitMs: 1000 })).toBe('recovered');
      });

      it('lets a waiter take over when the running load outlives its lease (a hung or dead winner)', async () => {
        const replica = await h.replica();
        const hung = deferred<string>();
        let hungStarted = false;
        const winner = cache.singleFlight(
          'sf-lease',
          () => {
            hungStarted = true;
            return hung.promise;
          },
          { waitMs: 10_000, leaseMs: 200 },
        );
        await vi.waitFor(() => expect(hungStarted).toBe(true));
        let takeovers = 0;
        const taken = await replica.singleFlight(
          'sf-lease',
          async () => {
            takeovers++;
            return 'from the waiter';
          },
          { waitMs: 10_000, leaseMs: 200 },
        );
        expect(taken).toBe('from the waiter');
        expect(takeovers).toBe(1);
        hung.resolve('late');
        expect(await winner).toBe('late');
      });

      it('gives up after waitMs with SingleFlightTimeoutError while another load holds the key', async () => {
        const replica = await h.replica();
        const hung = deferred<string>();
        let hungStarted = false;
        const winner = cache.singleFlight(
          'sf-wait',
          () => {
            hungStarted = true;
            return hung.promise;
          },
          { waitMs: 10_000, leaseMs: 30_000 },
        );
        await vi.waitFor(() => expect(hungStarted).toBe(true));
        let ran = false;
        await expect(
          replica.singleFlight(
            'sf-wait',
            async () => {
              ran = true;
              return 'x';
            },
            { waitMs: 100 },
          ),
        ).rejects.toThrow(SingleFlightTimeoutError);
        expect(ran).toBe(false);
        hung.resolve('done');
        expect(await winner).toBe('done');
      });
    });

    describe('isolation', () => {
      it('shares nothing with a cache of another namespace: values or flights', async () => {
        const other = await h.isolated();
        await cache.set('shared-name', 'mine', 60_000);
        expect(await other.get('shared-name')).toBeUndefined();
        await other.set('shared-name', 'theirs', 60_000);
        expect(await cache.get('shared-name')).toStrictEqual({ value: 'mine' });
        await other.delete('shared-name');
        expect(await cache.get('shared-name')).toStrictEqual({ value: 'mine' });
        expect(await other.getMany(['shared-name'])).toStrictEqual([undefined]);

        const hung = deferred<string>();
        let mineStarted = false;
        const mine = cache.singleFlight(
          'flight',
          () => {
            mineStarted = true;
            return hung.promise;
          },
          { waitMs: 10_000 },
        );
        await vi.waitFor(() => expect(mineStarted).toBe(true));
        expect(await other.singleFlight('flight', async () => 'theirs', { waitMs: 100 })).toBe('theirs');
        hung.resolve('mine');
        expect(await mine).toBe('mine');
      });
    });
  });
}
