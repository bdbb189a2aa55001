/**
 * Replica drills, long version (`npm run test:faults`): more channels, longer digests at Slack's own pace (one post
 * a second per channel, enforced by the fake Slack with 429s), more runs. Nobody killed first, then replica "a"
 * SIGKILLed mid-digest; the two share one pair of replicas, so they run in this order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  digestReplicaKillDrill,
  type ReplicaPair,
  startReplicaPair,
  twoReplicasDigestDrill,
} from './scenarios/digest-replica-kill.js';

const NONE = { lost: 0, duplicated: 0, crashed: 0 };
const channels = (name: string, n: number) => Array.from({ length: n }, (_, i) => `C0${name}${i}`);
let pair: ReplicaPair | undefined;

beforeAll(async () => {
  pair = await startReplicaPair({
    imagesPerRepository: 20,
    pageIntervalMs: 1_000,
    leaseMs: 3_000,
    enforcePostRate: true,
  });
}, 120_000);
afterAll(async () => {
  await pair?.close();
});

it('six channels, two replicas, schedules every second on both: one digest per subscription, many runs later', async () => {
  const result = await twoReplicasDigestDrill(pair!, { channels: channels('TOGETHER', 6), extraRuns: 5 });
  expect(Object.values(result.pageCounts).every((n) => n >= 4)).toBe(true);
  expect(result.differences).toEqual({});
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual(NONE);
  expect(result.postedRuns).toBe(6);
  expect(result.postsBy.a).toBeGreaterThan(0);
  expect(result.postsBy.b).toBeGreaterThan(0);
  expect(result.alreadyPostedRuns).toBeGreaterThanOrEqual(6 * 5);
  expect(result.failedRuns).toBe(0);
  expect(result.errorLogs).toEqual([]);
});

it('four channels, the replica posting one of them SIGKILLed mid-digest: every digest whole, once, in order', async () => {
  const result = await digestReplicaKillDrill(pair!, {
    channels: channels('KILL', 4),
    killAfterPages: 4,
    extraRuns: 3,
  });
  expect(result.killed.pagesPosted).toBeGreaterThanOrEqual(4);
  expect(result.killed.pagesPosted).toBeLessThan(result.killed.pageCount);
  expect(result.differences).toEqual({});
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual(NONE);
  // A 429 (the fake Slack's pace) also makes a later attempt resume, so other resumed digests may show up here.
  expect(result.resumed).toContainEqual({
    digest: expect.stringContaining(`:${result.killed.channel}:`),
    from: result.killed.pagesPosted,
  });
  expect(result.postedRuns).toBe(4);
  expect(result.failedRuns).toBe(0);
  expect(result.errorLogs).toEqual([]);
});
