import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../../src/slack/blocks/mrkdwn.js';
import { fitSections, truncate, truncateMrkdwn } from '../../../src/slack/blocks/truncate.js';

const hasLoneSurrogate = (s: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const endsInsideEntity = (s: string) => /&(a|am|amp|l|lt|g|gt)?$/.test(s.replace(/…$/, ''));

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijk', 10, 'abcdefghi…'],
    ['abcd efghij', 6, 'abcd…'],
    ['abcdef', 1, 'a'],
    ['abcdef', 0, ''],
  ])('%j to %i → %j', (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });

  it('takes a custom suffix', () => {
    expect(truncate('abcdefghij', 8, ' (more)')).toBe('a (more)');
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('ab🚀🚀🚀', 4)).toBe('ab…');
    expect(truncate('🚀🚀🚀', 4)).toBe('🚀…');
  });

  it.each([
    ['a&amp;bcdef', 4, 'a…'],
    ['a&amp;bcdef', 7, 'a&amp;…'],
    ['x&lt;y&gt;zz', 6, 'x&lt;…'],
    ['&gt;&gt;&gt;', 7, '&gt;…'],
  ])('never splits an entity: %j to %i → %j', (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });

  it('keeps every property on random input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (raw, max) => {
        const s = escapeMrkdwn(raw);
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(hasLoneSurrogate(out)).toBe(false);
        expect(endsInsideEntity(out)).toBe(false);
        if (s.length <= max) expect(out).toBe(s);
        else expect(s.startsWith(out.replace(/…$/, ''))).toBe(true);
      }),
    );
  });
});

describe('truncateMrkdwn', () => {
  it('does not leave a link cut open', () => {
    const s = 'see <https://nvd.nist.gov/vuln/detail/CVE-2024-1|CVE-2024-1> now';
    expect(truncateMrkdwn(s, 20)).toBe('see…');
    expect(truncateMrkdwn(s, s.length - 2)).toBe('see <https://nvd.nist.gov/vuln/detail/CVE-2024-1|CVE-2024-1>…');
  });

  it('does not leave an inline code span open', () => {
    expect(truncateMrkdwn('tag `payments-api:1.4.2` found', 15)).toBe('tag…');
  });

  it('also keeps entities whole', () => {
    expect(truncateMrkdwn('ab&amp;cd', 5)).toBe('ab…');
  });

  it('leaves short text alone', () => {
    expect(truncateMrkdwn('`a` <@U1>', 20)).toBe('`a` <@U1>');
  });
});

describe('fitSections', () => {
  const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });

  it('keeps the leading sections that fit the character budget', () => {
    const items = [section(40), section(40), section(40), section(5)];
    const { kept, omitted } = fitSections(items, { chars: 100 });
    expect(kept).toEqual(items.slice(0, 2));
    expect(omitted).toEqual(items.slice(2));
  });

  it('stops at the count limit too', () => {
    const items = [section(1), section(1), section(1)];
    expect(fitSections(items, { chars: 100, count: 2 }).omitted).toEqual([items[2]]);
  });

  it('keeps everything when it all fits, nothing when the first does not', () => {
    const items = [section(10), section(10)];
    expect(fitSections(items, { chars: 20 })).toEqual({ kept: items, omitted: [] });
    expect(fitSections(items, { chars: 9 })).toEqual({ kept: [], omitted: items });
  });

  it('takes a custom measure', () => {
    const lines = ['aaa', 'bbb', 'ccc'];
    expect(fitSections(lines, { chars: 7 }, (s) => s.length + 1).kept).toEqual(['aaa']);
  });
});
