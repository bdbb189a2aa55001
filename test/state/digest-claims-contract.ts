/**
 * One contract for every `DigestClaims`: a day's claim is created once, records progress only for the holder
 * of its lease, and can be taken over once that lease is released or has run out.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DigestClaims } from '../../src/state/digest-claims.js';

const LEASE = 5_000;
const SHORT = 80;

export function digestClaimsContract(name: string, make: () => DigestClaims | Promise<DigestClaims>) {
  describe(`${name}: DigestClaims contract`, () => {
    it('creates the claim pending, and gives its progress to the next holder', async () => {
      const claims = await make();
      expect(await claims.acquire('k', 'a', LEASE)).toEqual({
        kind: 'acquired',
        progress: { state: 'pending', pagesPosted: 0 },
      });
      expect(await claims.update('k', 'a', { headerTs: '1.000001', pageCount: 3, state: 'posting' }, LEASE)).toBe(true);
      expect(await claims.update('k', 'a', { pagesPosted: 1, content: '{"x":1}' }, LEASE)).toBe(true);
      await claims.release('k', 'a');
      expect(await claims.acquire('k', 'b', LEASE)).toEqual({
        kind: 'acquired',
        progress: { state: 'posting', headerTs: '1.000001', pageCount: 3, pagesPosted: 1, content: '{"x":1}' },
      });
    });

    it('keeps the part being sent and since when, for the next holder to look for', async () => {
      const claims = await make();
      await claims.acquire('k', 'a', LEASE);
      const since = '2026-05-01T07:00:01.000Z';
      expect(await claims.update('k', 'a', { sendingPart: 2, sendingSince: since }, LEASE)).toBe(true);
      await claims.release('k', 'a');
      const next = await claims.acquire('k', 'b', LEASE);
      expect(next).toMatchObject({ kind: 'acquired', progress: { sendingPart: 2, sendingSince: since } });
    });

    it('is busy for others while the lease is held, and says for how long', async () => {
      const claims = await make();
      await claims.acquire('k', 'a', LEASE);
      const busy = await claims.acquire('k', 'b', LEASE);
      expect(busy.kind).toBe('busy');
      if (busy.kind === 'busy') expect(busy.retryAfterMs).toBeGreaterThan(0);
      expect(await claims.update('k', 'b', { pagesPosted: 9 }, LEASE)).toBe(false);
      expect((await claims.get('k'))?.pagesPosted).toBe(0);
      expect((await claims.acquire('k', 'a', LEASE)).kind).toBe('acquired');
    });

    it('lets another holder in once a crashed holder’s lease runs out, and the old holder may not write', async () => {
      const claims = await make();
      await claims.acquire('k', 'a', SHORT);
      await claims.update('k', 'a', { pagesPosted: 2 }, SHORT);
      await sleep(SHORT * 2);
      expect(await claims.acquire('k', 'b', LEASE)).toMatchObject({ kind: 'acquired', progress: { pagesPosted: 2 } });
      expect(await claims.update('k', 'a', { pagesPosted: 1 }, LEASE)).toBe(false);
      await claims.release('k', 'a');
      expect((await claims.acquire('k', 'c', LEASE)).kind).toBe('busy');
    });

    it('says done once the day is done, to everyone', async () => {
      const claims = await make();
      await claims.acquire('k', 'a', LEASE);
      await claims.update('k', 'a', { state: 'done', outcome: 'posted', doneAt: '2026-05-01T07:00:05.000Z' }, LEASE);
      await claims.release('k', 'a');
      expect(await claims.acquire('k', 'b', LEASE)).toEqual({
        kind: 'done',
        progress: { state: 'done', outcome: 'posted', doneAt: '2026-05-01T07:00:05.000Z', pagesPosted: 0 },
      });
      expect(await claims.acquire('other-day', 'b', LEASE)).toMatchObject({ kind: 'acquired' });
    });

    it('remembers when a subscription last posted', async () => {
      const claims = await make();
      expect(await claims.lastPosted('sub-1')).toBeUndefined();
      await claims.recordPosted('sub-1', new Date('2026-05-01T07:00:05Z'));
      expect(await claims.lastPosted('sub-1')).toEqual(new Date('2026-05-01T07:00:05Z'));
    });
  });
}
