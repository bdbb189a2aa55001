/**
 * Posts one digest exactly once, however often it is attempted (platform.md §7): jobs run at least once, a
 * replica can die mid-digest, and Slack can answer 429 at any call. The day's claim records every step as it
 * happens: the digest as first built, the header's `ts`, then each page posted in the thread. An attempt resumes
 * at the first step not recorded, so the header is posted once (and completed with `chat.update`), each page
 * once, in order, at about one message a second per channel (chat.postMessage's pace, platform.md §2.1).
 *
 * A crash after Slack accepted a post and before its `ts` was recorded would repeat that message on retry. So each
 * message carries `metadata` (`ecrscan_digest`, key, part), the claim records which part is being sent before
 * the call, and an attempt that finds such a mark looks for the message in the channel (or thread) first
 * (`DigestPoster.findPosted`, needing `channels:history` / `groups:history` and the bot in the channel). Only when
 * Slack cannot be asked does it post again, and says so in the log.
 */
import { taggedJson } from '../cache/tagged-json.js';
import type { Logger } from '../logger.js';
import type { DigestClaims, DigestProgress, ProgressPatch } from '../state/digest-claims.js';
import type { DigestContent } from './build-digest.js';

/** A Slack message body (`text` + Block Kit `blocks`); built by `slack/blocks`, opaque here. */
export interface DigestMessage {
  text: string;
  blocks: unknown[];
}

