import { describe, expect, it } from 'vitest';
import { renderHelp, renderNotUnderstood } from '../../../src/slack/blocks/help.js';
import { expectFits, foreignControls } from './assertions.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

describe('renderHelp', () => {
  it('golden', async () => {
    const message = renderHelp();
    expectFits(message, 'message');
    await golden('help', message);
  });

  it('shows the why syntax escaped, so Slack does not read <repo:tag> as a link', () => {
    const text = JSON.stringify(renderHelp());
    expect(text).toContain('`/ecrscan why &lt;repo:tag | repo@sha256:… | full URI&gt;`');
    expect(foreignControls(renderHelp())).toEqual([]);
  });

  it('lists expiring and the digest commands as available, not coming', () => {
    const text = JSON.stringify(renderHelp());
    expect(text).not.toMatch(/coming/i);
    expect(text).toContain('`/ecrscan expiring [within 7d] [min-severity HIGH] [repo filters]`');
    expect(text).toContain(
      '`/ecrscan digest subscribe [repo filters] [at 09:00 Europe/Berlin] [within 7d] [min-severity HIGH] [all-clear]`',
    );
    expect(text).toContain('`/ecrscan digest list | unsubscribe [id] | preview [id]`');
    expect(text).toContain('admin permission');
  });
});

describe('renderNotUnderstood', () => {
  it('golden', async () => {
    const message = renderNotUnderstood({
      text: 'wyh payments-api:1.4.2',
      closest: 'why',
      example: '/ecrscan why payments-api:1.4.2',
    });
    expectFits(message, 'message');
    await golden('not-understood', message);
  });

  it('golden: with the problem', async () => {
    const message = renderNotUnderstood({
      text: 'why',
      closest: 'why',
      problem: 'no image given',
      example: '/ecrscan why payments-api:1.4.2',
    });
    expect(message.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('\nNo image given.\n') } });
    await golden('not-understood-problem', message);
  });

  it('escapes what the user typed, everywhere', () => {
    const attack = '<!channel> <https://evil.example|x> <@U1> `x` *b*';
    const message = renderNotUnderstood({ text: attack, closest: attack, problem: attack, example: attack });
    expectFits(message, 'message');
    expect(foreignControls(message)).toEqual([]);
    expect(message.text).toBe(
      'I did not understand "&lt;!channel&gt; &lt;https://evil.example|x&gt; &lt;@U1&gt; `x` *b*". For example: &lt;!channel&gt; &lt;https://evil.example|x&gt; &lt;@U1&gt; `x` *b*',
    );
  });
});
