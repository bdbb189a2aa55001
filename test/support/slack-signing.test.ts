import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signSlackRequest } from './slack-signing.js';

const secret = 'test-signing-secret';
const body = 'command=%2Fecrscan&text=why+payments-api%3A1.4.2';
const now = 1_760_000_000;

function verify(
  headers: ReturnType<typeof signSlackRequest>,
  options: { secret?: string; body?: string; nowSeconds?: number } = {},
) {
  return {
    signingSecret: options.secret ?? secret,
    body: options.body ?? body,
    headers: {
      'x-slack-signature': headers['X-Slack-Signature'],
      'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']),
    },
    nowMilliseconds: (options.nowSeconds ?? now) * 1000,
  };
}

describe('signSlackRequest', () => {
  it("reproduces the worked example in Slack's request-verification docs", () => {
    const slackDocsBody =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', slackDocsBody, 1531420618)).toEqual({
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  it("is accepted by Bolt's verifySlackRequest", () => {
    expect(() => verifySlackRequest(verify(signSlackRequest(secret, body, now)))).not.toThrow();
  });

  it.each([
    ['another secret', { secret: 'other-secret' }, /signature mismatch/],
    ['a changed body', { body: `${body}&x=1` }, /signature mismatch/],
    ['a timestamp over 5 minutes old', { nowSeconds: now + 301 }, /stale/],
  ])('is rejected by Bolt with %s', (_, options, message) => {
    const request = verify(signSlackRequest(secret, body, now), options);
    expect(() => verifySlackRequest(request)).toThrow(message);
    expect(isValidSlackRequest(request)).toBe(false);
  });

  it('defaults the timestamp to now', () => {
    const headers = signSlackRequest(secret, body);
    const request = { ...verify(headers), nowMilliseconds: Date.now() };
    expect(isValidSlackRequest(request)).toBe(true);
  });
});
