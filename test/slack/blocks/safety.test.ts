/**
 * Every renderer, fed hostile text in every string field: the output must stay within Slack's limits and contain
 * no `<!…>`, `<@…>`, `<#…>` or `<http…>` that the renderers did not write themselves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEnhancedOptions } from '../../../src/slack/blocks/enhanced-options.js';
import { renderExplanation } from '../../../src/slack/blocks/explanation.js';
import { renderFindingsModal } from '../../../src/slack/blocks/findings-modal.js';
import { renderHelp, renderNotUnderstood } from '../../../src/slack/blocks/help.js';
import {
  renderInternalError,
  renderLooking,
  renderNotAllowed,
  renderRateLimited,
  renderUserError,
} from '../../../src/slack/blocks/notices.js';
import {
  renderRescanFinished,
  renderRescanLimit,
  renderRescanStarted,
  renderRescanTimedOut,
} from '../../../src/slack/blocks/rescan-status.js';
import type { ExplanationView } from '../../../src/usecases/explanation-view.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';
import {
  ACTION_VALUE,
  expiredView,
  healthyView,
  makeFinding,
  manifestListView,
  scratchView,
  USER,
  undefinedView,
} from './fixtures.js';

/** A copy of `value` with `poison` applied to every string in it (Dates and numbers stay). */
function poisoned<T>(value: T, poison: (s: string) => string): T {
  if (typeof value === 'string') return poison(value) as T;
  if (Array.isArray(value)) return value.map((v) => poisoned(v, poison)) as T;
  if (value instanceof Date || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poisoned(v, poison)])) as T;
}

const linksOf = (view: ExplanationView) => view.diagnoses.flatMap((d) => (d.findings ?? []).flatMap((f) => f.links));
const parsable = (urls: string[]) =>
  urls.filter((u) => {
    try {
      return ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  });

function expectSafe(payload: unknown, surface: 'message' | 'modal', trusted: string[] = []): void {
  expectFits(payload, surface);
  expect(foreignControls(payload, parsable(trusted))).toEqual([]);
}

const VIEWS = { healthyView, scratchView, undefinedView, expiredView, manifestListView };
const POISONS = {
  appended: (s: string) => `${s} ${ATTACK}`,
  replaced: () => ATTACK,
  long: (s: string) => `${s}${ATTACK}`.repeat(40),
};

describe.each(Object.entries(POISONS))('every string field %s with an injection attempt', (_, poison) => {
  it.each(Object.entries(VIEWS))('renderExplanation and renderEnhancedOptions: %s', (_, make) => {
    const view = poisoned(make(), poison);
    const trusted = linksOf(view);
    const opts = { actionValue: ACTION_VALUE, cached: true, notice: poison('notice'), sharedBy: poison(USER) };
    expectSafe(renderExplanation(view, opts), 'message', trusted);
    expectSafe(renderEnhancedOptions(view, { actionValue: ACTION_VALUE }), 'message');
    expectSafe(renderRescanFinished({ view, by: poison(USER), actionValue: ACTION_VALUE }), 'message', trusted);
  });

  it('renderFindingsModal', () => {
    const findings = poisoned(
      Array.from({ length: 30 }, (_, i) => makeFinding(i, { title: 'a title', description: 'a description' })),
      poison,
    );
    const trusted = findings.flatMap((f) => f.links);
    for (const filter of ['undefined', 'all'] as const) {
      const view = renderFindingsModal({
        title: poison('Findings'),
        image: poison('payments-api:1.4.2'),
        findings,
        filter,
        page: 1,
        pageSize: 50,
        ref: ACTION_VALUE,
      });
      expectSafe(view, 'modal', trusted);
    }
  });

  it('help, notices and rescan messages', () => {
    const s = poison('payments-api:1.4.2');
    const messages = [
      renderHelp(),
      renderNotUnderstood({ text: s, closest: s, problem: s, example: s }),
      renderLooking(s),
      renderUserError({ code: s, message: s, hints: [s, s] }),
      renderInternalError(s),
      renderRateLimited(30),
      renderNotAllowed({ action: s, how: s }),
      renderRescanStarted({ ref: s, by: s }),
      renderRescanLimit({ ref: s, lastScanAt: new Date(0), nextPossibleAt: new Date(86_400_000) }),
      renderRescanTimedOut({ ref: s, by: s, waitedMinutes: 30, actionValue: ACTION_VALUE }),
    ];
    for (const message of messages) expectSafe(message, 'message');
  });
});

const hostile = fc.string({
  unit: fc.constantFrom(
    '<',
    '>',
    '&',
    '!',
    '@',
    '#',
    '|',
    '`',
    '*',
    '_',
    '~',
    '\n',
    ' ',
    'a',
    'é',
    '🚀',
    'channel',
    'https://x.example',
    'amp;',
    'date^1^{time}',
  ),
  maxLength: 60,
});

describe('random hostile strings in the view', () => {
  it('never break the limits or let a control sequence through', () => {
    fc.assert(
      fc.property(
        fc.record({
          ref: hostile,
          tag: hostile,
          status: hostile,
          title: hostile,
          cause: hostile,
          evidence: hostile,
          fix: hostile,
          platform: hostile,
          finding: hostile,
          link: fc.oneof(
            hostile,
            hostile.map((s) => `https://nvd.example/${s}`),
          ),
          notice: hostile,
        }),
        (r) => {
          const view = undefinedView();
          view.image.reference = r.ref;
          view.image.tag = r.tag;
          view.scan.status = r.status;
          view.scan.description = r.evidence;
          for (const d of view.diagnoses) {
            d.title = r.title;
            d.cause = r.cause;
            d.platform = r.platform;
            d.evidence = [{ label: r.evidence, value: r.evidence, source: r.evidence }];
            d.fix = [r.fix, `Run: aws ecr describe-images --repository-name ${r.fix}`];
            if (d.findings) {
              d.findings[0] = makeFinding(0, { id: r.finding, vendorSeverity: r.finding, links: [r.link] });
            }
          }
          const trusted = linksOf(view);
          expectSafe(renderExplanation(view, { actionValue: ACTION_VALUE, notice: r.notice }), 'message', trusted);
          expectSafe(renderEnhancedOptions(view), 'message');
          const modal = renderFindingsModal({
            title: r.title,
            image: r.ref,
            findings: view.diagnoses.flatMap((d) => d.findings ?? []),
            filter: 'undefined',
            page: 0,
            pageSize: 20,
            ref: ACTION_VALUE,
          });
          expectSafe(modal, 'modal', trusted);
        },
      ),
      { numRuns: 300 },
    );
  });
});
