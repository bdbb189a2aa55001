import { describe, expect, it } from 'vitest';
import {
  BLOCK_KIT_RULES,
  type BlockKitRule,
  blockTextLength,
  checkBlockKit,
  MSG_BLOCKS_TOO_LONG_SAFE_BUDGET,
  type Surface,
} from '../../../src/slack/blocks/limits.js';

const x = (n: number) => 'x'.repeat(n);
const pt = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const msg = (...blocks: unknown[]) => ({ text: 'fallback', blocks });
const section = (text: string) => ({ type: 'section', text: md(text) });
const divider = () => ({ type: 'divider' });
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const button = (extra: Record<string, unknown> = {}) => ({ type: 'button', action_id: 'go', text: pt('Go'), ...extra });
const withAccessory = (accessory: unknown) => msg({ type: 'section', text: md('row'), accessory });
const option = (extra: Record<string, unknown> = {}) => ({ text: pt('one'), value: 'v1', ...extra });
const overflow = (options: unknown[]) => withAccessory({ type: 'overflow', action_id: 'more', options });
const modal = (extra: Record<string, unknown> = {}) => ({ type: 'modal', title: pt('Scan'), blocks: [], ...extra });
const input = (extra: Record<string, unknown> = {}) => ({
  type: 'input',
  label: pt('Repo'),
  element: { type: 'plain_text_input', action_id: 'repo' },
  ...extra,
});
const withConfirm = (confirm: Record<string, unknown>) =>
  withAccessory(button({ confirm: { text: pt('Sure?'), ...confirm } }));
/** Spreads n characters of text over sections of at most 2500 each. */
const textOf = (n: number) => msg(...times(Math.ceil(n / 2500), (i) => section(x(Math.min(2500, n - i * 2500)))));

interface LimitRow {
  rule: BlockKitRule;
  surface: Surface;
  limit: number;
  path: string;
  make: (n: number) => unknown;
  also?: BlockKitRule[];
}

