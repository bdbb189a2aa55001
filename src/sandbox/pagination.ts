/**
 * Opaque page tokens. A token carries a cursor plus a hash of the query it belongs to and a checksum,
 * so a tampered token, or one reused with another query, is rejected like AWS rejects foreign tokens.
 * `maxResults` and `nextToken` are left out of the query hash: changing the page size between pages is allowed.
 */
import { createHash } from 'node:crypto';

const SECRET = 'ecrscan-sandbox-page-token-v1';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => v !== undefined && key !== 'nextToken' && key !== 'maxResults')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function encodePageToken(query: unknown, cursor: unknown): string {
  const payload = Buffer.from(JSON.stringify({ c: cursor, q: digest(canonical(query)) })).toString('base64url');
  return `${payload}.${digest(SECRET + payload)}`;
}

/** The cursor of a token issued for this query, or undefined when the token is not one of ours for it. */
export function decodePageToken<T>(query: unknown, token: string): T | undefined {
  const [payload, check, extra] = token.split('.');
  if (!payload || !check || extra !== undefined || digest(SECRET + payload) !== check) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: T; q?: string };
    return parsed.q === digest(canonical(query)) && parsed.c !== undefined ? parsed.c : undefined;
  } catch {
    return undefined;
  }
}
