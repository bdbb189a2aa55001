/**
 * Cold and warm `why` against the sandbox with injected latency: wall time, AWS calls, and the implied
 * number of sequential round trips (time ÷ latency), for an image that needs no OS detection, one whose
 * config blob decides (Windows), and one whose layers must be read (FROM scratch).
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config.js';
import { createCore } from '../src/core.js';
import { createLogger } from '../src/logger.js';
import { sandboxAwsOptions } from '../src/sandbox/client-options.js';
import { SEEDED_IMAGES } from '../src/sandbox/seeded-images.js';
import { startSandbox } from '../src/sandbox/server.js';
import { type Summary, summarize } from './stats.js';

export interface WhyCase {
  id: string;
  label: string;
  lowerBoundRoundTrips: number;
  cold: { ms: Summary; awsCalls: Summary; roundTrips: Summary };
  warm: { ms: Summary; awsCalls: Summary };
}

const CASES = [
  { id: 'healthy', label: 'healthy (no OS detection)', lowerBoundRoundTrips: 1 },
  { id: 'windows', label: 'Windows (config blob decides)', lowerBoundRoundTrips: 3 },
  { id: 'scratch', label: 'FROM scratch (config + layers)', lowerBoundRoundTrips: 5 },
] as const;

export async function benchWhyRoundTrips(opts: { latencyMs: number; runs: number }): Promise<WhyCase[]> {
  const sandbox = await startSandbox({ faults: { latencyMs: opts.latencyMs } });
  const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const results: WhyCase[] = [];
  try {
    for (const c of CASES) {
      const ref = SEEDED_IMAGES.find((i) => i.id === c.id)!.ref;
      const cold: { ms: number; calls: number }[] = [];
      const warm: { ms: number; calls: number }[] = [];
      for (let run = 0; run < opts.runs; run++) {
        let calls = 0;
        // A new core per run: an empty in-memory cache, so the first question is truly cold.
        const core = await createCore({
          config: loadConfig({ AWS_REGION: 'us-east-1' }),
          log,
          onAwsCall: () => calls++,
          awsOptions: sandboxAwsOptions(sandbox.url),
        });
        let t = performance.now();
        await core.explain(ref);
        cold.push({ ms: performance.now() - t, calls });
        calls = 0;
        t = performance.now();
        await core.explain(ref);
        warm.push({ ms: performance.now() - t, calls });
        await core.close();
      }
      results.push({
        id: c.id,
        label: c.label,
        lowerBoundRoundTrips: c.lowerBoundRoundTrips,
        cold: {
          ms: summarize(cold.map((r) => r.ms)),
          awsCalls: summarize(cold.map((r) => r.calls)),
          roundTrips: summarize(cold.map((r) => r.ms / opts.latencyMs)),
        },
        warm: { ms: summarize(warm.map((r) => r.ms)), awsCalls: summarize(warm.map((r) => r.calls)) },
      });
    }
  } finally {
    await sandbox.close();
  }
  return results;
}
