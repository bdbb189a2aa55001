/**
 * JSON with tags for what plain JSON loses: facts carry `Date`s (JSON.parse would hand back strings), optional
 * fields set to `undefined` (JSON drops them, and a cached `undefined` answer must stay an answer), byte arrays
 * (config blobs), and non-finite numbers. A tag is an object `{"$t": <kind>, "v": …}`; a real object that
 * happens to own a `$t` key is wrapped as `{"$t":"object","v":{…}}`, so no data can pose as a tag.
 * Anything else that JSON would silently mangle (Map, Set, class instances, functions, cycles) is refused with
 * `CacheValueError` rather than cached wrong.
 */
import { CacheValueError } from './cache.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TAG = '$t';

function encode(value: unknown, path: string, ancestors: Set<object>): Json {
  if (value === undefined) return { [TAG]: 'undefined' };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { [TAG]: 'number', v: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (typeof value !== 'object') throw new CacheValueError(`cannot cache a ${typeof value} at ${path}`);
  if (value instanceof Date) {
    const time = value.getTime();
    return { [TAG]: 'date', v: Number.isNaN(time) ? null : value.toISOString() };
  }
  if (value instanceof Uint8Array) {
    return { [TAG]: 'bytes', v: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (ancestors.has(value)) throw new CacheValueError(`cannot cache a cyclic value (at ${path})`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return Array.from(value, (item, i) => encode(item, `${path}[${i}]`, ancestors));
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CacheValueError(`cannot cache a ${proto?.constructor?.name ?? 'class instance'} at ${path}`);
    }
    const entries = Object.entries(value).map(([k, v]) => [k, encode(v, `${path}.${k}`, ancestors)] as const);
    const object = Object.fromEntries(entries) as { [key: string]: Json };
    return Object.hasOwn(value, TAG) ? { [TAG]: 'object', v: object } : object;
  } finally {
    ancestors.delete(value);
  }
}

function decodeObject(object: { [key: string]: Json }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, decode(v)]));
}

function decode(json: Json): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(decode);
  if (!Object.hasOwn(json, TAG)) return decodeObject(json);
  const v = json.v;
  switch (json[TAG]) {
    case 'undefined':
      return undefined;
    case 'date':
      return new Date(typeof v === 'string' ? v : Number.NaN);
    case 'bytes':
      if (typeof v !== 'string') break;
      return new Uint8Array(Buffer.from(v, 'base64'));
    case 'number':
      if (typeof v !== 'string') break;
      return Number(v);
    case 'object':
      if (v === null || typeof v !== 'object' || Array.isArray(v)) break;
      return decodeObject(v);
  }
  throw new CacheValueError(`unknown or malformed tag ${JSON.stringify(json[TAG])} in cached value`);
}

export const taggedJson = {
  /** Throws `CacheValueError` for values that cannot round-trip. */
  stringify(value: unknown): string {
    return JSON.stringify(encode(value, '$', new Set()));
  },
  /** Throws `SyntaxError` or `CacheValueError` on text this codec did not write. */
  parse(text: string): unknown {
    return decode(JSON.parse(text) as Json);
  },
};
