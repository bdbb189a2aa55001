/**
 * Digests with two replicas of the real app on one Redis prefix (support/replica-pair.ts: replica "a" in a child
 * process, "b" in the test process), channels subscribed with the real signed `/ecrscan digest subscribe` and
 * schedules firing every second on both, so each subscription sees many runs of the same day. Two drills on one
 * pair (starting the child process is the slow part), in this order:
 *
 * - `twoReplicasDigestDrill`: nobody killed; many runs later each subscription has produced one digest.
 * - `digestReplicaKillDrill`: replica "a" is SIGKILLed while posting a multi-page digest, after the header and at
 *   least one page, while it waits to post the next one. Replica "b" must finish that digest from where it
 *   stopped (its log says it resumed), and every channel must end with one header, updated to complete, and
 *   every page once, in order.
 *
 * Each replica runs one digest at a time. So with two or more channels subscribed together, "a" is always
 * posting one of them (the other replica is busy with another), and "between two pages" holds for all "a" does.
 * The kill lands between two pages on purpose: a crash after Slack accepted a post and before its `ts` was
 * recorded repeats that one message (the window post-digest.ts documents), a known limit and not this drill's.
 */
import { type DrillSummary, printDrill } from '../support/drill-log.js';
import type { ReplicaPair } from '../support/replica-pair.js';

export { type ReplicaPair, startReplicaPair } from '../support/replica-pair.js';

const RESUMED = 'resumed a digest after an interruption';

export interface ReplicaDrillOptions {
  /** Channels this drill subscribes (new ones: each drill on a pair uses its own). */
  channels: string[];
  /** Runs per subscription to wait for once every digest is complete (each must find the day done). */
  extraRuns?: number;
  timeoutMs?: number;
}

export interface ReplicaDrillResult extends DrillSummary {
  /** Channel → what is wrong with its digest ("2 headers", "page 3 of 4 missing", …); empty when all is well. */
  differences: Record<string, string[]>;
  /** Pages of each channel's digest, as its claim in Redis recorded them when the header went out. */
  pageCounts: Record<string, number>;
  /** Digest runs of these channels that ended in "posted" (one per subscription when nothing is duplicated). */
  postedRuns: number;
  /** Digest runs of these channels that ended in "already-posted": the day was done when they came. */
  alreadyPostedRuns: number;
  failedRuns: number;
  /** Error-level lines in the logs of the replicas still alive. */
  errorLogs: string[];
  /** Replica name → chat.postMessage calls it made in these channels. */
  postsBy: Record<string, number>;
}

export interface KillDrillOptions extends ReplicaDrillOptions {
  /** Kill once at least this many pages of the digest are posted (default 1). */
  killAfterPages?: number;
}

export interface KillResult extends ReplicaDrillResult {
  killed: { replica: string; channel: string; pagesPosted: number; pageCount: number };
  /** The survivor's "resumed a digest after an interruption" lines, with the page it resumed from. */
  resumed: { digest: string; from: number }[];
}

/** Both replicas alive, schedules firing every second on both: each subscription must yield one digest. */
export async function twoReplicasDigestDrill(
  pair: ReplicaPair,
  opts: ReplicaDrillOptions,
): Promise<ReplicaDrillResult> {
  const { channels } = opts;
  const commands = await pair.subscribe(channels);
  await settle(pair, channels, opts.extraRuns ?? 3, opts.timeoutMs ?? 60_000);
  const outcome = await pair.outcome(channels);
  return {
    ...printDrill({
      drill: 'two replicas, one digest per subscription',
      tried: `${channels.length} channels subscribed with /ecrscan digest subscribe, alternately through each of two replicas (serve() twice, one in a child process, one Redis prefix); schedules firing every second on both; a ${pair.images}-image registry, so each digest takes several thread pages`,
      requests: commands.length + pair.digestCalls(channels),
      lost: outcome.lost,
      duplicated: outcome.duplicated,
      crashed: pair.crashed(commands),
      details: outcome.details,
    }),
    ...outcome.result,
  };
}

/** Replica "a" is SIGKILLed between two pages of a digest; "b" must finish it, nothing twice. Two channels or more. */
export async function digestReplicaKillDrill(pair: ReplicaPair, opts: KillDrillOptions): Promise<KillResult> {
  const { channels } = opts;
  if (channels.length < 2) throw new Error('the kill drill needs two channels or more: see the module comment');
  const commands = await pair.subscribe(channels);
  const killed = await pair.killBetweenPages(channels, opts.killAfterPages ?? 1, opts.timeoutMs ?? 60_000);
  const survivor = pair.replicas.find((r) => r.child !== killed.victim)!;
  // The survivor keeps answering commands in the channel whose digest it is taking over.
  commands.push(await pair.command(survivor, 'digest list', killed.channel, 'U0READER'));
  await settle(pair, channels, opts.extraRuns ?? 2, opts.timeoutMs ?? 60_000);
  await pair.slack.waitFor(() => pair.answered(commands), 15_000).catch(() => undefined);
  const outcome = await pair.outcome(channels);
  const resumed = survivor.logs
    .filter((l) => l.msg === RESUMED)
    .map((l) => ({ digest: String(l.digest), from: Number(l.from) }));
  return {
    ...printDrill({
      drill: 'a replica killed during a digest',
      tried: `${channels.length} channels subscribed with /ecrscan digest subscribe on two replicas (serve() twice, one in a child process, one Redis prefix, schedules every second); replica ${killed.victim.name} SIGKILLed while posting the ${killed.pageCount}-page digest of ${killed.channel}, after page ${killed.pagesPosted}; replica ${survivor.name} left to finish`,
      requests: commands.length + pair.digestCalls(channels),
      lost: outcome.lost,
      duplicated: outcome.duplicated,
      crashed: pair.crashed(commands),
      details: {
        ...outcome.details,
        'resumed by survivor': resumed.map((r) => `${r.digest.split(':')[2]} from page ${r.from}`).join(' / '),
      },
    }),
    ...outcome.result,
    killed: {
      replica: killed.victim.name,
      channel: killed.channel,
      pagesPosted: killed.pagesPosted,
      pageCount: killed.pageCount,
    },
    resumed,
  };
}

/**
 * Waits for every digest to be complete, then for more runs that must find the day done. A digest that never
 * completes is not an error here: the count that follows reports its missing pages as lost.
 */
async function settle(pair: ReplicaPair, channels: string[], extraRuns: number, timeoutMs: number): Promise<void> {
  try {
    await pair.waitComplete(channels, timeoutMs);
  } catch {
    return;
  }
  await pair.waitRuns(channels, extraRuns, timeoutMs);
}
