/** ECR paging over a repository's image positions (or any indexed list) with opaque, query-bound tokens. */
import { ecrInvalidParameter } from '../errors.js';
import type { Input } from '../handler.js';
import { decodePageToken, encodePageToken } from '../pagination.js';

/** The cursor of `input.nextToken`, or `initial` on the first page. */
export function cursorOf<T>(input: Input, initial: T): T {
  const token = input.nextToken;
  if (token === undefined || token === null) return initial;
  const cursor = typeof token === 'string' ? decodePageToken<T>(input, token) : undefined;
  if (cursor === undefined) throw ecrInvalidParameter('nextToken', 'invalid nextToken');
  return cursor;
}

export function tokenFor(input: Input, cursor: unknown): string {
  return encodePageToken(input, cursor);
}

/**
 * Collects up to `limit` accepted items from position `start`, then looks ahead for the next accepted
 * position so the last page never comes with a token to an empty page.
 */
export function collectPage<T>(
  size: number,
  start: number,
  limit: number,
  accept: (index: number) => T | undefined,
): { items: T[]; next?: number } {
  const items: T[] = [];
  for (let i = start; i < size; i++) {
    const item = accept(i);
    if (item === undefined) continue;
    if (items.length === limit) return { items, next: i };
    items.push(item);
  }
  return { items };
}
