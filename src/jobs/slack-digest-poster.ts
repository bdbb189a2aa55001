/**
 * The digest's own Slack client (platform.md §2.2): a WebClient separate from Bolt's, with
 * `rejectRateLimitedCalls`, so a 429 during a digest throws at once instead of pausing the whole client for up
 * to Retry-After (which would also stall every interactive reply sharing it). The 429 becomes a
 * `SlackRateLimitedError`, and the queue owns the backoff; network errors get a few quick retries.
 */
import { ErrorCode, type Logger as SlackLogger, WebClient } from '@slack/web-api';
import { type DigestPoster, SlackRateLimitedError } from '../usecases/post-digest.js';

export interface DigestWebClientOptions {
  token: string;
  /** SLACK_API_URL (tests: the fake Slack). */
  slackApiUrl?: string;
  logger?: SlackLogger;
}

export function createDigestWebClient(opts: DigestWebClientOptions): WebClient {
  return new WebClient(opts.token, {
    ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3_000 },
    timeout: 30_000,
  });
}

/** The part of WebClient a digest uses. */
export type DigestChatClient = Pick<WebClient, 'chat'>;

export function createSlackDigestPoster(client: DigestChatClient): DigestPoster {
  return {
    async post({ channel, text, blocks, threadTs, metadata }) {
      const answer = await call(() =>
        client.chat.postMessage({
          channel,
          text,
          blocks: blocks as never,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(metadata ? { metadata } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!answer.ts) throw new Error('chat.postMessage answered without a message ts');
      return { ts: answer.ts };
    },
    async update({ channel, ts, text, blocks }) {
      await call(() => client.chat.update({ channel, ts, text, blocks: blocks as never }));
    },
  };
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; retryAfter?: number };
    if (e?.code === ErrorCode.RateLimitedError) {
      throw new SlackRateLimitedError(Math.max(1, e.retryAfter ?? 1) * 1000);
    }
    throw err;
  }
}
