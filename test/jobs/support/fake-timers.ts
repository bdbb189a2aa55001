/** A clock and timers that move only when told, for the in-process scheduler: days pass in milliseconds. */
import type { SchedulerTimers } from '../../../src/jobs/in-process-scheduler.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export function fakeTimers(start: string | number) {
  let now = typeof start === 'string' ? Date.parse(start) : start;
  let seq = 0;
  let pending: Timer[] = [];
  const flush = async () => {
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const timers: SchedulerTimers & { advanceTo(when: string | number): Promise<void>; pending(): number } = {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), seq: ++seq, fn };
      pending.push(timer);
      return timer;
    },
    clearTimeout(handle) {
      pending = pending.filter((t) => t !== handle);
    },
    /** Fires every timer due up to `when`, in order, letting the callbacks' promises settle in between. */
    async advanceTo(when) {
      const end = typeof when === 'string' ? Date.parse(when) : when;
      await flush();
      for (;;) {
        pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = pending[0];
        if (!next || next.at > end) break;
        pending.shift();
        now = next.at;
        next.fn();
        await flush();
      }
      now = end;
    },
    pending: () => pending.length,
  };
  return timers;
}
