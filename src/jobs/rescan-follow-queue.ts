/**
 * Rescan follow-ups on BullMQ (queue `ecrscan-rescan-follow`): after a StartImageScan, one job per image polls
 * DescribeImageScanFindings with `pollOnce` (one poll per run), stores the next state in the job and delays
 * itself until the next poll, so the follow survives a restart and any replica may run the next poll. The job
 * id is derived from the image, so presses on two replicas follow it once. When the scan ends, the `onDone`
 * handler (the Slack layer) answers through the action's `response_url`, kept in the job (valid 30 minutes,
 * longer than the 20-minute follow policy).
 */
import { createHash } from 'node:crypto';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import type { AwsPorts } from '../aws/ports.js';
import type { FactLoader } from '../facts/fact-cache.js';
import type { Logger } from '../logger.js';
import type { ActionSubject } from '../slack/action-value.js';
import {
  DEFAULT_FOLLOW_POLICY,
  type FollowPolicy,
  type FollowResult,
  type FollowState,
  pollOnce,
  startFollow,
} from '../usecases/follow-rescan.js';
import { type BullConnections, bullPrefix, logBullError } from './bull-connection.js';
import { activeJobs, closeWorker } from './bull-worker.js';

export const RESCAN_FOLLOW_QUEUE = 'ecrscan-rescan-follow';

export interface FollowRequestInput {
  subject: ActionSubject;
  /** Who pressed Rescan. */
  user: string;
  responseUrl: string;
  /** Replace the pressed message with the new answer (an answer), or add a reply (a digest page). */
  replaceOriginal: boolean;
}

export interface FollowJobData extends FollowRequestInput {
  state: FollowState;
}

export type FollowDoneHandler = (data: FollowJobData, result: FollowResult) => Promise<void>;

export interface RescanFollower {
  /** Follows the image's scan; a second request while one is followed is the same follow. */
  enqueue(input: FollowRequestInput): Promise<void>;
  /** Who answers when a scan ends (set once, by the Slack server). */
  onDone(handler: FollowDoneHandler): void;
  start(): Promise<void>;
  close(opts?: { graceMs?: number }): Promise<void>;
}

export interface BullRescanFollowerOptions {
  connections: BullConnections;
  redisPrefix: string;
  log: Logger;
  now: () => Date;
  portsFor: (subject: ActionSubject) => AwsPorts;
  loader?: FactLoader;
  policy?: FollowPolicy;
  worker?: { concurrency?: number; lockDuration?: number; stalledInterval?: number };
}

/** `follow-<hash>` of account, Region, repository and digest (BullMQ ids may not contain `:`). */
export function followJobId(subject: Pick<ActionSubject, 'accountId' | 'region' | 'repositoryName' | 'imageDigest'>) {
  const image = `${subject.accountId}/${subject.region}/${subject.repositoryName}@${subject.imageDigest}`;
  return `follow-${createHash('sha256').update(image).digest('hex').slice(0, 32)}`;
}

export function createBullRescanFollower(opts: BullRescanFollowerOptions): RescanFollower & { queue: Queue } {
  const log = opts.log.child({ component: 'rescan-follow', mode: 'bullmq' });
  const prefix = bullPrefix(opts.redisPrefix);
  const policy = opts.policy ?? DEFAULT_FOLLOW_POLICY;
  const queue = new Queue<FollowJobData>(RESCAN_FOLLOW_QUEUE, { connection: opts.connections.queue, prefix });
  queue.on('error', logBullError(log, 'rescan follow queue'));
  let handler: FollowDoneHandler | undefined;
  let worker: Worker<FollowJobData> | undefined;
  const active = activeJobs<FollowJobData>();

  async function process(job: Job<FollowJobData>, token?: string): Promise<string> {
    const data = job.data;
    const step = await pollOnce(
      { ports: opts.portsFor(data.subject), now: opts.now, policy, ...(opts.loader ? { loader: opts.loader } : {}) },
      data.state,
    );
    if (!step.done) {
      await job.updateData({ ...data, state: step.state });
      await job.moveToDelayed(Date.now() + step.delayMs, token);
      throw new DelayedError();
    }
    if (step.result.kind === 'error') log.warn({ err: step.result.error }, 'stopped following a rescan');
    if (handler) await handler(data, step.result);
    else log.warn({ result: step.result.kind }, 'a rescan follow ended with nobody to tell');
    return step.result.kind;
  }

  return {
    queue,
    async enqueue(input) {
      const state = startFollow(input.subject, opts.now(), policy);
      await queue.add(
        'follow',
        { ...input, state },
        {
          jobId: followJobId(input.subject),
          delay: state.nextDelayMs,
          attempts: 3,
          backoff: { type: 'exponential', delay: 5_000 },
          removeOnComplete: true,
          removeOnFail: { age: 86_400 },
        },
      );
    },
    onDone(h) {
      handler = h;
    },
    async start() {
      if (worker) return;
      worker = new Worker<FollowJobData>(RESCAN_FOLLOW_QUEUE, active.wrap(process), {
        connection: opts.connections.worker,
        prefix,
        concurrency: opts.worker?.concurrency ?? 10,
        ...(opts.worker?.lockDuration ? { lockDuration: opts.worker.lockDuration } : {}),
        ...(opts.worker?.stalledInterval ? { stalledInterval: opts.worker.stalledInterval } : {}),
      });
      worker.on('error', logBullError(log, 'rescan follow worker'));
      worker.on('failed', (job, err) => log.error({ err, jobId: job?.id }, 'rescan follow job failed'));
    },
    async close({ graceMs = 10_000 } = {}) {
      if (worker) await closeWorker(worker, active, { graceMs, log });
      await queue.close();
    },
  };
}
