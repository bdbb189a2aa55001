/**
 * Short version of the replica drills (the long one is digest-replica-kill.drill.ts, run by `npm run test:faults`):
 * two replicas of the real app on one Redis prefix, one of them in a child process; first nobody is killed, then
 * that one is SIGKILLed mid-digest. The tests share the pair (starting the child is the slow part), so they run
 * in this order.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  digestReplicaKillDrill,
  type ReplicaPair,
  startReplicaPair,
  twoReplicasDigestDrill,
} from './scenarios/digest-replica-kill.js';

const NONE = { lost: 0, duplicated: 0, crashed: 0 };
let pair: ReplicaPair | undefined;

// The child process takes a few seconds to load the app, more on a busy machine.
beforeAll(async () => {
  pair = await startReplicaPair({ imagesPerRepository: 6, pageIntervalMs: 700, leaseMs: 2_000 });
}, 60_000);
afterAll(async () => {
  await pair?.close();
});

it('two replicas, nobody killed, schedules firing every second on both: one digest per subscription', async () => {
  const result = await twoReplicasDigestDrill(pair!, { channels: ['C0TOGETHER1', 'C0TOGETHER2'], extraRuns: 2 });
  expect(Object.values(result.pageCounts).every((n) => n >= 2)).toBe(true);
  expect(result.differences).toEqual({});
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual(NONE);
  expect(result.postedRuns).toBe(2);
  // One digest at a time per replica and both subscribed together: each replica posted one of them.
  expect(result.postsBy.a).toBeGreaterThan(0);
  expect(result.postsBy.b).toBeGreaterThan(0);
  expect(result.alreadyPostedRuns).toBeGreaterThanOrEqual(2 * 2);
  expect(result.failedRuns).toBe(0);
  expect(result.errorLogs).toEqual([]);
});

it('a replica SIGKILLed between two pages of a digest: the other finishes it, every page once, in order', async () => {
  const result = await digestReplicaKillDrill(pair!, { channels: ['C0KILL1', 'C0KILL2'], extraRuns: 1 });
  expect(result.killed.pagesPosted).toBeGreaterThanOrEqual(1);
  expect(result.killed.pagesPosted).toBeLessThan(result.killed.pageCount);
  expect(result.differences).toEqual({});
  expect({ lost: result.lost, duplicated: result.duplicated, crashed: result.crashed }).toEqual(NONE);
  // The survivor took the digest up where the victim stopped, not from scratch.
  expect(result.resumed).toEqual([
    { digest: expect.stringContaining(`:${result.killed.channel}:`), from: result.killed.pagesPosted },
  ]);
  expect(result.postedRuns).toBe(2);
  expect(result.failedRuns).toBe(0);
  expect(result.errorLogs).toEqual([]);
});
