/**
 * After a StartImageScan: poll DescribeImageScanFindings with backoff until the scan reaches a final status,
 * then hand the result to `onDone` (the Slack layer updates the message in place). Bounded in time, and
 * cancellable so a graceful shutdown stops it.
 *
 * The loop runs in this process for now; each step is `pollOnce(state) → next state | result` over plain,
 * serializable state, so a BullMQ job can run one step per attempt and re-queue itself with `delayMs`.
 * With a `loader`, every poll is a fresh load that also stores the new answer, so the next `why` sees it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isAwsError } from '../aws/aws-error.js';
import type { AwsPorts } from '../aws/ports.js';
import type { ScanFindings } from '../domain/facts.js';
import { type FactLoader, factKeys } from '../facts/fact-cache.js';

export interface FollowPolicy {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** After this long without a final status the follow ends as `timed-out`. */
  maxTotalMs: number;
}

export const DEFAULT_FOLLOW_POLICY: FollowPolicy = {
  firstDelayMs: 2_000,
  factor: 1.5,
  maxDelayMs: 30_000,
  maxTotalMs: 20 * 60_000,
};

/** Statuses a started basic scan passes through; any other status is where it ended (domain.md §1.3). */
const NOT_FINAL: ReadonlySet<string> = new Set(['PENDING', 'IN_PROGRESS']);

/** Errors that can clear up by the next poll: the scan record not visible yet, throttling, AWS unreachable. */
const TRANSIENT: ReadonlySet<string> = new Set(['SCAN_NOT_FOUND', 'THROTTLED', 'UNAVAILABLE']);

/** Everything a step needs besides the ports, as plain data (a job payload). */
export interface FollowState {
  repositoryName: string;
  imageDigest: string;
  startedAtMs: number;
  polls: number;
  /** The wait before the next poll. */
  nextDelayMs: number;
  lastStatus?: string;
  lastError?: string;
}

export type FollowResult =
  | { kind: 'finished'; status: string; scan: ScanFindings; polls: number }
  /** `waitedMs`: from the start to the last poll, under whatever policy the follow-up ran. */
  | { kind: 'timed-out'; lastStatus?: string; lastError?: string; polls: number; waitedMs: number }
  | { kind: 'aborted'; lastStatus?: string; polls: number }
  | { kind: 'error'; message: string; error: unknown; polls: number };

export type PollStep = { done: true; result: FollowResult } | { done: false; state: FollowState; delayMs: number };

export interface PollDeps {
  ports: AwsPorts;
  now: () => Date;
  policy?: FollowPolicy;
  loader?: FactLoader;
}

export function startFollow(
  input: { repositoryName: string; imageDigest: string },
  now: Date,
  policy: FollowPolicy = DEFAULT_FOLLOW_POLICY,
): FollowState {
  const { repositoryName, imageDigest } = input;
  return { repositoryName, imageDigest, startedAtMs: now.getTime(), polls: 0, nextDelayMs: policy.firstDelayMs };
}

/** One poll: the scan's final result, or the state to poll again with after `delayMs`. */
export async function pollOnce(deps: PollDeps, state: FollowState): Promise<PollStep> {
  const policy = deps.policy ?? DEFAULT_FOLLOW_POLICY;
  const polls = state.polls + 1;
  let next: FollowState = { ...state, polls };
  try {
    const scan = await readScan(deps, state);
    if (!NOT_FINAL.has(scan.status))
      return { done: true, result: { kind: 'finished', status: scan.status, scan, polls } };
    next = { ...next, lastStatus: scan.status };
    delete next.lastError;
  } catch (error) {
    if (!isAwsError(error) || !TRANSIENT.has(error.code)) {
      const message = error instanceof Error ? error.message : String(error);
      return { done: true, result: { kind: 'error', message, error, polls } };
    }
    next = { ...next, lastError: `${error.awsName ?? error.code}: ${error.message}` };
  }
  const nowMs = deps.now().getTime();
  const remaining = state.startedAtMs + policy.maxTotalMs - nowMs;
  if (remaining <= 0) {
    const { lastStatus, lastError } = next;
    const evidence = { ...(lastStatus ? { lastStatus } : {}), ...(lastError ? { lastError } : {}) };
    return { done: true, result: { kind: 'timed-out', ...evidence, polls, waitedMs: nowMs - state.startedAtMs } };
  }
  const nextDelayMs = Math.min(Math.round(state.nextDelayMs * policy.factor), policy.maxDelayMs);
  return { done: false, state: { ...next, nextDelayMs }, delayMs: Math.min(nextDelayMs, remaining) };
}

function readScan(deps: PollDeps, state: FollowState): Promise<ScanFindings> {
  const read = () => deps.ports.ecr.describeImageScanFindings(state.repositoryName, { imageDigest: state.imageDigest });
  if (!deps.loader) return read();
  const keys = factKeys(deps.ports.target);
  return deps.loader.load(keys.scan(state.repositoryName, state.imageDigest), keys.ttl.scan, read, { fresh: true });
}

export interface FollowDeps extends Omit<PollDeps, 'ports'> {
  log: Logger;
  /** Waits `ms`, or less when `signal` aborts (default: a real timer). Tests pass one that moves a fake clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface FollowRequest {
  ports: AwsPorts;
  repositoryName: string;
  imageDigest: string;
  signal?: AbortSignal;
  onProgress?: (progress: { status?: string; polls: number; elapsedMs: number }) => void | Promise<void>;
  /** Called exactly once, with whatever ended the follow (aborted included). */
  onDone: (result: FollowResult) => void | Promise<void>;
}

/** Follows one started scan to its end. Never rejects: failures are results, and callback errors are logged. */
export async function followRescan(deps: FollowDeps, req: FollowRequest): Promise<FollowResult> {
  const log = deps.log.child({ component: 'follow-rescan', repository: req.repositoryName, digest: req.imageDigest });
  const sleep = deps.sleep ?? realSleep;
  const pollDeps: PollDeps = { ...deps, ports: req.ports };
  let state = startFollow(req, deps.now(), deps.policy);
  let wait = state.nextDelayMs;
  let result: FollowResult | undefined;
  while (!result) {
    if (!req.signal?.aborted) await sleep(wait, req.signal);
    if (req.signal?.aborted) {
      result = { kind: 'aborted', ...optionalStatus(state.lastStatus), polls: state.polls };
      break;
    }
    const step = await pollOnce(pollDeps, state);
    if (step.done) {
      result = step.result;
      break;
    }
    state = step.state;
    wait = step.delayMs;
    const elapsedMs = deps.now().getTime() - state.startedAtMs;
    await safely(log, 'onProgress', () =>
      req.onProgress?.({ status: state.lastStatus, polls: state.polls, elapsedMs }),
    );
  }
  if (result.kind === 'error') log.warn({ err: result.error }, 'stopped following a rescan');
  const final = result;
  await safely(log, 'onDone', () => req.onDone(final));
  return final;
}

function optionalStatus(lastStatus: string | undefined): { lastStatus?: string } {
  return lastStatus === undefined ? {} : { lastStatus };
}

async function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

async function safely(log: Logger, what: string, fn: () => void | Promise<void> | undefined): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log.error({ err }, `follow-rescan ${what} callback failed`);
  }
}
