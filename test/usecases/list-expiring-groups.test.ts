import { describe, expect, it } from 'vitest';
import { type CoverageGroup, createCoverageGrouper } from '../../src/usecases/expiring-groups.js';

/** Feeds `keys` (one record each, numbered) and returns every group emitted, in order, plus the peak held. */
function run(keys: string[], budget: number) {
  const grouper = createCoverageGrouper<number>(budget);
  const groups: CoverageGroup<number>[] = [];
  let peak = 0;
  keys.forEach((key, i) => {
    groups.push(...grouper.add(key, i));
    peak = Math.max(peak, grouper.buffered());
  });
  groups.push(...grouper.finish());
  return { groups, peak, scattered: grouper.scattered(), held: grouper.buffered() };
}

describe('coverage grouper', () => {
  it('contiguous repositories: each closes once, as soon as the stream leaves it', () => {
    const grouper = createCoverageGrouper<number>(100);
    expect(grouper.add('a', 0)).toEqual([]);
    expect(grouper.add('a', 1)).toEqual([]);
    expect(grouper.add('b', 2)).toEqual([{ key: 'a', items: [0, 1] }]);
    expect(grouper.buffered()).toBe(1);
    expect(grouper.finish()).toEqual([{ key: 'b', items: [2] }]);
    expect(grouper.scattered()).toBe(false);
  });

  it('contiguous order holds one repository at a time, however many there are', () => {
    const keys = Array.from({ length: 50 }, (_, r) => Array<string>(40).fill(`repo-${r}`)).flat();
    const { groups, peak, scattered } = run(keys, 1000);
    expect(groups.map((g) => g.key)).toEqual(Array.from({ length: 50 }, (_, r) => `repo-${r}`));
    expect(groups.every((g) => g.items.length === 40)).toBe(true);
    expect(peak).toBe(40);
    expect(scattered).toBe(false);
  });

  it('a repository larger than the budget is split, in order, without losing a record', () => {
    const { groups, peak } = run(Array<string>(25).fill('big'), 10);
    expect(peak).toBeLessThanOrEqual(11);
    expect(groups.every((g) => g.key === 'big')).toBe(true);
    expect(groups.flatMap((g) => g.items)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(groups.length).toBeGreaterThan(1);
  });

  it('a scattered order switches to holding groups open, within the budget, and loses nothing', () => {
    // 8 repositories, records interleaved round-robin: every key reappears after the stream left it.
    const keys = Array.from({ length: 400 }, (_, i) => `repo-${i % 8}`);
    const { groups, peak, scattered, held } = run(keys, 100);
    expect(scattered).toBe(true);
    expect(peak).toBeLessThanOrEqual(101);
    expect(held).toBe(0);
    const all = groups.flatMap((g) => g.items).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 400 }, (_, i) => i));
    for (const g of groups) expect(g.items.every((i) => `repo-${i % 8}` === g.key)).toBe(true);
    // Holding groups open keeps the number of DescribeImages passes far below one per record.
    expect(groups.length).toBeLessThan(60);
  });

  it('rejects a budget below one record', () => {
    expect(() => createCoverageGrouper(0)).toThrow(RangeError);
  });
});
