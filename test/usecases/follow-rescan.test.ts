/**
 * Following a started scan: against the sandbox (its scans finish after a real, short delay) with a fake clock
 * and sleep, so the backoff and the 20-minute bound cost no real waiting; and `pollOnce` step by step.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/aws-error.js';
import type { DisposableAwsPorts } from '../../src/aws/create-aws-ports.js';
import type { AwsPorts, EcrPort } from '../../src/aws/ports.js';
import { cacheKeys } from '../../src/cache/cache-keys.js';
import { createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import type { ScanFindings } from '../../src/domain/facts.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import {
  DEFAULT_FOLLOW_POLICY,
  type FollowResult,
  type FollowState,
  followRescan,
  pollOnce,
  startFollow,
} from '../../src/usecases/follow-rescan.js';
import { image, pollClock, reseed, sandboxPortsFor, TARGETS } from '../state/rescan-fixtures.js';
import { captureLog, LEVEL } from '../support/log-capture.js';

let sandbox: RunningSandbox;
let basic: DisposableAwsPorts;

beforeAll(async () => {
  sandbox = await startSandbox();
  basic = sandboxPortsFor(sandbox, TARGETS.basic);
});
beforeEach(() => reseed(sandbox));
afterAll(async () => {
  basic.destroy();
  await sandbox.close();
});

const polls = () => sandbox.stats.byOperation()['ecr:DescribeImageScanFindings'] ?? 0;

function recorder() {
  const done: FollowResult[] = [];
  const progress: Array<string | undefined> = [];
  return {
    done,
    progress,
    onDone: (r: FollowResult) => {
      done.push(r);
    },
    onProgress: (p: { status?: string }) => {
      progress.push(p.status);
    },
  };
}

describe('followRescan against the sandbox', () => {
  it('follows a started scan to COMPLETE, calls onDone once, and stores the fresh findings', async () => {
    const target = image('never-scanned');
    expect(await basic.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest })).toMatchObject({
      kind: 'started',
    });
    const clock = pollClock();
    const rec = recorder();
    const { log } = captureLog();
    const loader = createCachedLoader({ cache: createMemoryCache(), log });
    const result = await followRescan(
      { now: clock.now, sleep: clock.sleep, log, loader },
      { ports: basic, ...target, ...rec },
    );
    expect(result).toMatchObject({ kind: 'finished', status: 'COMPLETE' });
    if (result.kind !== 'finished') return;
    expect(result.scan.findings.map((f) => f.id)).toEqual(['CVE-2024-2961']);
    expect(rec.done).toEqual([result]);
    expect(rec.progress.every((s) => s === 'IN_PROGRESS')).toBe(true);
    expect(result.polls).toBe(rec.progress.length + 1);
    expect(polls()).toBe(result.polls);
    expect(clock.slept.slice(0, 3)).toEqual([2_000, 3_000, 4_500].slice(0, clock.slept.length));
    const key = cacheKeys(TARGETS.basic).scanFindings(target.repositoryName, { imageDigest: target.imageDigest });
    expect(await loader.peek<ScanFindings>(key)).toMatchObject({ status: 'COMPLETE' });
  });

  it('ends at a failed scan too: FAILED is final', async () => {
    const target = image('scratch');
    await basic.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest });
    const clock = pollClock();
    const result = await followRescan(
      { now: clock.now, sleep: clock.sleep, log: captureLog().log },
      { ports: basic, ...target, onDone: () => {} },
    );
    expect(result).toMatchObject({ kind: 'finished', status: 'FAILED' });
  });

  it('times out cleanly after 20 minutes of IN_PROGRESS, having backed off to one poll per 30 s', async () => {
    sandbox.world.scanDelayMs = 3_600_000;
    const target = image('healthy');
    await basic.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest });
    const clock = pollClock(Date.parse('2026-05-01T09:00:00Z'), 0);
    const rec = recorder();
    const result = await followRescan(
      { now: clock.now, sleep: clock.sleep, log: captureLog().log },
      { ports: basic, ...target, ...rec },
    );
    expect(result).toEqual({
      kind: 'timed-out',
      lastStatus: 'IN_PROGRESS',
      polls: 45,
      waitedMs: DEFAULT_FOLLOW_POLICY.maxTotalMs,
    });
    expect(rec.done).toEqual([result]);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(DEFAULT_FOLLOW_POLICY.maxTotalMs);
    expect(clock.slept.slice(0, 8)).toEqual([2_000, 3_000, 4_500, 6_750, 10_125, 15_188, 22_782, 30_000]);
    expect(Math.max(...clock.slept)).toBe(30_000);
    expect(polls()).toBe(45);
  });

  it('stops when its signal aborts, polls no more, and reports "aborted" to onDone once', async () => {
    sandbox.world.scanDelayMs = 3_600_000;
    const target = image('healthy');
    await basic.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest });
    const clock = pollClock(Date.parse('2026-05-01T09:00:00Z'), 0);
    const controller = new AbortController();
    const rec = recorder();
    const result = await followRescan(
      { now: clock.now, sleep: clock.sleep, log: captureLog().log },
      {
        ports: basic,
        ...target,
        signal: controller.signal,
        onDone: rec.onDone,
        onProgress: () => controller.abort(),
      },
    );
    expect(result).toEqual({ kind: 'aborted', lastStatus: 'IN_PROGRESS', polls: 1 });
    expect(rec.done).toEqual([result]);
    expect(polls()).toBe(1);
  });

  it('an abort cuts a real wait short (shutdown does not wait for a 30 s backoff)', async () => {
    const controller = new AbortController();
    const rec = recorder();
    const following = followRescan(
      { now: () => new Date(), log: captureLog().log, policy: { ...DEFAULT_FOLLOW_POLICY, firstDelayMs: 600_000 } },
      { ports: basic, ...image('healthy'), signal: controller.signal, onDone: rec.onDone },
    );
    setTimeout(() => controller.abort(), 20);
    expect(await following).toEqual({ kind: 'aborted', polls: 0 });
    expect(rec.done).toHaveLength(1);
    expect(polls()).toBe(0);
  });

  it('an image that disappears ends the follow with an error result, and a throwing onDone is only logged', async () => {
    const target = image('healthy');
    const other = image('scan-clean');
    const clock = pollClock(Date.parse('2026-05-01T09:00:00Z'), 0);
    const { log, lines } = captureLog();
    const result = await followRescan(
      { now: clock.now, sleep: clock.sleep, log },
      {
        ports: basic,
        repositoryName: other.repositoryName,
        imageDigest: target.imageDigest,
        onDone: () => {
          throw new Error('chat.update failed');
        },
      },
    );
    expect(result).toMatchObject({ kind: 'error', polls: 1 });
    expect(lines.some((l) => l.level === LEVEL.error && l.msg === 'follow-rescan onDone callback failed')).toBe(true);
  });
});

/** An EcrPort whose DescribeImageScanFindings answers from a script, one entry per call. */
function scriptedPorts(script: Array<string | AwsError>): AwsPorts {
  const ecr = {
    async describeImageScanFindings() {
      const next = script.shift();
      if (next === undefined) throw new Error('script exhausted');
      if (next instanceof AwsError) throw next;
      return { status: next, severityCounts: {}, findings: [] } satisfies ScanFindings;
    },
  } as Partial<EcrPort> as EcrPort;
  return { target: TARGETS.basic, ecr, inspector: {} as AwsPorts['inspector'] };
}

