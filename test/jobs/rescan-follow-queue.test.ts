/**
 * Rescan follow-ups on BullMQ against the sandbox and real Redis: one poll per job run, re-queued with a delay
 * until the scan ends, followed once however many replicas are asked, and the result handed to `onDone` once.
 */

import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DisposableAwsPorts } from '../../src/aws/create-aws-ports.js';
import { createRedisClient } from '../../src/cache/redis-client.js';
import { createWorkerTemplate } from '../../src/jobs/bull-connection.js';
import {
  createBullRescanFollower,
  type FollowJobData,
  followJobId,
  type RescanFollower,
} from '../../src/jobs/rescan-follow-queue.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import type { ActionSubject } from '../../src/slack/action-value.js';
import type { FollowPolicy, FollowResult } from '../../src/usecases/follow-rescan.js';
import { redisHarness } from '../state/redis-harness.js';
import { image, reseed, sandboxPortsFor, TARGETS } from '../state/rescan-fixtures.js';
import { captureLog } from '../support/log-capture.js';

const redisUrl = inject('redisUrl');
const harness = redisHarness(redisUrl, 'rescan-follow');
const FAST: FollowPolicy = { firstDelayMs: 100, factor: 1.5, maxDelayMs: 300, maxTotalMs: 10_000 };
let sandbox: RunningSandbox;
let ports: DisposableAwsPorts;
let followers: RescanFollower[] = [];
const clients: Redis[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  ports = sandboxPortsFor(sandbox, TARGETS.basic);
});
beforeEach(() => reseed(sandbox));
afterEach(async () => {
  await Promise.all(followers.map((f) => f.close({ graceMs: 1_000 })));
  followers = [];
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  await harness.close();
  ports.destroy();
  await sandbox.close();
});

function follower(prefix: string, policy = FAST) {
  const log = captureLog().log;
  const connections = { queue: createRedisClient(redisUrl, { log }), worker: createWorkerTemplate(redisUrl, log) };
  clients.push(connections.queue, connections.worker);
  const f = createBullRescanFollower({
    connections,
    redisPrefix: prefix,
    log,
    now: () => new Date(),
    portsFor: () => ports,
    policy,
  });
  followers.push(f);
  return f;
}

function subject(id: Parameters<typeof image>[0]): ActionSubject {
  const { repositoryName, imageDigest } = image(id);
  return {
    ref: `${repositoryName}@${imageDigest}`,
    repositoryName,
    imageDigest,
    accountId: TARGETS.basic.accountId,
    region: TARGETS.basic.region,
  };
}

function collect() {
  const done: { data: FollowJobData; result: FollowResult }[] = [];
  return { done, handler: async (data: FollowJobData, result: FollowResult) => void done.push({ data, result }) };
}

async function until(predicate: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('rescan follow-ups on BullMQ', () => {
  it('polls until the scan is COMPLETE and tells onDone once, with the response_url it was given', async () => {
    sandbox.world.scanDelayMs = 400;
    const target = subject('never-scanned');
    await ports.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest });
    const f = follower(harness.prefix());
    const rec = collect();
    f.onDone(rec.handler);
    await f.start();
    await f.enqueue({
      subject: target,
      user: 'U0ALICE',
      responseUrl: 'http://127.0.0.1:9/respond/x',
      replaceOriginal: true,
    });
    await until(() => rec.done.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(rec.done).toHaveLength(1);
    expect(rec.done[0]?.result).toMatchObject({ kind: 'finished', status: 'COMPLETE' });
    expect(rec.done[0]?.result.polls).toBeGreaterThan(1);
    expect(rec.done[0]?.data).toMatchObject({
      user: 'U0ALICE',
      responseUrl: 'http://127.0.0.1:9/respond/x',
      replaceOriginal: true,
    });
    const polls = sandbox.stats.byOperation()['ecr:DescribeImageScanFindings'] ?? 0;
    expect(polls).toBe(rec.done[0]?.result.polls);
  });

  it('two replicas asked to follow the same image follow it once; the other replica may run the polls', async () => {
    sandbox.world.scanDelayMs = 300;
    const target = subject('failed-other');
    await ports.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest });
    const prefix = harness.prefix();
    const a = follower(prefix);
    const b = follower(prefix);
    const rec = collect();
    a.onDone(rec.handler);
    b.onDone(rec.handler);
    // Only B has a worker: the follow that A enqueued survives A and is finished by B.
    await b.start();
    const input = {
      subject: target,
      user: 'U0ALICE',
      responseUrl: 'http://127.0.0.1:9/respond/y',
      replaceOriginal: false,
    };
    await Promise.all([a.enqueue(input), b.enqueue(input), a.enqueue(input)]);
    await until(() => rec.done.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(rec.done).toHaveLength(1);
    expect(rec.done[0]?.result.kind).toBe('finished');
  });

  it('ends as timed-out when the scan does not finish within the policy', async () => {
    sandbox.world.scanDelayMs = 60_000;
    const target = subject('scan-not-started');
    await ports.ecr.startImageScan(target.repositoryName, { imageDigest: target.imageDigest });
    const f = follower(harness.prefix(), { firstDelayMs: 50, factor: 1, maxDelayMs: 50, maxTotalMs: 400 });
    const rec = collect();
    f.onDone(rec.handler);
    await f.start();
    await f.enqueue({
      subject: target,
      user: 'U0ALICE',
      responseUrl: 'http://127.0.0.1:9/respond/z',
      replaceOriginal: true,
    });
    await until(() => rec.done.length > 0);
    expect(rec.done[0]?.result).toMatchObject({ kind: 'timed-out', lastStatus: 'IN_PROGRESS' });
  });

  it('job ids are per image and free of ":" (BullMQ refuses custom ids with it)', () => {
    const id = followJobId(subject('never-scanned'));
    expect(id).toMatch(/^follow-[0-9a-f]{32}$/);
    expect(followJobId({ ...subject('never-scanned'), region: 'us-west-2' })).not.toBe(id);
  });
});
