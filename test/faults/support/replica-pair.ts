/**
 * The two replicas of the replica drills and what the drills read from them: the real `serve()` twice on one Redis
 * prefix, one fake Slack and one sandbox (a generated registry, so that one digest takes several thread pages),
 * like two pods of one deployment. Replica "a" runs in a child process, so it can be SIGKILLed; replica "b" runs
 * in the test process. Both run one digest at a time, with digest schedules firing every second. Each posts with
 * its own bot token, so the fake Slack can tell whose post is whose. Commands are real signed slash commands.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { bullPrefix } from '../../../src/jobs/bull-connection.js';
import { DIGEST_QUEUE } from '../../../src/jobs/bull-digest-scheduler.js';
import { createLogger } from '../../../src/logger.js';
import { type RunningServer, serve } from '../../../src/main.js';
import { GENERATED_REGION, generatedAccountId, generateWorld } from '../../../src/sandbox/generated-world.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/server.js';
import { type DigestProgress, digestClaimKey } from '../../../src/state/digest-claims.js';
import { createRedisDigestClaims } from '../../../src/state/digest-redis-claims.js';
import { subscriptionIdOf } from '../../../src/state/subscriptions.js';
import { dayInZone } from '../../../src/usecases/digest-schedule.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { captureLines } from '../../support/log-capture.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import {
  hasStackTrace,
  isInternalError,
  isLookingNote,
  type SlackMessage,
  textOf,
} from '../../support/slack-messages.js';
import { send, slashCommand, TEST_SLACK } from '../../support/slack-requests.js';
import { DRILL_SECRET } from './drill-app.js';
import { type ReplicaOptions, replicaServeOptions } from './replica-options.js';
import { killAllServeChildren, type ServeChild, startServeChild } from './serve-process.js';

const ADMIN = 'U0ADMIN';
const COMPLETE_HEADER = 'The images are in the thread below';

export interface ReplicaPairOptions {
  /** Generated images per repository (10 repositories); sets how many pages one digest takes. */
  imagesPerRepository: number;
  /** Pause before each page (production: 1000); long enough that "between two pages" is a wide window. */
  pageIntervalMs?: number;
  /** How long a dead replica's digest stays locked before the other may resume it. */
  leaseMs?: number;
  /** The fake Slack answers 429 to a second post in a channel within a second (needs `pageIntervalMs` ≥ 1000). */
  enforcePostRate?: boolean;
}

/** One replica of the pair. */
export interface Replica {
  name: string;
  url: string;
  /** Its JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** The process of the replica that can be killed; absent for the one in the test process. */
  child?: ServeChild;
  alive(): boolean;
}

export interface SentCommand {
  id: string;
  status: number;
  replica: string;
}

export type ReplicaPair = Awaited<ReturnType<typeof startReplicaPair>>;