const limitRows: LimitRow[] = [
  { rule: 'blocks.count', surface: 'message', limit: 50, path: '/blocks', make: (n) => msg(...times(n, divider)) },
  {
    rule: 'blocks.count',
    surface: 'modal',
    limit: 100,
    path: '/blocks',
    make: (n) => modal({ blocks: times(n, divider) }),
  },
  {
    rule: 'blocks.count',
    surface: 'home',
    limit: 100,
    path: '/blocks',
    make: (n) => ({ type: 'home', blocks: times(n, divider) }),
  },
  { rule: 'message.text.length', surface: 'message', limit: 4000, path: '/text', make: (n) => ({ text: x(n) }) },
  {
    rule: 'message.block_text_budget',
    surface: 'message',
    limit: MSG_BLOCKS_TOO_LONG_SAFE_BUDGET,
    path: '/blocks',
    make: textOf,
  },
  {
    rule: 'markdown.cumulative_length',
    surface: 'modal',
    limit: 12_000,
    path: '/blocks',
    make: (n) =>
      modal({
        blocks: [
          { type: 'markdown', text: x(6000) },
          { type: 'markdown', text: x(n - 6000) },
        ],
      }),
  },
  {
    rule: 'block_id.length',
    surface: 'message',
    limit: 255,
    path: '/blocks/0/block_id',
    make: (n) => msg({ type: 'divider', block_id: x(n) }),
  },
  {
    rule: 'section.text.length',
    surface: 'message',
    limit: 3000,
    path: '/blocks/0/text/text',
    make: (n) => msg(section(x(n))),
  },
  {
    rule: 'section.fields.count',
    surface: 'message',
    limit: 10,
    path: '/blocks/0/fields',
    make: (n) => msg({ type: 'section', fields: times(n, () => md('f')) }),
  },
  {
    rule: 'section.field.length',
    surface: 'message',
    limit: 2000,
    path: '/blocks/0/fields/1/text',
    make: (n) => msg({ type: 'section', fields: [md('a'), md(x(n))] }),
  },
  {
    rule: 'header.text.length',
    surface: 'message',
    limit: 150,
    path: '/blocks/0/text/text',
    make: (n) => msg({ type: 'header', text: pt(x(n)) }),
  },
  {
    rule: 'context.elements.count',
    surface: 'message',
    limit: 10,
    path: '/blocks/0/elements',
    make: (n) => msg({ type: 'context', elements: times(n, () => md('c')) }),
  },
  {
    rule: 'actions.elements.count',
    surface: 'message',
    limit: 25,
    path: '/blocks/0/elements',
    make: (n) => msg({ type: 'actions', elements: times(n, (i) => button({ action_id: `b${i}` })) }),
  },
  {
    rule: 'image.alt_text.length',
    surface: 'message',
    limit: 2000,
    path: '/blocks/0/alt_text',
    make: (n) => msg({ type: 'image', image_url: 'https://example.com/a.png', alt_text: x(n) }),
  },
  {
    rule: 'image.title.length',
    surface: 'modal',
    limit: 2000,
    path: '/blocks/0/title/text',
    make: (n) =>
      modal({ blocks: [{ type: 'image', image_url: 'https://example.com/a.png', alt_text: 'a', title: pt(x(n)) }] }),
  },
  {
    rule: 'input.label.length',
    surface: 'modal',
    limit: 2000,
    path: '/blocks/0/label/text',
    make: (n) => modal({ submit: pt('Save'), blocks: [input({ label: pt(x(n)) })] }),
  },
  {
    rule: 'input.hint.length',
    surface: 'modal',
    limit: 2000,
    path: '/blocks/0/hint/text',
    make: (n) => modal({ submit: pt('Save'), blocks: [input({ hint: pt(x(n)) })] }),
  },
  {
    rule: 'markdown.text.length',
    surface: 'modal',
    limit: 12_000,
    path: '/blocks/0/text',
    make: (n) => modal({ blocks: [{ type: 'markdown', text: x(n) }] }),
    also: ['markdown.cumulative_length'],
  },
  {
    rule: 'action_id.length',
    surface: 'message',
    limit: 255,
    path: '/blocks/0/accessory/action_id',
    make: (n) => withAccessory(button({ action_id: x(n) })),
  },
  {
    rule: 'button.text.length',
    surface: 'message',
    limit: 75,
    path: '/blocks/0/accessory/text/text',
    make: (n) => withAccessory(button({ text: pt(x(n)) })),
  },
  {
    rule: 'button.value.length',
    surface: 'message',
    limit: 2000,
    path: '/blocks/0/accessory/value',
    make: (n) => withAccessory(button({ value: x(n) })),
  },
  {
    rule: 'button.url.length',
    surface: 'message',
    limit: 3000,
    path: '/blocks/0/accessory/url',
    make: (n) => withAccessory(button({ url: `https://example.com/${x(n - 20)}` })),
  },
  {
    rule: 'accessibility_label.length',
    surface: 'message',
    limit: 75,
    path: '/blocks/0/accessory/accessibility_label',
    make: (n) => withAccessory(button({ accessibility_label: x(n) })),
  },
  {
    rule: 'placeholder.length',
    surface: 'message',
    limit: 150,
    path: '/blocks/0/accessory/placeholder/text',
    make: (n) => withAccessory({ type: 'static_select', action_id: 's', placeholder: pt(x(n)), options: [option()] }),
  },
  {
    rule: 'overflow.options.count',
    surface: 'message',
    limit: 5,
    path: '/blocks/0/accessory/options',
    make: (n) => overflow(times(n, () => option())),
  },
  {
    rule: 'select.options.count',
    surface: 'message',
    limit: 100,
    path: '/blocks/0/accessory/options',
    make: (n) =>
      withAccessory({ type: 'static_select', action_id: 's', options: times(n, (i) => option({ value: `v${i}` })) }),
  },
  {
    rule: 'select.option_groups.count',
    surface: 'message',
    limit: 100,
    path: '/blocks/0/accessory/option_groups',
    make: (n) =>
      withAccessory({
        type: 'static_select',
        action_id: 's',
        option_groups: times(n, (i) => ({ label: pt('g'), options: [option({ value: `v${i}` })] })),
      }),
  },
  {
    rule: 'choice.options.count',
    surface: 'modal',
    limit: 10,
    path: '/blocks/0/elements/0/options',
    make: (n) =>
      modal({
        blocks: [
          { type: 'actions', elements: [{ type: 'checkboxes', action_id: 'c', options: times(n, () => option()) }] },
        ],
      }),
  },
  {
    rule: 'option.text.length',
    surface: 'message',
    limit: 75,
    path: '/blocks/0/accessory/options/0/text/text',
    make: (n) => overflow([option({ text: pt(x(n)) })]),
  },
  {
    rule: 'option.value.length',
    surface: 'message',
    limit: 150,
    path: '/blocks/0/accessory/options/0/value',
    make: (n) => overflow([option({ value: x(n) })]),
  },
  {
    rule: 'option.description.length',
    surface: 'message',
    limit: 75,
    path: '/blocks/0/accessory/options/0/description/text',
    make: (n) => overflow([option({ description: pt(x(n)) })]),
  },
  {
    rule: 'option.url.length',
    surface: 'message',
    limit: 3000,
    path: '/blocks/0/accessory/options/0/url',
    make: (n) => overflow([option({ url: `https://example.com/${x(n - 20)}` })]),
  },
  {
    rule: 'option_group.label.length',
    surface: 'message',
    limit: 75,
    path: '/blocks/0/accessory/option_groups/0/label/text',
    make: (n) =>
      withAccessory({
        type: 'static_select',
        action_id: 's',
        option_groups: [{ label: pt(x(n)), options: [option()] }],
      }),
  },
  {
    rule: 'confirm.title.length',
    surface: 'message',
    limit: 100,
    path: '/blocks/0/accessory/confirm/title/text',
    make: (n) => withConfirm({ title: pt(x(n)) }),
  },
  {
    rule: 'confirm.text.length',
    surface: 'message',
    limit: 300,
    path: '/blocks/0/accessory/confirm/text/text',
    make: (n) => withConfirm({ text: md(x(n)) }),
  },
  {
    rule: 'confirm.confirm.length',
    surface: 'message',
    limit: 30,
    path: '/blocks/0/accessory/confirm/confirm/text',
    make: (n) => withConfirm({ confirm: pt(x(n)) }),
  },
  {
    rule: 'confirm.deny.length',
    surface: 'message',
    limit: 30,
    path: '/blocks/0/accessory/confirm/deny/text',
    make: (n) => withConfirm({ deny: pt(x(n)) }),
  },
  {
    rule: 'text.length',
    surface: 'message',
    limit: 3000,
    path: '/blocks/0/elements/0/text',
    make: (n) => msg({ type: 'context', elements: [md(x(n))] }),
  },
  {
    rule: 'view.title.length',
    surface: 'modal',
    limit: 24,
    path: '/title/text',
    make: (n) => modal({ title: pt(x(n)) }),
  },
  {
    rule: 'view.submit.length',
    surface: 'modal',
    limit: 24,
    path: '/submit/text',
    make: (n) => modal({ submit: pt(x(n)) }),
  },
  {
    rule: 'view.close.length',
    surface: 'modal',
    limit: 24,
    path: '/close/text',
    make: (n) => modal({ close: pt(x(n)) }),
  },
  {
    rule: 'view.private_metadata.length',
    surface: 'home',
    limit: 3000,
    path: '/private_metadata',
    make: (n) => ({ type: 'home', blocks: [], private_metadata: x(n) }),
  },
  {
    rule: 'view.callback_id.length',
    surface: 'modal',
    limit: 255,
    path: '/callback_id',
    make: (n) => modal({ callback_id: x(n) }),
  },
];

