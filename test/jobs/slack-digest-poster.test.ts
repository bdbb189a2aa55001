/**
 * The digest's Slack poster against the fake Slack over HTTP, through the real WebClient: posts carry metadata,
 * `findPosted` finds a header in the channel and a page in its thread by that metadata, and says when it cannot
 * look (no history scope, bot not in the channel). A 429 stays a 429.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDigestWebClient, createSlackDigestPoster } from '../../src/jobs/slack-digest-poster.js';
import { type DigestMetadata, SlackRateLimitedError } from '../../src/usecases/post-digest.js';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../support/fake-slack.js';

const CHANNEL = 'C0DIGESTS';
const KEY = 'digest:T0:C0DIGESTS:sub-1:2026-05-01';
let slack: FakeSlack | undefined;

afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function poster(options: FakeSlackOptions = {}) {
  slack = await startFakeSlack(options);
  return createSlackDigestPoster(createDigestWebClient({ token: 'xoxb-test', slackApiUrl: slack.slackApiUrl }));
}

const tag = (part: number): DigestMetadata => ({ event_type: 'ecrscan_digest', event_payload: { digest: KEY, part } });
const message = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

describe('createSlackDigestPoster.findPosted', () => {
  it('finds the header in the channel and a page in its thread by their metadata, and nothing else', async () => {
    const p = await poster();
    const since = new Date();
    const other = await p.post({
      ...message('another digest'),
      channel: CHANNEL,
      metadata: { ...tag(0), event_payload: { digest: 'x', part: 0 } },
    });
    const header = await p.post({ ...message('header'), channel: CHANNEL, metadata: tag(0) });
    const page = await p.post({ ...message('page 1'), channel: CHANNEL, threadTs: header.ts, metadata: tag(1) });
    expect(other.ts).not.toBe(header.ts);

    await expect(p.findPosted?.({ channel: CHANNEL, digest: KEY, part: 0, since })).resolves.toEqual({
      checked: true,
      ts: header.ts,
    });
    await expect(
      p.findPosted?.({ channel: CHANNEL, threadTs: header.ts, digest: KEY, part: 1, since }),
    ).resolves.toEqual({ checked: true, ts: page.ts });
    // Page 2 was never posted; the header is not a page.
    await expect(
      p.findPosted?.({ channel: CHANNEL, threadTs: header.ts, digest: KEY, part: 2, since }),
    ).resolves.toEqual({ checked: true });
    const asked = slack?.calls.filter((c) => c.method.startsWith('conversations.')) ?? [];
    expect(asked.map((c) => c.method)).toEqual([
      'conversations.history',
      'conversations.replies',
      'conversations.replies',
    ]);
    expect(asked.every((c) => String(c.body.include_all_metadata) === 'true')).toBe(true);
  });

  it('cannot look without the history scope, or outside the channel: checked false', async () => {
    const noScope = await poster({ historyScope: false });
    await expect(noScope.findPosted?.({ channel: CHANNEL, digest: KEY, part: 0, since: new Date() })).resolves.toEqual({
      checked: false,
    });
    await slack?.close();
    const outside = await poster({ channels: { [CHANNEL]: { isMember: false } } });
    await expect(outside.findPosted?.({ channel: CHANNEL, digest: KEY, part: 0, since: new Date() })).resolves.toEqual({
      checked: false,
    });
  });

  it('a 429 on the look-up is a SlackRateLimitedError, to be waited out like a post', async () => {
    const p = await poster();
    slack?.rateLimit({ method: 'conversations.history', retryAfterSeconds: 2 });
    await expect(p.findPosted?.({ channel: CHANNEL, digest: KEY, part: 0, since: new Date() })).rejects.toEqual(
      new SlackRateLimitedError(2_000),
    );
  });
});
