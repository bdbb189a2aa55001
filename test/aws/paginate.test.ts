import { describe, expect, it } from 'vitest';
import { chunk, paginate } from '../../src/aws/paginate.js';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('paginate', () => {
  it('follows tokens, passes them back and skips empty pages', async () => {
    const seen: (string | undefined)[] = [];
    const pages = { start: { items: [1, 2], nextToken: 'a' }, a: { items: [], nextToken: 'b' }, b: { items: [3] } };
    const result = await collect(
      paginate(async (token) => {
        seen.push(token);
        return pages[(token ?? 'start') as keyof typeof pages];
      }),
    );
    expect(result).toEqual([[1, 2], [3]]);
    expect(seen).toEqual([undefined, 'a', 'b']);
  });

  it('stops on a repeated token instead of looping', async () => {
    let calls = 0;
    const result = await collect(
      paginate(async () => {
        calls += 1;
        return { items: [calls], nextToken: 'same' };
      }),
    );
    expect(result).toEqual([[1], [2]]);
  });
});

describe('chunk', () => {
  it.each([
    [[], 25, []],
    [[1, 2, 3], 2, [[1, 2], [3]]],
    [[1, 2], 2, [[1, 2]]],
  ])('%j by %i', (items, size, expected) => {
    expect(chunk(items, size)).toEqual(expected);
  });
});
