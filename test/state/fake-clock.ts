/** Milliseconds that move only when told: for TTLs and windows of the in-memory stores. */
export function fakeClock(start = Date.parse('2026-05-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
