/** The one suite every `Once` implementation must pass: run by memory-once.test.ts and redis-once.test.ts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Once } from '../../src/state/once.js';

export interface OnceHarness {
  once: Once;
  /** Another instance over the same store (a second replica; memory returns the same instance). */
  replica(): Once;
  /** Lets `ms` pass for TTLs: a fake clock for memory, a real wait for Redis. */
  elapse(ms: number): Promise<void>;
  /** Removes what the harness wrote (only that). */
  dispose(): Promise<void>;
}

export function onceContract(name: string, make: () => Promise<OnceHarness>): void {
  describe(`Once contract: ${name}`, () => {
    let h: OnceHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(() => h.dispose());

    it('grants a key to the first claim only, while it lasts', async () => {
      expect(await h.once.claim('rescan:a', 60_000)).toBe(true);
      expect(await h.once.claim('rescan:a', 60_000)).toBe(false);
      expect(await h.replica().claim('rescan:a', 60_000)).toBe(false);
      expect(await h.once.claim('rescan:b', 60_000)).toBe(true);
    });

    it('grants exactly one of many concurrent claims, across replicas', async () => {
      const claims = Array.from({ length: 20 }, (_, i) => (i % 2 ? h.replica() : h.once).claim('double', 60_000));
      const granted = (await Promise.all(claims)).filter(Boolean);
      expect(granted).toHaveLength(1);
    });

    it('grants the key again once its TTL has passed', async () => {
      expect(await h.once.claim('short', 200)).toBe(true);
      await h.elapse(350);
      expect(await h.once.claim('short', 200)).toBe(true);
      expect(await h.once.claim('short', 200)).toBe(false);
    });

    it('release lets the next claim through at once', async () => {
      expect(await h.once.claim('failed-early', 60_000)).toBe(true);
      await h.once.release('failed-early');
      expect(await h.once.claim('failed-early', 60_000)).toBe(true);
      await h.once.release('never-claimed');
    });

    it('deduplicates Events API deliveries by event_id: the original and 3 retries do one thing', async () => {
      let handled = 0;
      const deliver = async (eventId: string) => {
        if (await h.once.claim(`event:${eventId}`, 3_600_000)) handled++;
      };
      await Promise.all([deliver('Ev01'), deliver('Ev01')]);
      await deliver('Ev01');
      await deliver('Ev01');
      await deliver('Ev02');
      expect(handled).toBe(2);
    });

    it.each([
      ['an empty key', '', 1000],
      ['a zero TTL', 'k', 0],
      ['a negative TTL', 'k', -5],
      ['an infinite TTL', 'k', Number.POSITIVE_INFINITY],
    ])('refuses %s', async (_what, key, ttl) => {
      await expect(h.once.claim(key, ttl)).rejects.toBeInstanceOf(Error);
    });
  });
}
