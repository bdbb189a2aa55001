import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken } from '../../src/sandbox/pagination.js';

describe('page tokens', () => {
  const query = { repositoryName: 'svc-0001', filter: { tagStatus: 'ANY' }, maxResults: 10 };

  it('round-trip a cursor for the same query, whatever the page size and key order', () => {
    const token = encodePageToken(query, [3, 7]);
    expect(
      decodePageToken(
        { maxResults: 500, filter: { tagStatus: 'ANY' }, repositoryName: 'svc-0001', nextToken: token },
        token,
      ),
    ).toEqual([3, 7]);
  });

  it.each([
    ['another query', (t: string) => t, { repositoryName: 'svc-0002', filter: { tagStatus: 'ANY' } }],
    [
      'a changed payload',
      (t: string) => `${Buffer.from('{"c":[0,0],"q":"x"}').toString('base64url')}.${t.split('.')[1]}`,
      query,
    ],
    ['a changed checksum', (t: string) => `${t.slice(0, -2)}xx`, query],
    ['garbage', () => 'not-a-token', query],
  ])('reject %s', (_case, mangle, asked) => {
    expect(decodePageToken(asked, mangle(encodePageToken(query, 5)))).toBeUndefined();
  });
});
