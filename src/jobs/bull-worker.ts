/**
 * A bounded graceful stop for BullMQ workers (SIGTERM, platform.md §7). `worker.close()` waits for running jobs
 * without limit, and a later `close(true)` only returns that same pending promise; so the worker is paused (no
 * new jobs), its running jobs get `graceMs` to finish, and only then is it closed: gracefully if they finished,
 * forced if not. A forced job's lock runs out and another replica takes it up (its progress is in Redis).
 *
 * The close itself is bounded too: while one of the worker's connections is still reconnecting (just after a
 * Redis restart), BullMQ 6 waits for an `end` event that never comes (taskforcesh/bullmq#4656, open). After
 * `closeTimeoutMs` the connections are dropped instead, so a stop never hangs.
 */
import type { Job, Processor, Worker } from 'bullmq';
import type { Logger } from '../logger.js';

export interface ActiveJobs<D> {
  /** Wraps a processor so its running jobs are known. */
  wrap<R>(processor: Processor<D, R>): Processor<D, R>;
  settled(graceMs: number): Promise<boolean>;
}

export function activeJobs<D>(): ActiveJobs<D> {
  const running = new Set<Promise<unknown>>();
  return {
    wrap: (processor) => (job: Job<D>, token?: string, signal?: AbortSignal) => {
      const work = processor(job, token, signal);
      running.add(work);
      void work.finally(() => running.delete(work)).catch(() => {});
      return work;
    },
    async settled(graceMs) {
      if (running.size === 0) return true;
      return within(
        Promise.allSettled([...running]).then(() => true),
        graceMs,
        false,
      );
    },
  };
}

export async function closeWorker<D>(
  worker: Worker<D>,
  active: ActiveJobs<D>,
  opts: { graceMs: number; log: Logger; closeTimeoutMs?: number },
): Promise<void> {
  await within(
    worker.pause(true).catch(() => {}),
    opts.closeTimeoutMs ?? 5_000,
    undefined,
  );
  const finished = await active.settled(opts.graceMs);
  const closed = await within(
    worker.close(!finished).then(() => true),
    opts.closeTimeoutMs ?? 5_000,
    false,
  );
  if (!closed) {
    opts.log.warn('a BullMQ worker did not close in time (Redis reconnecting?); dropping its connections');
    await within(
      worker.disconnect().catch(() => {}),
      1_000,
      undefined,
    );
  }
}

async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
