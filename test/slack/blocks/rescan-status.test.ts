import { describe, expect, it } from 'vitest';
import {
  renderRescanFinished,
  renderRescanLimit,
  renderRescanStarted,
  renderRescanTimedOut,
} from '../../../src/slack/blocks/rescan-status.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';
import { ACTION_VALUE, healthyView, makeDiagnosis, makeView, USER } from './fixtures.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);
const REF = 'payments-api:1.4.2';

describe('rescan status golden files', () => {
  it.each([
    ['rescan-started', () => renderRescanStarted({ ref: REF, by: USER })],
    [
      'rescan-limit',
      () =>
        renderRescanLimit({
          ref: REF,
          lastScanAt: new Date('2026-04-30T08:12:00Z'),
          nextPossibleAt: new Date('2026-05-01T08:12:00Z'),
        }),
    ],
    ['rescan-limit-unknown-times', () => renderRescanLimit({ ref: REF })],
    ['rescan-finished', () => renderRescanFinished({ view: healthyView(), by: USER, actionValue: ACTION_VALUE })],
    [
      'rescan-timed-out',
      () => renderRescanTimedOut({ ref: REF, by: USER, waitedMinutes: 30, actionValue: ACTION_VALUE }),
    ],
  ] as const)('%s', async (name, render) => {
    const message = render();
    expectFits(message, 'message');
    await golden(name, message);
  });
});

describe('rescan status', () => {
  it('writes dates in Slack date syntax with a UTC fallback', () => {
    const { blocks } = renderRescanLimit({
      ref: REF,
      lastScanAt: new Date('2026-04-30T08:12:00Z'),
      nextPossibleAt: new Date('2026-05-01T08:12:00Z'),
    });
    const text = JSON.stringify(blocks);
    expect(text).toContain('already scanned at <!date^1777536720^{date_short_pretty} {time}|2026-04-30 08:12 UTC>');
    expect(text).toContain('possible after <!date^1777623120^{date_short_pretty} {time}|2026-05-01 08:12 UTC>');
  });

  it('puts "Rescanned by" right under the header of the updated answer', () => {
    const { blocks, text } = renderRescanFinished({ view: healthyView(), by: USER, actionValue: ACTION_VALUE });
    expect(blocks[0]?.type).toBe('header');
    expect(blocks[1]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `:white_check_mark: Rescanned by <@${USER}> — finished \`COMPLETE\` at <!date^1777367740^{date_short_pretty} {time}|2026-04-28 09:15 UTC>`,
          verbatim: true,
        },
      ],
    });
    expect(text).toBe('payments-api:1.4.2 — SCAN_OK: Scanned: 1 HIGH, 2 MEDIUM');
  });

  it('still fits when the answer was already at the limits', () => {
    const view = makeView({
      diagnoses: Array.from({ length: 60 }, () => makeDiagnosis('SCAN_FAILED', { cause: 'x'.repeat(5000) })),
    });
    expectFits(renderRescanFinished({ view, by: USER, actionValue: ACTION_VALUE }), 'message');
  });

  it.each([ATTACK, '<!channel>', 'U1>', 'u024be7lh'])('never turns %j into a mention', (by) => {
    const messages = [
      renderRescanStarted({ ref: ATTACK, by }),
      renderRescanTimedOut({ ref: ATTACK, by, waitedMinutes: 5 }),
      renderRescanFinished({ view: healthyView(), by, actionValue: ACTION_VALUE }),
      renderRescanLimit({ ref: ATTACK }),
    ];
    for (const message of messages) {
      expectFits(message, 'message');
      expect(foreignControls(message)).toEqual([]);
    }
  });
});