interface ShapeRow {
  rule: BlockKitRule;
  surface: Surface;
  ok: unknown;
  bad: unknown;
  path: string;
  actual: number | string;
}

const shapeRows: ShapeRow[] = [
  {
    rule: 'message.text.required',
    surface: 'message',
    ok: msg(section('a')),
    bad: { blocks: [section('a')] },
    path: '/text',
    actual: 'missing',
  },
  {
    rule: 'message.text.required',
    surface: 'message',
    ok: { text: 'a' },
    bad: { text: '' },
    path: '/text',
    actual: 'string',
  },
  {
    rule: 'block.type',
    surface: 'message',
    ok: msg(section('a')),
    bad: msg({ type: 'secton', text: md('a') }),
    path: '/blocks/0/type',
    actual: 'secton',
  },
  {
    rule: 'section.content',
    surface: 'message',
    ok: msg(section('a')),
    bad: msg({ type: 'section' }),
    path: '/blocks/0',
    actual: 'neither',
  },
  {
    rule: 'text.type',
    surface: 'message',
    ok: msg({ type: 'header', text: pt('h') }),
    bad: msg({ type: 'header', text: md('h') }),
    path: '/blocks/0/text/type',
    actual: 'mrkdwn',
  },
  {
    rule: 'text.type',
    surface: 'message',
    ok: msg(section('a')),
    bad: msg({ type: 'section', text: 'a' }),
    path: '/blocks/0/text',
    actual: 'string',
  },
  {
    rule: 'text.empty',
    surface: 'message',
    ok: msg(section('a')),
    bad: msg(section('')),
    path: '/blocks/0/text/text',
    actual: 0,
  },
  {
    rule: 'value.type',
    surface: 'message',
    ok: withAccessory(button({ value: '5' })),
    bad: withAccessory(button({ value: 5 })),
    path: '/blocks/0/accessory/value',
    actual: 'number',
  },
  {
    rule: 'value.type',
    surface: 'message',
    ok: msg(),
    bad: { text: 'a', blocks: 'nope' },
    path: '/blocks',
    actual: 'string',
  },
  { rule: 'value.type', surface: 'modal', ok: modal(), bad: 'not an object', path: '', actual: 'string' },
  {
    rule: 'view.type',
    surface: 'home',
    ok: { type: 'home', blocks: [] },
    bad: modal(),
    path: '/type',
    actual: 'modal',
  },
  {
    rule: 'view.title.required',
    surface: 'modal',
    ok: modal(),
    bad: { type: 'modal', blocks: [] },
    path: '/title',
    actual: 'missing',
  },
  {
    rule: 'view.submit.required',
    surface: 'modal',
    ok: modal({ submit: pt('Save'), blocks: [input()] }),
    bad: modal({ blocks: [input()] }),
    path: '/submit',
    actual: 'missing',
  },
];

