import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CacheValueError } from '../../src/cache/cache.js';
import { taggedJson } from '../../src/cache/tagged-json.js';

const roundTrip = (value: unknown) => taggedJson.parse(taggedJson.stringify(value));

const { value: cacheable } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.date(),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('$t', 'v', '__proto__')), tie('value'), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  ),
}));

describe('taggedJson', () => {
  it('gives back exactly what it was given, for any mix of plain data, Dates, bytes, undefined and tag-like keys', () => {
    fc.assert(
      fc.property(cacheable, (value) => {
        expect(roundTrip(value)).toStrictEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a key named __proto__ as data, never as a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns sparse array holes into undefined entries', () => {
    const sparse = new Array<number>(3);
    sparse[0] = 1;
    sparse[2] = 3;
    expect(roundTrip(sparse)).toStrictEqual([1, undefined, 3]);
  });

  it.each([
    ['a Map', new Map()],
    ['a Set', new Set()],
    ['a class instance', new (class Thing {})()],
    ['an Error', new Error('x')],
    ['a function', () => 1],
    ['a bigint', 1n],
    ['a symbol', Symbol('s')],
  ])('refuses %s instead of caching it wrong', (_name, value) => {
    expect(() => taggedJson.stringify({ nested: [value] })).toThrow(CacheValueError);
  });

  it.each([
    ['an unknown tag', '{"$t":"regexp","v":"x"}'],
    ['a malformed date tag', '{"$t":"bytes","v":1}'],
  ])('refuses to read %s', (_name, text) => {
    expect(() => taggedJson.parse(text)).toThrow(CacheValueError);
  });
});
