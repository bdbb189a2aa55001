import { describe, expect, it } from 'vitest';
import { shareCredentials } from '../../src/aws/share-credentials.js';

describe('shareCredentials', () => {
  it('serves one fetch to concurrent and later callers until five minutes before expiry', async () => {
    let now = 0;
    let fetches = 0;
    const provider = shareCredentials(
      async () => {
        fetches += 1;
        return { accessKeyId: `k${fetches}`, expiration: new Date(now + 60 * 60_000) };
      },
      () => now,
    );

    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a.accessKeyId).toBe('k1');
    expect(b).toBe(a);
    now = 54 * 60_000;
    expect((await provider()).accessKeyId).toBe('k1');
    now = 56 * 60_000;
    expect((await provider()).accessKeyId).toBe('k2');
    expect(fetches).toBe(2);
  });

  it('does not keep a failure', async () => {
    let fetches = 0;
    const provider = shareCredentials(async () => {
      fetches += 1;
      if (fetches === 1) throw new Error('sts down');
      return { accessKeyId: 'ok' };
    });
    await expect(provider()).rejects.toThrow('sts down');
    await expect(provider()).resolves.toEqual({ accessKeyId: 'ok' });
  });
});
