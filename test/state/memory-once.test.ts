import { describe, expect, it } from 'vitest';
import { createMemoryOnce } from '../../src/state/once.js';
import { fakeClock } from './fake-clock.js';
import { onceContract } from './once-contract.js';

onceContract('memory', async () => {
  const clock = fakeClock();
  const once = createMemoryOnce({ clock });
  return { once, replica: () => once, elapse: async (ms) => clock.advance(ms), dispose: async () => {} };
});

describe('createMemoryOnce', () => {
  it('keeps two instances apart: each process has its own claims', async () => {
    const a = createMemoryOnce();
    const b = createMemoryOnce();
    expect(await a.claim('k', 1000)).toBe(true);
    expect(await b.claim('k', 1000)).toBe(true);
  });

  it('still refuses a live claim after sweeping thousands of expired ones', async () => {
    const clock = fakeClock();
    const once = createMemoryOnce({ clock });
    expect(await once.claim('live', 60_000)).toBe(true);
    for (let i = 0; i < 2_500; i++) await once.claim(`old:${i}`, 10);
    clock.advance(1_000);
    for (let i = 0; i < 1_000; i++) await once.claim(`new:${i}`, 10);
    expect(await once.claim('live', 60_000)).toBe(false);
    expect(await once.claim('old:1', 10)).toBe(true);
  });
});
