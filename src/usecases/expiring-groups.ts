/**
 * Groups a stream of coverage records by repository so that each repository's push dates can be read with
 * one DescribeImages pass, while holding at most `budget` records, however large the registry.
 *
 * ListCoverage's order is not documented. The sandbox, and as far as we know AWS, return a repository's images
 * together; then a repository is complete as soon as the stream moves on, and closing it there gives one
 * DescribeImages pass per repository with one repository buffered. The first time a closed repository shows up
 * again, the order is evidently scattered: from then on groups stay open until the budget is exceeded, and the
 * least recently seen ones are closed first. A repository closed twice is described twice, so a scattered
 * order costs calls, never memory or correctness. A single repository larger than the budget is split the same way.
 * Besides the records, one key per repository seen is kept, to notice a reappearance.
 */

export interface CoverageGroup<T> {
  key: string;
  items: T[];
}

export interface CoverageGrouper<T> {
  /** Adds one record; returns the groups that are complete (or must be flushed) now. */
  add(key: string, item: T): CoverageGroup<T>[];
  /** The stream ended: every open group. */
  finish(): CoverageGroup<T>[];
  /** Records currently held. */
  buffered(): number;
  /** True once a repository reappeared after it was closed. */
  scattered(): boolean;
}

export function createCoverageGrouper<T>(budget: number): CoverageGrouper<T> {
  if (!(budget >= 1)) throw new RangeError('the coverage budget must be at least 1');
  // Insertion order of a Map is our LRU order: a touched group is moved to the end.
  const open = new Map<string, T[]>();
  const closed = new Set<string>();
  let current: string | undefined;
  let held = 0;
  let isScattered = false;

  const close = (key: string): CoverageGroup<T> => {
    const items = open.get(key) ?? [];
    open.delete(key);
    closed.add(key);
    held -= items.length;
    return { key, items };
  };

  return {
    add(key, item) {
      const out: CoverageGroup<T>[] = [];
      if (key !== current) {
        if (!isScattered && closed.has(key)) isScattered = true;
        if (!isScattered && current !== undefined && open.has(current)) out.push(close(current));
        current = key;
      }
      const items = open.get(key) ?? [];
      open.delete(key);
      open.set(key, items);
      items.push(item);
      held++;
      if (held > budget) {
        // Down to half the budget, so a scattered stream does not flush a sliver at every record.
        for (const oldest of [...open.keys()]) {
          if (held <= budget / 2) break;
          out.push(close(oldest));
        }
      }
      return out;
    },
    finish() {
      current = undefined;
      return [...open.keys()].map(close);
    },
    buffered: () => held,
    scattered: () => isScattered,
  };
}
