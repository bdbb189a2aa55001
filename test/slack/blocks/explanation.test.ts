import type { Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderExplanation } from '../../../src/slack/blocks/explanation.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { blockTextLength, MSG_BLOCKS_TOO_LONG_SAFE_BUDGET } from '../../../src/slack/blocks/limits.js';
import type { ExplanationView } from '../../../src/usecases/explanation-view.js';
import { expectFits, foreignControls } from './assertions.js';
import {
  ACTION_VALUE,
  expiredView,
  healthyView,
  makeDiagnosis,
  makeView,
  manifestListView,
  scratchView,
  UNDEFINED_COUNT,
  undefinedView,
} from './fixtures.js';

const opts = { actionValue: ACTION_VALUE };
const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

const buttonsOf = (blocks: KnownBlock[]): Button[] =>
  blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as Button[]) : []));
const sectionTexts = (blocks: KnownBlock[]): string[] =>
  blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

describe('renderExplanation golden files', () => {
  it.each([
    ['explanation-healthy', healthyView],
    ['explanation-scratch', scratchView],
    ['explanation-undefined-findings', undefinedView],
    ['explanation-expired', expiredView],
    ['explanation-manifest-list', manifestListView],
  ] as const)('%s', async (name, view) => {
    const message = renderExplanation(view(), opts);
    expectFits(message, 'message');
    await golden(name, message);
  });

  it('shared, cached and with a notice', async () => {
    const message = renderExplanation(healthyView(), {
      ...opts,
      shared: true,
      sharedBy: 'U024BE7LH',
      cached: true,
      notice: 'Answered straight from AWS: the cache is unavailable.',
    });
    expectFits(message, 'message');
    await golden('explanation-shared-cached', message);
  });
});