const awsError = (code: ConstructorParameters<typeof AwsError>[0]) =>
  new AwsError(code, 'ecr:DescribeImageScanFindings', `${code} happened`, { awsName: `${code}Exception` });

describe('pollOnce', () => {
  const at = Date.parse('2026-05-01T09:00:00Z');
  const start = (): FollowState => startFollow({ repositoryName: 'r', imageDigest: 'sha256:d' }, new Date(at));

  it.each([
    ['PENDING', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'IN_PROGRESS'],
  ])('%s is not final: poll again after a wait 1.5 × the last one', async (status) => {
    const step = await pollOnce({ ports: scriptedPorts([status]), now: () => new Date(at + 2_000) }, start());
    expect(step).toEqual({
      done: false,
      delayMs: 3_000,
      state: { ...start(), polls: 1, lastStatus: status, nextDelayMs: 3_000 },
    });
  });

  it.each(['COMPLETE', 'FAILED', 'UNSUPPORTED_IMAGE', 'ACTIVE', 'LIMIT_EXCEEDED', 'IMAGE_ARCHIVED', 'SOMETHING_NEW'])(
    '%s is final',
    async (status) => {
      const step = await pollOnce({ ports: scriptedPorts([status]), now: () => new Date(at) }, start());
      expect(step).toMatchObject({ done: true, result: { kind: 'finished', status, polls: 1 } });
    },
  );

  it.each(['SCAN_NOT_FOUND', 'THROTTLED', 'UNAVAILABLE'] as const)(
    '%s may clear up: poll again, keeping the error as evidence',
    async (code) => {
      const step = await pollOnce({ ports: scriptedPorts([awsError(code)]), now: () => new Date(at) }, start());
      expect(step).toMatchObject({ done: false, state: { polls: 1, lastError: `${code}Exception: ${code} happened` } });
    },
  );

  it.each(['IMAGE_NOT_FOUND', 'ACCESS_DENIED', 'REPOSITORY_NOT_FOUND'] as const)('%s ends the follow', async (code) => {
    const step = await pollOnce({ ports: scriptedPorts([awsError(code)]), now: () => new Date(at) }, start());
    expect(step).toMatchObject({ done: true, result: { kind: 'error', message: `${code} happened`, polls: 1 } });
  });

  it('never waits past the deadline, and times out at it', async () => {
    const policy = { firstDelayMs: 2_000, factor: 2, maxDelayMs: 30_000, maxTotalMs: 10_000 };
    const state = { ...start(), polls: 3, nextDelayMs: 8_000 };
    const near = await pollOnce(
      { ports: scriptedPorts(['IN_PROGRESS']), now: () => new Date(at + 7_000), policy },
      state,
    );
    expect(near).toMatchObject({ done: false, delayMs: 3_000, state: { nextDelayMs: 16_000 } });
    const past = await pollOnce(
      { ports: scriptedPorts(['IN_PROGRESS']), now: () => new Date(at + 10_000), policy },
      state,
    );
    expect(past).toEqual({
      done: true,
      result: { kind: 'timed-out', lastStatus: 'IN_PROGRESS', polls: 4, waitedMs: 10_000 },
    });
  });

  it('state is plain data a job queue can carry', () => {
    const state = start();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
