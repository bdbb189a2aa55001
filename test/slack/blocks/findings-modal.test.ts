import type { ActionsBlock, AnyBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { VulnerabilityFinding } from '../../../src/domain/facts.js';
import {
  parseFindingsModalState,
  parseFindingsPageTarget,
  renderFindingsModal,
  sortFindings,
} from '../../../src/slack/blocks/findings-modal.js';
import { CALLBACK_IDS, FINDINGS_PAGE_ACTION, findingsPageActionId } from '../../../src/slack/blocks/ids.js';
import { expectFits, foreignControls } from './assertions.js';
import { ACTION_VALUE, makeFinding } from './fixtures.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

const RATED = ['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'MEDIUM'];
function mixed(): VulnerabilityFinding[] {
  const unrated = Array.from({ length: 23 }, (_, i) =>
    makeFinding(i, i % 5 === 0 ? { severity: 'UNTRIAGED', origin: 'enhanced' } : {}),
  );
  const rated = RATED.map((severity, i) =>
    makeFinding(100 + i, {
      severity,
      title: `${severity} issue in a parser`,
      packages: [
        { name: 'zlib', version: '1.2.13', fixedInVersion: '1.3.1' },
        { name: 'zlib1g-dev', version: '1.2.13' },
      ],
      cvss: { score: 9.8 - i, version: '3.1' },
    }),
  );
  return [...rated, ...unrated];
}

const input = (over: Partial<Parameters<typeof renderFindingsModal>[0]> = {}) => ({
  title: 'Findings',
  image: 'payments-api:1.4.2',
  findings: mixed(),
  filter: 'undefined' as const,
  page: 0,
  pageSize: 10,
  ref: ACTION_VALUE,
  ...over,
});

const isActions = (b: AnyBlock): b is ActionsBlock => b.type === 'actions';
const buttonsOf = (view: ReturnType<typeof renderFindingsModal>) =>
  view.blocks.filter(isActions).flatMap((b) => b.elements);
const navIds = (view: ReturnType<typeof renderFindingsModal>) =>
  buttonsOf(view).map((e) => ('action_id' in e ? e.action_id : ''));

describe('renderFindingsModal', () => {
  it('golden: first page of the unrated findings', async () => {
    const view = renderFindingsModal(input());
    expectFits(view, 'modal');
    expect(navIds(view)).toEqual([findingsPageActionId('next'), findingsPageActionId('filter')]);
    await golden('findings-modal-first-page', view);
  });

  it('golden: a middle page of all findings', async () => {
    const view = renderFindingsModal(input({ filter: 'all', page: 1, pageSize: 5 }));
    expectFits(view, 'modal');
    expect(navIds(view)).toEqual([
      findingsPageActionId('previous'),
      findingsPageActionId('next'),
      findingsPageActionId('filter'),
    ]);
    await golden('findings-modal-middle-page', view);
  });

  it('golden: the empty state', async () => {
    const view = renderFindingsModal(input({ findings: mixed().slice(0, 7) }));
    expectFits(view, 'modal');
    expect(JSON.stringify(view)).toContain('Every finding of the last scan has a severity');
    await golden('findings-modal-empty', view);
  });

  it('shows only UNDEFINED / UNTRIAGED with the undefined filter, UNDEFINED first', () => {
    const view = renderFindingsModal(input({ pageSize: 50 }));
    const sections = view.blocks.filter((b) => b.type === 'section');
    expect(sections).toHaveLength(23);
    const severities = JSON.stringify(sections).match(/`(UNDEFINED|UNTRIAGED|HIGH|CRITICAL)`/g);
    expect(severities?.slice(0, 18).every((s) => s === '`UNDEFINED`')).toBe(true);
    expect(severities?.slice(18).every((s) => s === '`UNTRIAGED`')).toBe(true);
  });

  it('sorts all findings most severe first, then by CVSS', () => {
    expect(
      sortFindings(mixed())
        .map((f) => f.severity)
        .slice(0, 8),
    ).toEqual(['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED']);
  });

  it('clamps the page and page size', () => {
    const view = renderFindingsModal(input({ page: 99, pageSize: 0 }));
    expect(parseFindingsModalState(view.private_metadata)).toEqual({
      page: 22,
      filter: 'undefined',
      ref: ACTION_VALUE,
    });
    expect(renderFindingsModal(input({ pageSize: 1000, filter: 'all' })).blocks.length).toBeLessThanOrEqual(100);
  });

  it('is a modal with a short title, a callback id and its state in private_metadata', () => {
    const view = renderFindingsModal(input({ title: 'Findings of a very long image name' }));
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe(CALLBACK_IDS.findingsModal);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(parseFindingsModalState(view.private_metadata)).toEqual({ page: 0, filter: 'undefined', ref: ACTION_VALUE });
  });

  it('gives each page button a value that reads back, and an action_id the listener pattern matches', () => {
    const view = renderFindingsModal(input({ filter: 'all', page: 1 }));
    const buttons = buttonsOf(view);
    const targets = buttons.map((b) => ('value' in b ? parseFindingsPageTarget(b.value) : undefined));
    expect(targets).toEqual([
      { page: 0, filter: 'all' },
      { page: 2, filter: 'all' },
      { page: 0, filter: 'undefined' },
    ]);
    expect(buttons.every((b) => 'action_id' in b && FINDINGS_PAGE_ACTION.test(b.action_id ?? ''))).toBe(true);
  });

  it.each([
    ['not JSON', '{'],
    ['a negative page', '{"page":-1,"filter":"all"}'],
    ['a fractional page', '{"page":1.5,"filter":"all"}'],
    ['an unknown filter', '{"page":1,"filter":"none"}'],
    ['an array', '[1]'],
  ])('rejects a page target that is %s', (_, value) => {
    expect(parseFindingsPageTarget(value)).toBeUndefined();
  });

  it('refuses a ref that would not fit in private_metadata rather than cut it', () => {
    expect(() => renderFindingsModal(input({ ref: 'x'.repeat(3000) }))).toThrow(RangeError);
  });

  it('has a loading state to open at once', () => {
    const view = renderFindingsModal(input({ loading: true }));
    expectFits(view, 'modal');
    expect(view.blocks).toHaveLength(1);
    expect(JSON.stringify(view.blocks)).toContain('Reading the findings of `payments-api:1.4.2`');
  });

  it('keeps finding text inert and links only http(s) sources', () => {
    const evil = makeFinding(1, {
      id: '<!channel>',
      title: '<https://evil.example|click> `x` <@U1>',
      links: ['javascript:alert(1)'],
      packages: [{ name: '<!here>', version: '<@U2>', fixedInVersion: '&' }],
      vendorSeverity: '<!everyone>',
    });
    const view = renderFindingsModal(input({ findings: [evil], image: '<!channel>' }));
    expectFits(view, 'modal');
    expect(foreignControls(view)).toEqual([]);
  });
});