describe('renderExplanation', () => {
  it('puts the image reference in a plain_text header and the first diagnosis in the fallback text', () => {
    const { blocks, text } = renderExplanation(scratchView(), opts);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'edge-proxy:2.0.0' } });
    expect(text).toBe(
      'edge-proxy:2.0.0 — UNSUPPORTED_IMAGE: Unsupported image: built FROM scratch (no operating system)',
    );
  });

  it('falls back to the scan status when there is no diagnosis', () => {
    expect(renderExplanation(makeView(), opts).text).toBe('payments-api:1.4.2 — scan status COMPLETE');
  });

  it('shows blocking diagnoses first, whatever order they come in', () => {
    const sections = sectionTexts(renderExplanation(manifestListView(), opts).blocks).filter((t) =>
      /`(UNSUPPORTED_IMAGE|SCAN_OK)`/.test(t),
    );
    expect(sections.map((t) => /`(\w+)`/.exec(t)?.[1])).toEqual(['UNSUPPORTED_IMAGE', 'SCAN_OK', 'SCAN_OK']);
    expect(sections[1]).toContain('platform `linux/amd64`');
    expect(sections[2]).toContain('platform `linux/arm64/v8`');
  });

  it('marks a likely diagnosis', () => {
    const view = makeView({ diagnoses: [makeDiagnosis('SCAN_ELIGIBILITY_EXPIRING', { certainty: 'likely' })] });
    expect(sectionTexts(renderExplanation(view, opts).blocks)[0]).toMatch(/^:warning: \*.*\* _\(likely\)_\n/);
  });

  it('numbers the fix steps and puts commands in inline code', () => {
    const fix = sectionTexts(renderExplanation(healthyView(), opts).blocks).find((t) => t.startsWith('*Fix*'));
    expect(fix).toMatch(
      /^\*Fix\*\n1\. Fix the CRITICAL.*\n2\. See every finding: `aws ecr describe-image-scan-findings .* --region eu-west-1`$/,
    );
  });

  it(`lists ${10} of ${UNDEFINED_COUNT} unrated findings and points to Show findings for the rest`, () => {
    const text = sectionTexts(renderExplanation(undefinedView(), opts).blocks).find((t) => t.startsWith('*Findings*'));
    const lines = text?.split('\n') ?? [];
    expect(lines[0]).toBe(`*Findings* (10 of ${UNDEFINED_COUNT})`);
    expect(lines.filter((l) => l.startsWith('• <https://security-tracker.debian.org/tracker/CVE-'))).toHaveLength(10);
    expect(lines.at(-1)).toBe(`… and ${UNDEFINED_COUNT - 10} more — *Show findings*`);
    expect(lines[1]).toBe(
      '• <https://security-tracker.debian.org/tracker/CVE-2025-21000|CVE-2025-21000> · `openssl` 3.0.15-1~deb12u1 · no vendor severity · CVSS 5.3 (v3.1)',
    );
  });

  it('does not repeat listed findings as evidence lines', () => {
    const message = renderExplanation(undefinedView(), opts);
    expect(JSON.stringify(message)).not.toContain('CVE-2025-21015');
    expect(JSON.stringify(message)).toContain('Findings with severity UNDEFINED');
  });

  describe('buttons', () => {
    const ids = (view: ExplanationView, o = {}) =>
      buttonsOf(renderExplanation(view, { ...opts, ...o }).blocks).map((b) => b.action_id);

    it.each([
      ['basic, with findings', healthyView(), {}, ['rescan', 'refresh', 'showFindings', 'openConsole', 'share']],
      ['enhanced', expiredView(), {}, ['enhancedOptions', 'refresh', 'openConsole', 'share']],
      ['shared', healthyView(), { shared: true }, ['rescan', 'refresh', 'showFindings', 'openConsole']],
      [
        'archived',
        makeView({ rescan: { kind: 'none', why: 'archived images cannot be scanned until restored' } }),
        {},
        ['refresh', 'openConsole', 'share'],
      ],
    ] as const)('%s', (_, view, o, expected) => {
      expect(ids(view, o)).toEqual(expected.map((k) => ACTION_IDS[k]));
    });

    it('carries the signed value on every button, and a confirm dialog on Rescan', () => {
      const buttons = buttonsOf(renderExplanation(healthyView(), opts).blocks);
      expect(buttons.every((b) => b.value === ACTION_VALUE)).toBe(true);
      const rescan = buttons.find((b) => b.action_id === ACTION_IDS.rescan);
      expect(rescan?.confirm?.text.text).toContain('one scan per image per 24 hours');
      expect(buttons.find((b) => b.action_id === ACTION_IDS.openConsole)?.url).toBe(healthyView().consoleUrl);
    });

    it('says why there is no Rescan button', () => {
      const view = makeView({ rescan: { kind: 'none', why: 'archived images cannot be scanned until restored' } });
      expect(JSON.stringify(renderExplanation(view, opts).blocks.at(-1))).toContain(
        'No Rescan button: archived images cannot be scanned until restored.',
      );
    });

    it('leaves out a console URL that is not https', () => {
      const view = makeView({ consoleUrl: 'javascript:alert(1)' });
      expect(ids(view)).not.toContain(ACTION_IDS.openConsole);
    });
  });

  describe('a view far beyond Slack limits', () => {
    const huge = () =>
      makeView(
        {
          diagnoses: Array.from({ length: 60 }, (_, i) =>
            makeDiagnosis(i % 2 ? 'SCAN_FAILED' : 'LIMIT_EXCEEDED', {
              title: `Problem ${i} ${'t'.repeat(400)}`,
              cause: `c${i} `.repeat(1250),
              evidence: Array.from({ length: 30 }, (_, j) => ({
                label: `field ${j}`,
                value: 'v'.repeat(500),
                source: 's',
              })),
              fix: Array.from(
                { length: 12 },
                () => `Run aws ecr describe-images --repository-name ${'r'.repeat(1200)}`,
              ),
              findings:
                i === 0
                  ? Array.from({ length: 500 }, (_, j) => ({
                      id: `CVE-2025-${j}`,
                      origin: 'basic',
                      severity: 'UNDEFINED',
                      links: [],
                      packages: [],
                    }))
                  : undefined,
            }),
          ),
        },
        { tag: 'x'.repeat(300), reference: `payments-api:${'x'.repeat(300)}` },
      );

    it('still fits: ≤ 50 blocks, every limit, the ~10k budget', () => {
      const message = renderExplanation(huge(), opts);
      expectFits(message, 'message');
      expect(blockTextLength(message.blocks)).toBeLessThanOrEqual(MSG_BLOCKS_TOO_LONG_SAFE_BUDGET);
    });

    it('says how many diagnoses were left out, and the blocking ones come first', () => {
      const message = renderExplanation(huge(), opts);
      const shown = sectionTexts(message.blocks).filter((t) => /^:\w+: \*Problem/.test(t)).length;
      expect(shown).toBeGreaterThan(0);
      const omitted = JSON.stringify(message).match(/(\d+) more diagnoses not shown \(`SCAN_FAILED`/);
      expect(Number(omitted?.[1])).toBe(60 - shown);
    });
  });

  it('keeps user and AWS text inert', () => {
    const view = scratchView();
    view.diagnoses[0]!.cause = 'see <!channel> and <https://evil.example|docs> <@U1>';
    view.image.reference = 'edge-proxy:<!here>';
    view.scan.description = '<!everyone>';
    expect(foreignControls(renderExplanation(view, opts))).toEqual([]);
  });
});