/** Sandbox, fake Slack and the two replicas on a fresh Redis prefix; `close()` kills and stops everything. */
export async function startReplicaPair(opts: ReplicaPairOptions) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecrscan-replica-drill-'));
  const targets = path.join(dir, 'targets.yml');
  const account = generatedAccountId(0);
  writeFileSync(targets, `targets:\n  - { name: generated, region: ${GENERATED_REGION}, accountId: "${account}" }\n`);
  const world = generateWorld({
    accounts: 1,
    repositoriesPerAccount: 10,
    imagesPerRepository: opts.imagesPerRepository,
    now: new Date(),
  });
  const redisUrl = inject('redisUrl');
  const prefix = `ecrscan-test:faults:replicas:${randomUUID()}:`;
  let sandbox: RunningSandbox | undefined;
  let slack: FakeSlack | undefined;
  let redis: Redis | undefined;
  let queue: Queue | undefined;
  let inProcess: RunningServer | undefined;
  const close = async () => {
    await killAllServeChildren();
    await inProcess?.stop().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    if (redis) await deleteKeysWithPrefix(redis, prefix).catch(() => undefined);
    redis?.disconnect();
    await slack?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    sandbox = await startSandbox({ world, scanDelayMs: 100 });
    slack = await startFakeSlack({ teamId: TEST_SLACK.teamId });
    slack.enforcePostRate(opts.enforcePostRate ?? false);
    redis = new Redis(redisUrl);
    // Read-only here: the test counts the replicas' digest runs and how they ended.
    queue = new Queue(DIGEST_QUEUE, { connection: redis, prefix: bullPrefix(prefix) });
    const env = (name: string): Record<string, string> => ({
      // Each replica its own token, so the fake Slack can tell whose post is whose.
      SLACK_BOT_TOKEN: `xoxb-replica-${name}`,
      SLACK_SIGNING_SECRET: DRILL_SECRET,
      SLACK_API_URL: slack!.slackApiUrl,
      PORT: '0',
      AWS_REGION: 'us-east-1',
      LOG_LEVEL: 'info',
      REDIS_URL: redisUrl,
      ECRSCAN_CONFIG_FILE: targets,
      ECRSCAN_ADMIN_USERS: ADMIN,
    });
    const options: ReplicaOptions = {
      sandboxUrl: sandbox.url,
      redisPrefix: prefix,
      everySecond: true,
      pageIntervalMs: opts.pageIntervalMs ?? 1_000,
      leaseMs: opts.leaseMs ?? 3_000,
      digestConcurrency: 1,
    };
    const startInProcess = async (): Promise<Replica> => {
      const { destination: logDestination, lines: logs } = captureLines();
      inProcess = await serve(env('b'), { ...replicaServeOptions(options), logDestination });
      return { name: 'b', url: `http://127.0.0.1:${inProcess.port}`, logs, alive: () => true };
    };
    const startChild = async (): Promise<Replica> => {
      const child = await startServeChild({ name: 'a', env: env('a'), options });
      return { name: 'a', url: child.url, logs: child.logs, child, alive: () => !child.exited() };
    };
    const replicas = await Promise.all([startChild(), startInProcess()]);
    return makePair({ replicas, slack, redis, queue, prefix, images: opts.imagesPerRepository * 10, close });
  } catch (err) {
    await close();
    throw err;
  }
}