/** Slack answered 429: wait `retryAfterMs` (its Retry-After) before the next call. */
export class SlackRateLimitedError extends Error {
  override readonly name = 'SlackRateLimitedError';
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super(`Slack rate limited the call; retry after ${retryAfterMs} ms`);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The two Web API calls a digest makes; rejects with `SlackRateLimitedError` on a 429, never waits itself. */
export interface DigestPoster {
  post(message: DigestMessage & { channel: string; threadTs?: string; metadata?: DigestMetadata }): Promise<{
    ts: string;
  }>;
  update(message: DigestMessage & { channel: string; ts: string }): Promise<void>;
  /**
   * The `ts` of the message carrying this digest key and part posted since `since` (in the thread `threadTs` for
   * pages); `checked: false` when Slack could not be asked (no history scope, bot not in the channel).
   */
  findPosted?(query: {
    channel: string;
    threadTs?: string;
    digest: string;
    part: number;
    since: Date;
  }): Promise<{ checked: boolean; ts?: string }>;
}

export interface DigestMetadata {
  event_type: 'ecrscan_digest';
  event_payload: { digest: string; part: number };
}

export interface RenderedDigest {
  header(complete: boolean): DigestMessage;
  pages: DigestMessage[];
}

export interface PostDigestDeps {
  claims: DigestClaims;
  poster: DigestPoster;
  log: Logger;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Who this attempt is (unique per process and attempt). */
  holder: string;
  leaseMs: number;
  /** Wait before each page (default pace: 1000). */
  pageIntervalMs: number;
  /** The digest to post; undefined = nothing to say today. Called once per day, not once per attempt. */
  build(): Promise<DigestContent | undefined>;
  render(content: DigestContent): RenderedDigest;
}

export type PostDigestOutcome =
  | { kind: 'posted'; headerTs: string; pages: number; resumed: boolean }
  | { kind: 'nothing-to-say' }
  | { kind: 'already-posted'; headerTs?: string }
  /** Another attempt holds the day's lease (it is posting, or it died and the lease runs out). */
  | { kind: 'busy'; retryAfterMs: number }
  /** Slack said 429; progress is recorded, so an attempt after `retryAfterMs` resumes. */
  | { kind: 'rate-limited'; retryAfterMs: number };

class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export async function postDigest(
  deps: PostDigestDeps,
  req: { key: string; channel: string },
): Promise<PostDigestOutcome> {
  const attempt = await deps.claims.acquire(req.key, deps.holder, deps.leaseMs);
  if (attempt.kind === 'done') {
    return { kind: 'already-posted', ...(attempt.progress.headerTs ? { headerTs: attempt.progress.headerTs } : {}) };
  }
  if (attempt.kind === 'busy') return attempt;
  const log = deps.log.child({ digest: req.key });
  let lost = false;
  const write = async (patch: ProgressPatch) => {
    if (lost || !(await deps.claims.update(req.key, deps.holder, patch, deps.leaseMs))) {
      lost = true;
      throw new LeaseLostError(`lost the lease on ${req.key}`);
    }
  };
  // Keeps the lease while building the report, which can take minutes on a large registry.
  let finished = false;
  const heartbeat = setInterval(
    () => {
      if (finished) return;
      write({}).catch((err) => {
        if (!finished) log.warn({ err }, 'could not renew the digest lease');
      });
    },
    Math.max(50, Math.floor(deps.leaseMs / 3)),
  );
  heartbeat.unref();
  try {
    return await resume(deps, req, attempt.progress, write, log);
  } catch (err) {
    if (err instanceof SlackRateLimitedError) {
      log.info({ retryAfterMs: err.retryAfterMs }, 'Slack rate limited the digest; it resumes after Retry-After');
      return { kind: 'rate-limited', retryAfterMs: err.retryAfterMs };
    }
    if (err instanceof LeaseLostError) {
      log.warn('another attempt took this digest over; stopping here');
      return { kind: 'busy', retryAfterMs: deps.leaseMs };
    }
    throw err;
  } finally {
    finished = true;
    clearInterval(heartbeat);
    if (!lost) await deps.claims.release(req.key, deps.holder).catch((err) => log.warn({ err }, 'lease release'));
  }
}

async function resume(
  deps: PostDigestDeps,
  req: { key: string; channel: string },
  progress: DigestProgress,
  write: (patch: ProgressPatch) => Promise<void>,
  log: Logger,
): Promise<PostDigestOutcome> {
  let content = progress.content ? (taggedJson.parse(progress.content) as DigestContent) : undefined;
  if (!content) {
    content = await deps.build();
    if (!content) {
      await write({ state: 'done', outcome: 'nothing-to-say', doneAt: deps.now().toISOString() });
      return { kind: 'nothing-to-say' };
    }
    await write({ content: taggedJson.stringify(content) });
  }
  const rendered = deps.render(content);
  const { pages } = rendered;
  const resumed = progress.headerTs !== undefined;
  const metadata = (part: number): DigestMetadata => ({
    event_type: 'ecrscan_digest',
    event_payload: { digest: req.key, part },
  });
  // Only the first message this attempt sends can be one an interrupted attempt already posted.
  let interrupted = progress.sendingPart !== undefined && progress.sendingSince !== undefined;
  const send = async (part: number, message: DigestMessage, threadTs?: string): Promise<string> => {
    if (interrupted && progress.sendingPart === part) {
      const since = new Date(progress.sendingSince as string);
      const found = await findPosted(deps, log, { channel: req.channel, digest: req.key, part, since, threadTs });
      if (found) return found;
    }
    interrupted = false;
    await write({ sendingPart: part, sendingSince: deps.now().toISOString() });
    return (await deps.poster.post({ ...message, channel: req.channel, metadata: metadata(part), threadTs })).ts;
  };
  let headerTs = progress.headerTs;
  if (headerTs === undefined) {
    headerTs = await send(0, rendered.header(pages.length === 0));
    await write({ headerTs, pageCount: pages.length, state: 'posting' });
  }
  for (let i = progress.pagesPosted; i < pages.length; i++) {
    await deps.sleep(deps.pageIntervalMs);
    await write({});
    await send(i + 1, pages[i] as DigestMessage, headerTs);
    await write({ pagesPosted: i + 1 });
  }
  if (pages.length > 0 || resumed)
    await deps.poster.update({ ...rendered.header(true), channel: req.channel, ts: headerTs });
  await write({ state: 'done', outcome: 'posted', doneAt: deps.now().toISOString() });
  if (resumed) log.info({ pages: pages.length, from: progress.pagesPosted }, 'resumed a digest after an interruption');
  return { kind: 'posted', headerTs, pages: pages.length, resumed };
}

/** The interrupted attempt's message if Slack has it; undefined to post (not found, or Slack cannot be asked). */
async function findPosted(
  deps: PostDigestDeps,
  log: Logger,
  query: { channel: string; threadTs?: string; digest: string; part: number; since: Date },
): Promise<string | undefined> {
  const { part } = query;
  if (!deps.poster.findPosted) {
    log.warn({ part }, 'an interrupted attempt may have posted this digest message already; posting it again');
    return undefined;
  }
  const found = await deps.poster.findPosted(query);
  if (found.ts) {
    log.info({ part, ts: found.ts }, 'found the message an interrupted attempt had posted; not posting it again');
    return found.ts;
  }
  if (!found.checked) {
    log.warn(
      { part },
      'could not check whether an interrupted attempt posted this digest message (the bot needs channels:history or groups:history and to be in the channel); posting it, so it may appear twice',
    );
  }
  return undefined;
}
