/**
 * Shared by the rescan suites: one sandbox whose world is re-seeded before each test (scans started by one test
 * never leak into the next), real adapters for its basic and enhanced accounts, and a fast fake clock for polls.
 */
import { createAwsPorts, type DisposableAwsPorts } from '../../src/aws/create-aws-ports.js';
import type { Target } from '../../src/aws/ports.js';
import { SANDBOX_ACCOUNTS, SANDBOX_SECRET_ACCESS_KEY } from '../../src/sandbox/accounts.js';
import { type SeededProblemId, seededImage } from '../../src/sandbox/seeded-images.js';
import { createDefaultWorld } from '../../src/sandbox/seeded-world.js';
import type { RunningSandbox } from '../../src/sandbox/server.js';

export const TARGETS = {
  basic: { name: 'basic', region: SANDBOX_ACCOUNTS.basic.region, accountId: SANDBOX_ACCOUNTS.basic.accountId },
  enhanced: {
    name: 'enhanced',
    region: SANDBOX_ACCOUNTS.enhanced.region,
    accountId: SANDBOX_ACCOUNTS.enhanced.accountId,
  },
} satisfies Record<string, Target>;

/** How long a started sandbox scan stays IN_PROGRESS in these tests. */
export const SCAN_DELAY_MS = 30;

export function reseed(sandbox: RunningSandbox): void {
  sandbox.world = createDefaultWorld(new Date());
  sandbox.world.scanDelayMs = SCAN_DELAY_MS;
  sandbox.stats.reset();
  sandbox.faults.reset();
}

export function sandboxPortsFor(sandbox: RunningSandbox, target: Target): DisposableAwsPorts {
  return createAwsPorts(target, {
    endpoint: sandbox.url,
    credentials: { accessKeyId: target.accountId ?? 'unknown', secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
  });
}

export function image(id: SeededProblemId) {
  const { repositoryName, digest } = seededImage(id);
  return { repositoryName, imageDigest: digest };
}

/** A clock that moves only when `sleep` is called; `sleep` also yields a few real ms so sandbox timers can run. */
export function pollClock(start = Date.parse('2026-05-01T09:00:00Z'), realMsPerSleep = 10) {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => new Date(now),
    slept,
    async sleep(ms: number, signal?: AbortSignal) {
      if (signal?.aborted) return;
      slept.push(ms);
      now += ms;
      if (realMsPerSleep > 0) await new Promise((r) => setTimeout(r, realMsPerSleep));
    },
  };
}
