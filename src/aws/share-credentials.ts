type Identity = { accessKeyId: string; expiration?: Date };
type Provider<P extends unknown[], T extends Identity> = (...args: P) => Promise<T>;

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Makes one assumed-role session serve all clients of a target. Each SDK client memoizes its own
 * credentials, so three clients would otherwise call STS AssumeRole three times per refresh.
 * Credentials are renewed five minutes before they expire; a failed fetch is not kept.
 */
export function shareCredentials<P extends unknown[], T extends Identity>(
  provider: Provider<P, T>,
  now: () => number = Date.now,
): Provider<P, T> {
  let cached: { promise: Promise<T>; expiresAt?: number } | undefined;
  return (...args: P) => {
    if (
      cached !== undefined &&
      (cached.expiresAt === undefined || cached.expiresAt - REFRESH_BEFORE_EXPIRY_MS > now())
    ) {
      return cached.promise;
    }
    const entry: { promise: Promise<T>; expiresAt?: number } = { promise: provider(...args) };
    cached = entry;
    entry.promise.then(
      (identity) => {
        entry.expiresAt = identity.expiration?.getTime();
      },
      () => {
        if (cached === entry) cached = undefined;
      },
    );
    return entry.promise;
  };
}
