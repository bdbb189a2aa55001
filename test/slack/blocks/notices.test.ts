import { describe, expect, it } from 'vitest';
import {
  renderInternalError,
  renderLooking,
  renderNotAllowed,
  renderRateLimited,
  renderUserError,
} from '../../../src/slack/blocks/notices.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

describe('notices golden files', () => {
  it.each([
    ['notice-looking', () => renderLooking('payments-api:1.4.2')],
    [
      'notice-user-error',
      () =>
        renderUserError({
          code: 'REPOSITORY_NOT_FOUND',
          message: 'No repository payments-apii in account 123456789012, Region eu-west-1.',
          hints: ['Did you mean payments-api?', 'Give a full URI for another account or Region.'],
        }),
    ],
    ['notice-internal-error', () => renderInternalError('9f2c61aa')],
    ['notice-rate-limited', () => renderRateLimited(12)],
    [
      'notice-not-allowed',
      () =>
        renderNotAllowed({
          action: 'start a rescan',
          how: 'Rescans are limited to the user groups in ECRSCAN_RESCAN_ALLOWED_USERGROUPS and the users in ECRSCAN_RESCAN_ALLOWED_USERS.',
        }),
    ],
  ] as const)('%s', async (name, render) => {
    const message = render();
    expectFits(message, 'message');
    await golden(name, message);
  });
});

describe('notices', () => {
  it('says "Looking at" with the reference in code', () => {
    expect(renderLooking('payments-api:1.4.2')).toEqual({
      blocks: [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: ':mag: Looking at `payments-api:1.4.2`…', verbatim: true }],
        },
      ],
      text: 'Looking at payments-api:1.4.2…',
    });
  });

  it.each([
    [0, 'in 1 second'],
    [1, 'in 1 second'],
    [12.2, 'in 13 seconds'],
    [89, 'in 89 seconds'],
    [600, 'in about 10 minutes'],
    [Number.NaN, 'in 60 seconds'],
  ])('rate limited for %s s → "%s"', (seconds, expected) => {
    expect(renderRateLimited(seconds).text).toBe(`Too many requests right now. Try again ${expected}.`);
  });

  it.each([
    ['looking', () => renderLooking(ATTACK)],
    ['user error', () => renderUserError({ code: ATTACK, message: ATTACK, hints: [ATTACK, ATTACK] })],
    ['internal error', () => renderInternalError(ATTACK)],
    ['not allowed', () => renderNotAllowed({ action: ATTACK, how: ATTACK })],
  ])('%s keeps injected text inert', (_, render) => {
    const message = render();
    expectFits(message, 'message');
    expect(foreignControls(message)).toEqual([]);
  });
});
