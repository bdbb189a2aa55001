/** Small statistics for benchmark reports: medians and spreads, never a single run. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  p99?: number;
  runs: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, p99: percentile(sorted, 0.99), runs: sorted.length };
}

/** Nearest-rank percentile (`q` in 0–1): the smallest value with at least q of the samples at or below it. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
export const spread = (s: Summary, digits = 1) =>
  `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
