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
export type DigestChatClient = Pick<WebClient, 'chat' | 'conversations'>;

/** How far before the recorded intent to look: the clocks of the replica and Slack differ a little. */
const LOOK_BACK_S = 60;

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
    async findPosted({ channel, threadTs, digest, part, since }) {
      const window = {
        channel,
        oldest: String(Math.floor(since.getTime() / 1000) - LOOK_BACK_S),
        inclusive: true,
        include_all_metadata: true,
        limit: 200,
      };
      try {
        const answer = await call(() =>
          threadTs ? client.conversations.replies({ ...window, ts: threadTs }) : client.conversations.history(window),
        );
        const match = (answer.messages ?? []).find((m) => {
          const metadata = m.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
          return (
            metadata?.event_type === 'ecrscan_digest' &&
            metadata.event_payload?.digest === digest &&
            Number(metadata.event_payload?.part) === part
          );
        });
        return { checked: true, ...(match?.ts ? { ts: match.ts } : {}) };
      } catch (err) {
        // A 429 waits like any other; a missing scope or channel membership means "cannot tell".
        if (err instanceof SlackRateLimitedError) throw err;
        return { checked: false };
      }
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
