/** Inspector2 input checks and paging, with its ValidationException shape (reason + fields). */
import { inspectorValidation } from '../errors.js';
import type { Input } from '../handler.js';
import { decodePageToken, encodePageToken } from '../pagination.js';

/** Inspector's default page sizes are UNVERIFIED; the sandbox uses the maxima. */
export function maxResultsOf(input: Input, max: number): number {
  const value = input.maxResults;
  if (value === undefined || value === null) return max;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw inspectorValidation('maxResults', value, `Member must have value between 1 and ${max}`);
  }
  return value;
}

export function cursorOf<T>(input: Input, initial: T): T {
  const token = input.nextToken;
  if (token === undefined || token === null) return initial;
  const cursor = typeof token === 'string' ? decodePageToken<T>(input, token) : undefined;
  if (cursor === undefined) throw inspectorValidation('nextToken', token, 'invalid nextToken');
  return cursor;
}

export function tokenFor(input: Input, cursor: unknown): string {
  return encodePageToken(input, cursor);
}