function makePair(ctx: {
  replicas: Replica[];
  slack: FakeSlack;
  redis: Redis;
  queue: Queue;
  prefix: string;
  images: number;
  close: () => Promise<void>;
}) {
  const { replicas, slack, queue } = ctx;
  // The store the replicas' digest runner writes claims to (createJobs: `<prefix>state:`), read-only here.
  const claims = createRedisDigestClaims({
    redis: ctx.redis,
    prefix: `${ctx.prefix}state:`,
    log: createLogger({ level: 'silent' }),
  });
  /** The day the digests run for, in the subscriptions' zone: set by `subscribe`. */
  let day: string | undefined;
  // One subscription per channel, without repository filters.
  const subscriptionOf = (channel: string) => subscriptionIdOf(TEST_SLACK.teamId, channel, []);
  const replicaOfToken = (authorization: unknown) => /xoxb-replica-(\w+)/.exec(String(authorization))?.[1];
  const posts = (channels: string[]) =>
    slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.status === 200 && channels.includes(String(c.body.channel)),
    );
  const replies = (id: string) => (slack.responses(id) as SlackMessage[]).filter((m) => !isLookingNote(m));
  const answered = (sent: SentCommand[]) => sent.every((c) => replies(c.id).length > 0);
  const complete = (h: { edits: number; blocks?: unknown[]; text?: string }) =>
    h.edits > 0 && textOf(h).includes(COMPLETE_HEADER);

  /** The day's claim of the channel's subscription. */
  async function claimOf(channel: string): Promise<DigestProgress | undefined> {
    if (!day) return undefined;
    const subscription = { teamId: TEST_SLACK.teamId, channelId: channel, id: subscriptionOf(channel) };
    return claims.get(digestClaimKey(subscription, day));
  }

  function digestIn(channel: string) {
    const messages = slack.messages(channel);
    const headers = messages.filter((m) => m.threadTs === undefined);
    const pages = messages.filter((m) => m.threadTs !== undefined).map((m) => m.text ?? '');
    const headerPost = posts([channel]).find((c) => c.body.thread_ts === undefined);
    return { headers, pages, poster: replicaOfToken(headerPost?.headers.authorization) };
  }

  async function command(via: Replica, text: string, channel: string, userId = ADMIN): Promise<SentCommand> {
    const id = randomUUID();
    const request = slashCommand({ text, userId, channelId: channel, responseUrl: slack.responseUrl(id) });
    const { status } = await send(via.url, request, { secret: DRILL_SECRET });
    return { id, status, replica: via.name };
  }

  /**
   * The killable replica, if it is between two pages of a digest right now: its header and some pages are in
   * Slack, the claim has recorded exactly those pages (no post in flight), and pages are left to post.
   */
  async function killPoint(channels: string[], afterPages: number) {
    for (const channel of channels) {
      const digest = digestIn(channel);
      const victim = replicas.find((r) => r.name === digest.poster && r.child && r.alive())?.child;
      if (!victim || digest.headers.length !== 1) continue;
      const claim = await claimOf(channel);
      const pagesPosted = claim?.pagesPosted ?? 0;
      const pageCount = claim?.pageCount ?? 0;
      if (claim?.state !== 'posting' || pagesPosted < afterPages || pagesPosted >= pageCount) continue;
      if (digest.pages.length !== pagesPosted) continue;
      return { victim, channel, pagesPosted, pageCount };
    }
    return undefined;
  }

  /** Digest jobs of these channels' subscriptions, by how they ended. */
  async function runsOf(channels: string[]) {
    const ids = new Set(channels.map(subscriptionOf));
    const completed = (await queue.getJobs(['completed'], 0, -1)).filter((j) => ids.has(j.data.subscriptionId));
    const failed = (await queue.getJobs(['failed'], 0, -1)).filter((j) => ids.has(j.data.subscriptionId));
    return {
      completed: completed.length,
      posted: completed.filter((j) => j.returnvalue === 'posted').length,
      alreadyPosted: completed.filter((j) => j.returnvalue === 'already-posted').length,
      failed: failed.length,
    };
  }

  return {
    slack,
    replicas,
    images: ctx.images,
    command,
    answered,

    /** Subscribes channel i through replica i mod 2; resolves once every subscription is confirmed. */
    async subscribe(channels: string[]): Promise<SentCommand[]> {
      const now = new Date();
      const zone = zoneAwayFromMidnight(now);
      day = dayInZone(now, zone);
      const alive = replicas.filter((r) => r.alive());
      const sent = await Promise.all(
        channels.map((channel, i) =>
          command(alive[i % alive.length]!, `digest subscribe within 30d at 09:00 ${zone}`, channel, ADMIN),
        ),
      );
      await slack.waitFor(() => answered(sent), 15_000);
      return sent;
    },

    /**
     * Waits for a kill point, freezes the replica (SIGSTOP), lets any request it had already sent arrive, and
     * checks again: only a replica still between two pages is killed; one caught mid-post is thawed and the next
     * gap is tried. So the kill never depends on the test process being scheduled in time.
     */
    async killBetweenPages(channels: string[], afterPages: number, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const point = await slack.waitFor(() => killPoint(channels, afterPages), Math.max(1, deadline - Date.now()));
        if (!point) throw new Error('no kill point');
        point.victim.freeze();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const still = await killPoint([point.channel], afterPages);
        if (still?.victim === point.victim && still.pagesPosted === point.pagesPosted) {
          await point.victim.kill();
          return point;
        }
        point.victim.thaw();
      }
    },

    /** Every channel's claim is done and its header says the thread is complete. */
    async waitComplete(channels: string[], timeoutMs: number) {
      await slack.waitFor(async () => {
        for (const channel of channels) {
          if ((await claimOf(channel))?.state !== 'done') return false;
          if (!digestIn(channel).headers.some(complete)) return false;
        }
        return true;
      }, timeoutMs);
    },

    /** Waits for `perSubscription` more finished runs per subscription (each must find the day done). */
    async waitRuns(channels: string[], perSubscription: number, timeoutMs: number) {
      const target = (await runsOf(channels)).completed + perSubscription * channels.length;
      await slack.waitFor(async () => (await runsOf(channels)).completed >= target, timeoutMs);
    },

    digestCalls: (channels: string[]) =>
      slack.calls.filter(
        (c) =>
          (c.method === 'chat.postMessage' || c.method === 'chat.update') && channels.includes(String(c.body.channel)),
      ).length,

    /** Commands not answered with a 200 and a reply, or answered with an internal error or a stack trace. */
    crashed(sent: SentCommand[]): number {
      return sent.filter((c) => {
        const got = replies(c.id);
        return c.status !== 200 || got.length === 0 || got.some((m) => isInternalError(m) || hasStackTrace(m));
      }).length;
    },

    /** Counts what each channel got against the digest its claim recorded. */
    async outcome(channels: string[]) {
      let lost = 0;
      let duplicated = 0;
      const differences: Record<string, string[]> = {};
      const pageCounts: Record<string, number> = {};
      for (const channel of channels) {
        const problems: string[] = [];
        const { headers, pages } = digestIn(channel);
        const n = (await claimOf(channel))?.pageCount ?? 0;
        pageCounts[channel] = n;
        if (headers.length === 0) {
          lost += 1;
          problems.push('no header');
        }
        if (headers.length > 1) {
          duplicated += headers.length - 1;
          problems.push(`${headers.length} headers`);
        }
        // A header never updated to complete reads "the images follow…" forever: its chat.update was lost.
        if (headers.length > 0 && !headers.some(complete)) {
          lost += 1;
          problems.push('header not updated to complete');
        }
        const expected = Array.from({ length: n }, (_, i) => `page ${i + 1} of ${n}`);
        const index = pages.map((p) => expected.findIndex((e) => p.includes(`${e}:`)));
        expected.forEach((page, i) => {
          const copies = index.filter((x) => x === i).length;
          if (copies === 0) problems.push(`${page} missing`);
          if (copies > 1) problems.push(`${page} posted ${copies} times`);
          lost += copies === 0 ? 1 : 0;
          duplicated += Math.max(0, copies - 1);
        });
        for (const [i, p] of pages.entries()) {
          if (index[i] === -1) problems.push(`unexpected thread message: ${p.slice(0, 80)}`);
        }
        duplicated += index.filter((x) => x === -1).length;
        if (index.some((x, i) => i > 0 && x < index[i - 1]!)) problems.push(`pages out of order: ${index.join(',')}`);
        if (problems.length > 0) differences[channel] = problems;
      }
      const runs = await runsOf(channels);
      const postsBy: Record<string, number> = Object.fromEntries(replicas.map((r) => [r.name, 0]));
      for (const call of posts(channels)) {
        const name = replicaOfToken(call.headers.authorization) ?? '?';
        postsBy[name] = (postsBy[name] ?? 0) + 1;
      }
      const errorLogs = replicas
        .filter((r) => r.alive())
        .flatMap((r) => r.logs.filter((l) => Number(l.level) >= 50).map((l) => `${r.name}: ${String(l.msg)}`));
      return {
        lost,
        duplicated,
        details: {
          'pages per digest': Object.values(pageCounts).join('/'),
          'digest runs': runs.completed,
          'runs that posted': runs.posted,
          'failed runs': runs.failed,
          'error logs': errorLogs.length,
          '429s served': slack.calls.filter((c) => c.status === 429 && channels.includes(String(c.body.channel)))
            .length,
          'channels with differences': Object.keys(differences).length,
          ...Object.fromEntries(Object.entries(postsBy).map(([name, n]) => [`posts by ${name}`, n])),
        },
        result: {
          differences,
          pageCounts,
          postedRuns: runs.posted,
          alreadyPostedRuns: runs.alreadyPosted,
          failedRuns: runs.failed,
          errorLogs,
          postsBy,
        },
      };
    },

    close: ctx.close,
  };
}

/**
 * A zone where "today" does not end during the drill: a run just after midnight would rightly start the next
 * day's digest, which would read as a duplicate.
 */
function zoneAwayFromMidnight(now: Date): string {
  const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
  return minutes > 15 && minutes < 23 * 60 + 45 ? 'UTC' : 'Asia/Tokyo';
}
