import { describe, expect, it } from 'vitest';
import { renderEnhancedOptions } from '../../../src/slack/blocks/enhanced-options.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import type { ExplanationView } from '../../../src/usecases/explanation-view.js';
import { expectFits } from './assertions.js';
import { ACTION_VALUE, DIGEST, expiredView, makeView, manifestListView } from './fixtures.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);
const textOf = (view: ExplanationView) => JSON.stringify(renderEnhancedOptions(view).blocks);

const enhancedActive = () =>
  makeView({
    scan: { type: 'ENHANCED', frequency: 'CONTINUOUS_SCAN', status: 'ACTIVE' },
    rescan: { kind: 'enhanced-options' },
  });

function multiArchChild(): ExplanationView {
  const view = expiredView('LAST_IN_USE_AT');
  const window = view.diagnoses[0]!.expiry!.useWindow;
  window.ignoredBecause = 'multi-arch';
  return { ...view, scan: { ...view.scan, multiArchChild: true } };
}

describe('renderEnhancedOptions', () => {
  it('golden: expired image, LAST_PULL_DATE mode', async () => {
    const message = renderEnhancedOptions(expiredView(), { actionValue: ACTION_VALUE });
    expectFits(message, 'message');
    await golden('enhanced-options', message);
  });

  it.each([
    [
      'LAST_PULL_DATE',
      expiredView('LAST_PULL_DATE'),
      [
        '*Pull it:* `docker pull 123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api@',
        "in this account's LAST_PULL_DATE mode, what counts is the pull",
      ],
      ['Pulling does not help'],
    ],
    [
      'LAST_IN_USE_AT',
      expiredView('LAST_IN_USE_AT'),
      ['*Pulling does not help:*', '*Run it in an ECS task or EKS pod:* in this LAST_IN_USE_AT mode'],
      ['docker pull'],
    ],
    ['LAST_IN_USE_AT, multi-arch', multiArchChild(), ['does not track last-in-use time'], ['*Run it in an ECS task']],
    [
      'mode unknown',
      enhancedActive(),
      [
        "*Pull it, only if the account's re-scan mode is LAST_PULL_DATE:*",
        'only if the re-scan mode is LAST_IN_USE_AT',
        '`aws inspector2 get-configuration --region eu-west-1`',
      ],
      [],
    ],
    [
      'scan on push',
      makeView({ scan: { type: 'ENHANCED', frequency: 'SCAN_ON_PUSH', status: 'COMPLETE' } }),
      ['*Pulling does not rescan:*', 'only a push does'],
      ['docker pull'],
    ],
    [
      'frequency off',
      makeView({ scan: { type: 'ENHANCED', frequency: 'OFF', status: 'NOT_SCANNED' } }),
      ['matches no enhanced scanning filter'],
      [],
    ],
  ])('%s', (_, view, present, absent) => {
    const text = textOf(view);
    for (const s of present) expect(text).toContain(s);
    for (const s of absent) expect(text).not.toContain(s);
  });

  it('reads the re-scan mode from the answer even without an eligibility diagnosis', () => {
    const view = enhancedActive();
    const text = textOf({ ...view, scan: { ...view.scan, pullDateRescanMode: 'LAST_PULL_DATE' } });
    expect(text).toContain("In this account's LAST_PULL_DATE mode a pull restarts the re-scan window");
    expect(text).not.toContain('could not tell the mode');
  });

  it('pulls by digest, so the pull is of this exact image', () => {
    expect(textOf(expiredView())).toContain(`amazonaws.com/payments-api@${DIGEST}\``);
  });

  it('says a continuously scanned, active image needs nothing', () => {
    expect(textOf(enhancedActive())).toContain('already scanning this image continuously');
  });

  it.each([expiredView(), enhancedActive(), manifestListView()])('never offers re-tagging as a way back', (view) => {
    const text = textOf(view).toLowerCase();
    expect(text).toContain('re-tagging the same digest, or pushing the identical image again, probably does not help');
    expect(text).not.toMatch(/(?<!probably does not help[^.]*)re-?tag(ging)? (it|the image) (to|will|revives|resumes)/);
    expect(text).not.toContain('start-image-scan --');
  });

  it('adds Refresh only when given a value for it', () => {
    expect(JSON.stringify(renderEnhancedOptions(expiredView()))).not.toContain(ACTION_IDS.refresh);
    const withButton = renderEnhancedOptions(expiredView(), { actionValue: ACTION_VALUE });
    expect(withButton.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ action_id: ACTION_IDS.refresh, value: ACTION_VALUE }],
    });
  });

  it('has a one-line fallback text', () => {
    expect(renderEnhancedOptions(expiredView()).text).toBe(
      'How to get payments-api:1.4.2 scanned again: no API starts an enhanced scan; push a new digest or pull it.',
    );
  });
});
