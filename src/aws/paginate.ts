/** One page of a token-paged AWS list call, already mapped to domain values. */
export interface Page<T> {
  items: T[];
  nextToken?: string | undefined;
}

/**
 * Streams a token-paged list one page at a time, so callers never hold a whole registry in memory.
 * Empty pages are skipped (AWS may send an empty page with a token); a repeated token ends the loop
 * rather than spinning forever on a misbehaving server.
 */
export async function* paginate<T>(
  fetchPage: (nextToken: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    if (page.items.length > 0) yield page.items;
    token = page.nextToken === token ? undefined : page.nextToken;
  } while (token !== undefined && token !== '');
}

/** Splits a list into API-sized batches (25 repositories, 100 image ids, …). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
