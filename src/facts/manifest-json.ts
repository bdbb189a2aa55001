/**
 * Narrowing helpers for registry JSON (manifests, image configs): these documents come from whoever pushed the
 * image, so every field is checked before use and a wrong type reads as "absent" instead of throwing.
 */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, else `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Drops `undefined` properties so results compare cleanly and serialise without empty keys. */
export function withDefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Parses a JSON object or throws an Error naming `what` (e.g. "image manifest"). */
export function parseJsonObject(raw: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const doc = obj(value);
  if (doc === undefined) {
    const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new Error(`${what} is not a JSON object (got ${got})`);
  }
  return doc;
}