describe('checkBlockKit limits, both sides of each', () => {
  it.each(limitRows)('$rule ($surface) accepts exactly $limit', ({ make, limit, surface }) => {
    expect(checkBlockKit(make(limit), surface)).toEqual([]);
  });

  it.each(limitRows)('$rule ($surface) rejects $limit + 1', ({ make, limit, surface, rule, path, also }) => {
    const violations = checkBlockKit(make(limit + 1), surface);
    expect(violations.filter((v) => v.rule === rule)).toEqual([{ path, rule, limit, actual: limit + 1 }]);
    expect(violations.filter((v) => v.rule !== rule).map((v) => v.rule)).toEqual(also ?? []);
  });
});

describe('checkBlockKit shapes', () => {
  it.each(shapeRows)('$rule: the good form passes', ({ ok, surface }) => {
    expect(checkBlockKit(ok, surface)).toEqual([]);
  });

  it.each(shapeRows)('$rule: the bad form is reported at $path', ({ bad, surface, rule, path, actual }) => {
    const violations = checkBlockKit(bad, surface);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ rule, path, actual });
  });
});

describe('checkBlockKit', () => {
  it('has a test row for every rule it can report', () => {
    const tested = new Set<string>([...limitRows, ...shapeRows].map((r) => r.rule));
    expect(BLOCK_KIT_RULES.filter((rule) => !tested.has(rule))).toEqual([]);
  });

  it('reports every violation in one pass, not just the first', () => {
    const violations = checkBlockKit({ blocks: [section(x(3001)), { type: 'header', text: pt(x(151)) }] }, 'message');
    expect(violations.map((v) => v.rule)).toEqual([
      'message.text.required',
      'section.text.length',
      'header.text.length',
    ]);
  });

  it('accepts a realistic answer message', () => {
    const answer = {
      text: 'payments-api:1.4.2 has no usable scan',
      blocks: [
        { type: 'header', text: pt('payments-api:1.4.2') },
        {
          type: 'section',
          text: md('*Scan status:* `FAILED`'),
          fields: [md('*Type*\nBASIC'), md('*Pushed*\n2026-08-01')],
        },
        {
          type: 'context',
          elements: [md('Inspector'), { type: 'image', image_url: 'https://example.com/i.png', alt_text: 'icon' }],
        },
        {
          type: 'actions',
          block_id: 'answer-actions',
          elements: [
            button({
              action_id: 'rescan',
              value: 'ref-1',
              style: 'primary',
              confirm: { title: pt('Rescan?'), text: md('Starts a scan'), confirm: pt('Rescan'), deny: pt('Cancel') },
            }),
            {
              type: 'overflow',
              action_id: 'more',
              options: [option({ url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-1' })],
            },
          ],
        },
      ],
    };
    expect(checkBlockKit(answer, 'message')).toEqual([]);
  });

  it('does not apply the message budget to views', () => {
    const view = { type: 'home', blocks: times(5, () => section(x(2500))) };
    expect(checkBlockKit(view, 'home')).toEqual([]);
    expect(checkBlockKit({ text: 't', blocks: view.blocks }, 'message').map((v) => v.rule)).toEqual([
      'message.block_text_budget',
    ]);
  });
});

describe('blockTextLength', () => {
  it('sums every text string at any depth and nothing else', () => {
    const blocks = [
      section('abc'),
      { type: 'section', fields: [md('de'), md('f')], accessory: button({ value: 'not text' }) },
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'ghij' }] }] },
    ];
    expect(blockTextLength(blocks)).toBe(3 + 3 + 2 + 4);
  });
});
