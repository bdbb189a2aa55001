/**
 * The test-only `serve()` knobs of a replica in the replica drills, shared by the one run in a child process
 * (serve-child.ts) and the one run in the test process, so that both replicas of a pair behave alike.
 */
import type { ServeOptions } from '../../../src/main.js';
import { sandboxAwsOptions } from '../../../src/sandbox/client-options.js';

export interface ReplicaOptions {
  sandboxUrl: string;
  redisPrefix: string;
  /** Digest schedules fire every second instead of at the subscription's `at`, so a test sees runs at once. */
  everySecond?: boolean;
  pageIntervalMs?: number;
  leaseMs?: number;
  /** Digest jobs this replica runs at once (BullMQ worker concurrency; ecrscan's default is 2). */
  digestConcurrency?: number;
}

export function replicaServeOptions(opts: ReplicaOptions): ServeOptions {
  return {
    redisPrefix: opts.redisPrefix,
    awsOptions: sandboxAwsOptions(opts.sandboxUrl),
    jobs: {
      ...(opts.everySecond ? { repeatOf: () => ({ pattern: '* * * * * *', tz: 'UTC' }) } : {}),
      ...(opts.pageIntervalMs === undefined ? {} : { pageIntervalMs: opts.pageIntervalMs }),
      ...(opts.leaseMs === undefined ? {} : { leaseMs: opts.leaseMs }),
      // A killed replica's running job goes back to the queue within about a second, not after BullMQ's 30 s.
      digestWorker: {
        concurrency: opts.digestConcurrency ?? 2,
        lockDuration: 1_000,
        stalledInterval: 300,
        maxStalledCount: 3,
      },
    },
    // One test plays every user.
    slack: { commandLimit: { limit: 1_000_000, windowMs: 60_000 }, lookingAfterMs: 1_000 },
  };
}
