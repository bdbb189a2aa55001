import { describe, expect, it } from 'vitest';
import { checkBlockKit } from '../../../src/slack/blocks/limits.js';
import { CODE_MAX, code, escapeMrkdwn, link, mrkdwn, plainText } from '../../../src/slack/blocks/mrkdwn.js';

const CONTROL_SEQUENCES = /<[!@#]|<https?:|<mailto:/i;

const attacks = [
  ['a broadcast', '<!channel> deploy now'],
  ['a user mention', 'ping <@U123>'],
  ['a channel link', 'see <#C123|general>'],
  ['a usergroup mention', '<!subteam^S123>'],
  ['a disguised link', '<https://evil.example|click here>'],
  ['a date token', '<!date^1392734382^{date}|Feb 18>'],
  ['an already-escaped literal', '&lt;!channel&gt;'],
  ['a half-open tag', 'tag<!here'],
] as const;

describe('escapeMrkdwn', () => {
  it.each(attacks)('neutralises %s', (_, input) => {
    expect(escapeMrkdwn(input)).not.toMatch(CONTROL_SEQUENCES);
    expect(escapeMrkdwn(input)).not.toContain('<');
    expect(escapeMrkdwn(input)).not.toContain('>');
  });

  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<https://evil|click>', '&lt;https://evil|click&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['&lt;', '&amp;lt;'],
    ['a & b', 'a &amp; b'],
    ['*bold* _it_ ~s~ `c`', '*bold* _it_ ~s~ `c`'],
    ['naïve 🚀', 'naïve 🚀'],
  ])('%j → %j (only & < > change)', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });
});

describe('code', () => {
  it('wraps an ordinary value in backticks', () => {
    expect(code('payments-api:1.4.2')).toBe('`payments-api:1.4.2`');
  });

  it.each(attacks)('keeps %s inert inside the span', (_, input) => {
    const out = code(input);
    expect(out).not.toMatch(CONTROL_SEQUENCES);
    expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
  });

  it('strips backticks so the span cannot be closed early, and joins lines', () => {
    expect(code('a`*b*`\nc\r\nd')).toBe('`a*b* c d`');
  });

  it('caps the whole span, backticks included, without splitting an entity', () => {
    const out = code('&'.repeat(100), 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out).toMatch(/^`(&amp;)+…`$/);
  });

  it('defaults to CODE_MAX', () => {
    expect(code('x'.repeat(1000))).toHaveLength(CODE_MAX);
  });

  it('returns an empty string when nothing printable is left', () => {
    expect(code('``\n')).toBe('');
  });
});

describe('plainText', () => {
  it('builds a plain_text object capped at max', () => {
    expect(plainText('abcdef', 4)).toEqual({ type: 'plain_text', text: 'abc…' });
  });

  it('fits a header when capped at the header limit', () => {
    const header = { type: 'header', text: plainText('x'.repeat(500), 150) };
    expect(checkBlockKit({ text: 't', blocks: [header] }, 'message')).toEqual([]);
  });
});

describe('mrkdwn', () => {
  it('switches off Slack auto-parsing', () => {
    expect(mrkdwn('@here')).toEqual({ type: 'mrkdwn', text: '@here', verbatim: true });
  });
});

describe('link', () => {
  it('links an https URL with an escaped label', () => {
    expect(link('https://nvd.nist.gov/vuln/detail/CVE-2024-1', 'CVE <1> & co')).toBe(
      '<https://nvd.nist.gov/vuln/detail/CVE-2024-1|CVE &lt;1&gt; &amp; co>',
    );
  });

  it('escapes & in the URL and encodes a pipe so the label cannot be replaced', () => {
    expect(link('http://e.example/a?b=1&c=|x', 'l')).toBe('<http://e.example/a?b=1&amp;c=%7Cx|l>');
  });

  it('percent-encodes < and > in the URL so the link cannot be closed early', () => {
    const out = link('https://e.example/<!channel>', 'l');
    expect(out).toBe('<https://e.example/%3C!channel%3E|l>');
    expect(out.slice(1)).not.toMatch(CONTROL_SEQUENCES);
  });

  it.each([
    'javascript:alert(1)',
    'slack://channel?id=C1',
    'data:text/html,<b>x</b>',
    '/relative/path',
    'not a url',
    'ftp://files.example/x',
  ])('refuses %s and shows only the label', (url) => {
    expect(link(url, 'details')).toBe('details');
  });

  it('shows the escaped URL text when the URL is refused and the label is empty', () => {
    expect(link('javascript:<x>', '')).toBe('javascript:&lt;x&gt;');
  });

  it('uses the bare link form for an empty label and keeps labels on one line', () => {
    expect(link('https://e.example/', '')).toBe('<https://e.example/>');
    expect(link('https://e.example/', 'a\nb')).toBe('<https://e.example/|a b>');
  });

  it.each(attacks)('keeps %s in a label inert', (_, label) => {
    const out = link('https://e.example/', label);
    expect(out.startsWith('<https://e.example/|')).toBe(true);
    expect(out.slice(1, -1)).not.toMatch(/[<>]/);
  });
});
