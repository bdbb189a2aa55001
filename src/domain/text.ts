/** Small wording helpers shared by every front end and the diagnosis texts. */

/** `sha256:0123456789ab` for prose; evidence and JSON keep full digests. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return hex === undefined ? digest : `${algorithm}:${hex.slice(0, 12)}`;
}

/** "1 finding", "3 findings". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
