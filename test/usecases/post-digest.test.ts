/**
 * Posting one digest exactly once: the day's claim records each step, so a retry after a crash or a 429 resumes
 * where the last attempt stopped. A recording poster stands in for Slack; waits are recorded, not slept.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryDigestClaims, type DigestClaims } from '../../src/state/digest-claims.js';
import { buildDigest, type DigestContent } from '../../src/usecases/build-digest.js';
import {
  type DigestMessage,
  type DigestPoster,
  type PostDigestDeps,
  postDigest,
  SlackRateLimitedError,
} from '../../src/usecases/post-digest.js';
import { expiringImage, reportOf, subscription } from '../jobs/support/digest-fixtures.js';
import { captureLog } from '../support/log-capture.js';

const KEY = 'digest:T0ECRSCAN:C0PLATFORM:sub-1:2026-05-01';
const CHANNEL = 'C0PLATFORM';

interface Call {
  kind: 'post' | 'update';
  text: string;
  threadTs?: string;
  ts?: string;
}

/**
 * Slack as a list of calls; `fail(n, error)` makes the n-th post (1-based, counted over the poster's life) throw
 * before Slack has it, `dieAfter(n)` after Slack has accepted it (the replica dies before recording the ts).
 * `findPosted` reads the posts' metadata, as conversations.history would; `history: false` makes it unreadable.
 */
function recordingPoster(opts: { history?: boolean } = {}) {
  const calls: Call[] = [];
  const tagged: { ts: string; threadTs?: string; digest: string; part: number }[] = [];
  const lookups: { part: number; threadTs?: string }[] = [];
  const failures = new Map<number, Error>();
  const dying = new Set<number>();
  let posts = 0;
  const poster: DigestPoster = {
    async post({ text, threadTs, metadata }) {
      posts += 1;
      const failure = failures.get(posts);
      if (failure) throw failure;
      const ts = `1777618800.${String(posts).padStart(6, '0')}`;
      calls.push({ kind: 'post', text, ts, ...(threadTs ? { threadTs } : {}) });
      if (metadata) tagged.push({ ts, threadTs, ...metadata.event_payload });
      if (dying.has(posts)) throw new Error('replica killed after Slack accepted the post');
      return { ts };
    },
    async update({ text, ts }) {
      calls.push({ kind: 'update', text, ts });
    },
    async findPosted({ threadTs, digest, part }) {
      lookups.push({ part, ...(threadTs ? { threadTs } : {}) });
      if (opts.history === false) return { checked: false };
      const found = tagged.find((t) => t.threadTs === threadTs && t.digest === digest && t.part === part);
      return { checked: true, ...(found ? { ts: found.ts } : {}) };
    },
  };
  return {
    poster,
    calls,
    lookups,
    fail: (n: number, error: Error) => failures.set(n, error),
    dieAfter: (n: number) => dying.add(n),
  };
}

function content(pages: number): DigestContent {
  const images = Array.from({ length: pages }, (_, i) => expiringImage({ repositoryName: `repo-${i}`, seed: `i${i}` }));
  return buildDigest({ report: reportOf(images), subscription: subscription(), snoozed: new Set(), day: '2026-05-01' });
}

/** One page per repository, text = repository name: easy to read in assertions. */
function render(c: DigestContent) {
  const pages: DigestMessage[] = c.repositories.map((r) => ({ text: `page ${r.repositoryName}`, blocks: [] }));
  return {
    header: (complete: boolean) => ({ text: complete ? 'header complete' : 'header posting', blocks: [] }),
    pages,
  };
}

function deps(over: Partial<PostDigestDeps> & { claims: DigestClaims; poster: DigestPoster }) {
  const slept: number[] = [];
  let builds = 0;
  const d: PostDigestDeps = {
    log: captureLog().log,
    now: () => new Date('2026-05-01T07:00:00Z'),
    sleep: async (ms) => {
      slept.push(ms);
    },
    holder: 'h1',
    leaseMs: 10_000,
    pageIntervalMs: 1_000,
    build: async () => {
      builds += 1;
      return content(3);
    },
    render,
    ...over,
  };
  return { d, slept, builds: () => builds };
}

const req = { key: KEY, channel: CHANNEL };

