/**
 * Digest claims: what makes "one digest per channel per day" hold when jobs run at least once (platform.md §7).
 * The claim key `digest:{team}:{channel}:{subscription}:{yyyy-mm-dd in the subscription's zone}` is created
 * `pending`, then records the digest as first built, the posted header's `ts` and how many pages are in the
 * thread, after each page; a retry (a stalled job, a crash, a 429) resumes from there and never posts a page
 * or the header twice. A lease (holder + expiry, renewed with each write) keeps two runs of the same day from
 * posting side by side; a crashed run's lease simply expires.
 *
 * Two implementations honour one contract (test/state/digest-claims-contract.ts): the in-memory twin below and
 * `createRedisDigestClaims` (digest-redis-claims.ts).
 */

export interface DigestProgress {
  state: 'pending' | 'posting' | 'done';
  headerTs?: string;
  pagesPosted: number;
  pageCount?: number;
  /** The digest as first built (tagged JSON), so a retry posts exactly the pages the first run planned. */
  content?: string;
  outcome?: 'posted' | 'nothing-to-say';
  doneAt?: string;
  /**
   * The message an attempt was about to post (0 = header, n = page n) and when: if that attempt died before
   * recording the result, the next one looks for the message in Slack before posting it again.
   */
  sendingPart?: number;
  sendingSince?: string;
}

export type ClaimAttempt =
  | { kind: 'acquired'; progress: DigestProgress }
  | { kind: 'done'; progress: DigestProgress }
  | { kind: 'busy'; retryAfterMs: number };

export type ProgressPatch = Partial<Omit<DigestProgress, 'pagesPosted'>> & { pagesPosted?: number };

export interface DigestClaims {
  /** Creates the claim (`pending`) or takes over one whose lease is free; `done` and `busy` say why not. */
  acquire(key: string, holder: string, leaseMs: number): Promise<ClaimAttempt>;
  /** Writes progress and renews the lease; false when the lease is not `holder`'s any more. */
  update(key: string, holder: string, patch: ProgressPatch, leaseMs: number): Promise<boolean>;
  /** Gives the lease up (the claim and its progress stay) so a retry can resume at once. */
  release(key: string, holder: string): Promise<void>;
  get(key: string): Promise<DigestProgress | undefined>;
  recordPosted(subscriptionId: string, at: Date): Promise<void>;
  lastPosted(subscriptionId: string): Promise<Date | undefined>;
}

/** Claims outlive their day by a day (platform.md §7: `SET NX EX 172800`). */
export const DIGEST_CLAIM_TTL_MS = 2 * 86_400_000;

export function digestClaimKey(sub: { teamId: string; channelId: string; id: string }, day: string): string {
  return `digest:${sub.teamId}:${sub.channelId}:${sub.id}:${day}`;
}

interface Entry {
  progress: DigestProgress;
  expiresAt: number;
  holder?: string;
  leaseUntil: number;
}

/** One process's claims (no REDIS_URL, or a preview that must not count as the day's digest). */
export function createMemoryDigestClaims(opts: { clock?: { now(): number } } = {}): DigestClaims {
  const clock = opts.clock ?? Date;
  const entries = new Map<string, Entry>();
  const posted = new Map<string, Date>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= clock.now()) entries.delete(key);
    return entries.get(key);
  };
  const copy = (p: DigestProgress): DigestProgress => ({ ...p });

  return {
    async acquire(key, holder, leaseMs) {
      const now = clock.now();
      const entry = live(key) ?? {
        progress: { state: 'pending', pagesPosted: 0 },
        expiresAt: now + DIGEST_CLAIM_TTL_MS,
        leaseUntil: 0,
      };
      entries.set(key, entry);
      if (entry.progress.state === 'done') return { kind: 'done', progress: copy(entry.progress) };
      if (entry.holder !== undefined && entry.holder !== holder && entry.leaseUntil > now) {
        return { kind: 'busy', retryAfterMs: entry.leaseUntil - now };
      }
      entry.holder = holder;
      entry.leaseUntil = now + leaseMs;
      return { kind: 'acquired', progress: copy(entry.progress) };
    },
    async update(key, holder, patch, leaseMs) {
      const entry = live(key);
      const now = clock.now();
      if (!entry || entry.holder !== holder || entry.leaseUntil <= now) return false;
      Object.assign(entry.progress, patch);
      entry.leaseUntil = now + leaseMs;
      return true;
    },
    async release(key, holder) {
      const entry = live(key);
      if (entry?.holder === holder) {
        entry.holder = undefined;
        entry.leaseUntil = 0;
      }
    },
    async get(key) {
      const entry = live(key);
      return entry && copy(entry.progress);
    },
    async recordPosted(subscriptionId, at) {
      posted.set(subscriptionId, new Date(at));
    },
    async lastPosted(subscriptionId) {
      const at = posted.get(subscriptionId);
      return at && new Date(at);
    },
  };
}