describe('postDigest', () => {
  it('posts the header, then each page in its thread a second apart, then completes the header in place', async () => {
    const slack = recordingPoster();
    const claims = createMemoryDigestClaims();
    const { d, slept } = deps({ claims, poster: slack.poster });
    expect(await postDigest(d, req)).toEqual({
      kind: 'posted',
      headerTs: '1777618800.000001',
      pages: 3,
      resumed: false,
    });
    expect(slack.calls).toEqual([
      { kind: 'post', text: 'header posting', ts: '1777618800.000001' },
      { kind: 'post', text: 'page repo-0', ts: '1777618800.000002', threadTs: '1777618800.000001' },
      { kind: 'post', text: 'page repo-1', ts: '1777618800.000003', threadTs: '1777618800.000001' },
      { kind: 'post', text: 'page repo-2', ts: '1777618800.000004', threadTs: '1777618800.000001' },
      { kind: 'update', text: 'header complete', ts: '1777618800.000001' },
    ]);
    expect(slept).toEqual([1_000, 1_000, 1_000]);
    expect(await claims.get(KEY)).toMatchObject({ state: 'done', outcome: 'posted', pagesPosted: 3, pageCount: 3 });
  });

  it('does nothing on the same day again, from any holder', async () => {
    const slack = recordingPoster();
    const claims = createMemoryDigestClaims();
    await postDigest(deps({ claims, poster: slack.poster }).d, req);
    const again = deps({ claims, poster: slack.poster, holder: 'h2' });
    expect(await postDigest(again.d, req)).toEqual({ kind: 'already-posted', headerTs: '1777618800.000001' });
    expect(slack.calls).toHaveLength(5);
    expect(again.builds()).toBe(0);
  });

  it('with nothing to say posts nothing, and does not build again that day', async () => {
    const slack = recordingPoster();
    const claims = createMemoryDigestClaims();
    const first = deps({ claims, poster: slack.poster, build: async () => undefined });
    expect(await postDigest(first.d, req)).toEqual({ kind: 'nothing-to-say' });
    const second = deps({ claims, poster: slack.poster });
    expect(await postDigest(second.d, req)).toEqual({ kind: 'already-posted' });
    expect(slack.calls).toEqual([]);
    expect(second.builds()).toBe(0);
  });

  it('an attempt that dies after the header and one page is resumed: header updated, never re-posted, each page once', async () => {
    const slack = recordingPoster();
    slack.fail(3, new Error('replica killed'));
    const claims = createMemoryDigestClaims();
    const first = deps({ claims, poster: slack.poster });
    await expect(postDigest(first.d, req)).rejects.toThrow('replica killed');
    expect(await claims.get(KEY)).toMatchObject({ state: 'posting', headerTs: '1777618800.000001', pagesPosted: 1 });

    // The retry builds nothing: it posts the pages the first attempt planned, even if the registry changed since.
    const retry = deps({ claims, poster: slack.poster, holder: 'h2', build: async () => content(5) });
    expect(await postDigest(retry.d, req)).toEqual({
      kind: 'posted',
      headerTs: '1777618800.000001',
      pages: 3,
      resumed: true,
    });
    expect(retry.builds()).toBe(0);
    const headers = slack.calls.filter((c) => c.threadTs === undefined);
    expect(headers.filter((c) => c.kind === 'post')).toHaveLength(1);
    expect(headers.filter((c) => c.kind === 'update')).toEqual([
      { kind: 'update', text: 'header complete', ts: '1777618800.000001' },
    ]);
    expect(slack.calls.filter((c) => c.threadTs).map((c) => c.text)).toEqual([
      'page repo-0',
      'page repo-1',
      'page repo-2',
    ]);
  });

  it('a 429 returns Retry-After with the progress kept; the next attempt resumes at the page that was refused', async () => {
    const slack = recordingPoster();
    slack.fail(3, new SlackRateLimitedError(2_000));
    const claims = createMemoryDigestClaims();
    expect(await postDigest(deps({ claims, poster: slack.poster }).d, req)).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 2_000,
    });
    // The lease was given back: the retry need not wait for it to run out.
    expect(await postDigest(deps({ claims, poster: slack.poster, holder: 'h2' }).d, req)).toMatchObject({
      kind: 'posted',
      resumed: true,
    });
    expect(slack.calls.filter((c) => c.threadTs).map((c) => c.text)).toEqual([
      'page repo-0',
      'page repo-1',
      'page repo-2',
    ]);
  });

  it('a 429 on the final header update is resumed with only that update', async () => {
    const slack = recordingPoster();
    const claims = createMemoryDigestClaims();
    const failingUpdate: DigestPoster = {
      post: slack.poster.post,
      update: async () => {
        throw new SlackRateLimitedError(1_000);
      },
    };
    expect((await postDigest(deps({ claims, poster: failingUpdate }).d, req)).kind).toBe('rate-limited');
    const before = slack.calls.length;
    expect((await postDigest(deps({ claims, poster: slack.poster, holder: 'h2' }).d, req)).kind).toBe('posted');
    expect(slack.calls.slice(before)).toEqual([{ kind: 'update', text: 'header complete', ts: '1777618800.000001' }]);
  });

  it('while one attempt posts, another is told to come back when the lease runs out', async () => {
    const slack = recordingPoster();
    const claims = createMemoryDigestClaims();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = deps({ claims, poster: slack.poster, sleep: () => gate });
    const running = postDigest(slow.d, req);
    await new Promise((r) => setTimeout(r, 10));
    const other = await postDigest(deps({ claims, poster: slack.poster, holder: 'h2' }).d, req);
    expect(other.kind).toBe('busy');
    release();
    expect((await running).kind).toBe('posted');
    expect(slack.calls.filter((c) => c.kind === 'post')).toHaveLength(4);
  });

  it('a single message (all clear) is posted once and not updated', async () => {
    const slack = recordingPoster();
    const claims = createMemoryDigestClaims();
    const { d } = deps({
      claims,
      poster: slack.poster,
      render: () => ({ header: () => ({ text: 'all clear', blocks: [] }), pages: [] }),
    });
    expect(await postDigest(d, req)).toMatchObject({ kind: 'posted', pages: 0 });
    expect(slack.calls).toEqual([{ kind: 'post', text: 'all clear', ts: '1777618800.000001' }]);
  });

  describe('a replica that dies after Slack accepted a message and before recording it', () => {
    it('page: the retry finds the page in the thread by its metadata and does not post it again', async () => {
      const slack = recordingPoster();
      slack.dieAfter(3);
      const claims = createMemoryDigestClaims();
      await expect(postDigest(deps({ claims, poster: slack.poster }).d, req)).rejects.toThrow('replica killed');
      expect(await claims.get(KEY)).toMatchObject({ pagesPosted: 1, sendingPart: 2 });
      const retry = await postDigest(deps({ claims, poster: slack.poster, holder: 'h2' }).d, req);
      expect(retry).toMatchObject({ kind: 'posted', pages: 3, resumed: true });
      expect(slack.calls.filter((c) => c.threadTs).map((c) => c.text)).toEqual([
        'page repo-0',
        'page repo-1',
        'page repo-2',
      ]);
      // One look-up, for the part that was in flight, in the header's thread.
      expect(slack.lookups).toEqual([{ part: 2, threadTs: '1777618800.000001' }]);
    });

    it('header: the retry finds it in the channel and threads the pages under it', async () => {
      const slack = recordingPoster();
      slack.dieAfter(1);
      const claims = createMemoryDigestClaims();
      await expect(postDigest(deps({ claims, poster: slack.poster }).d, req)).rejects.toThrow('replica killed');
      const retry = await postDigest(deps({ claims, poster: slack.poster, holder: 'h2' }).d, req);
      expect(retry).toMatchObject({ kind: 'posted', headerTs: '1777618800.000001', pages: 3 });
      expect(slack.calls.filter((c) => c.kind === 'post' && !c.threadTs)).toHaveLength(1);
      expect(slack.calls.filter((c) => c.threadTs).every((c) => c.threadTs === '1777618800.000001')).toBe(true);
      expect(slack.lookups).toEqual([{ part: 0 }]);
    });

    it('died before Slack had it: the look-up finds nothing and the page is posted once', async () => {
      const slack = recordingPoster();
      slack.fail(3, new Error('replica killed before the post'));
      const claims = createMemoryDigestClaims();
      await expect(postDigest(deps({ claims, poster: slack.poster }).d, req)).rejects.toThrow('replica killed');
      await postDigest(deps({ claims, poster: slack.poster, holder: 'h2' }).d, req);
      expect(slack.calls.filter((c) => c.threadTs).map((c) => c.text)).toEqual([
        'page repo-0',
        'page repo-1',
        'page repo-2',
      ]);
      expect(slack.lookups).toEqual([{ part: 2, threadTs: '1777618800.000001' }]);
    });

    it('when Slack cannot be asked (no history scope), posts again and says it may appear twice', async () => {
      const slack = recordingPoster({ history: false });
      slack.dieAfter(3);
      const claims = createMemoryDigestClaims();
      await expect(postDigest(deps({ claims, poster: slack.poster }).d, req)).rejects.toThrow('replica killed');
      const log = captureLog();
      await postDigest(deps({ claims, poster: slack.poster, holder: 'h2', log: log.log }).d, req);
      expect(slack.calls.filter((c) => c.text === 'page repo-1')).toHaveLength(2);
      expect(log.lines.some((l) => String(l.msg).includes('may appear twice'))).toBe(true);
    });
  });
});
