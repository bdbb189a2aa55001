/**
 * `/ecrscan why` end to end through Slack, cold (ecrscan's cached facts deleted from Redis) and warm (asked again
 * at once), with the sandbox adding 50 ms to every AWS call and blob download: time from sending the signed
 * request to the answer's arrival at response_url, AWS calls (sandbox count, retries included), and the ratio
 * to the lower bound, the round-trip depth × the latency.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type SeededProblemId, seededImage } from '../src/sandbox/seeded-images.js';
import { type Summary, summarize } from './stats.js';
import type { AppProcess } from './support/app-process.js';
import { BENCH_SECRET, type BenchEnv, progress, waitForAnswer } from './support/bench-env.js';
import { slackPoster } from './support/load.js';

/**
 * Round-trip depth: the longest chain of AWS requests where each needs an answer from the one before, when only
 * what the diagnosis needs is read (gather-image-facts.ts). Everything about the image, the registry and
 * Inspector is one parallel round; the config blob needs its URL, which needs the manifest; layers are read only
 * when the config cannot tell.
 */
export const WHY_CASES = [
  { id: 'healthy', label: 'healthy (basic scan, no OS detection)', depth: 1, chain: 'one parallel round' },
  {
    id: 'expired',
    label: 'expired (enhanced, Inspector facts)',
    depth: 1,
    chain: 'one parallel round (ECR + Inspector together)',
  },
  {
    id: 'windows',
    label: 'unsupported: Windows (config blob decides)',
    depth: 3,
    chain: 'manifest → config URL → config blob',
  },
  {
    id: 'scratch',
    label: 'unsupported: FROM scratch (config + layers)',
    depth: 5,
    chain: 'manifest → config URL → config blob → layer URL → layer blob',
  },
] as const satisfies readonly { id: SeededProblemId; label: string; depth: number; chain: string }[];

export interface WhyPhase {
  ms: Summary;
  awsCalls: Summary;
  /** By operation, from the last run. */
  callsByOperation: Record<string, number>;
}

export interface WhyEndToEnd {
  id: string;
  label: string;
  depth: number;
  chain: string;
  lowerBoundMs: number;
  cold: WhyPhase & { ratioToLowerBound: Summary };
  warm: WhyPhase;
  /** Answers that named the seeded problem's diagnosis code (all of them, or the figures mean nothing). */
  correctAnswers: number;
  answers: number;
}

export async function benchWhyEndToEnd(
  env: BenchEnv,
  app: AppProcess,
  opts: { latencyMs: number; runs: number },
): Promise<WhyEndToEnd[]> {
  const poster = slackPoster(app.url, BENCH_SECRET, 1);
  env.sandbox.faults.set({ latencyMs: opts.latencyMs, blobLatency: true });
  const ask = async (ref: string, expectedCode: string) => {
    const id = randomUUID();
    env.sandbox.stats.reset();
    const started = performance.now();
    await poster.command({ text: `why ${ref}`, userId: 'U0E2E', responseUrl: env.slack.responseUrl(id) });
    const answer = await waitForAnswer(env.slack, id);
    const ms = performance.now() - started;
    return {
      ms,
      calls: env.sandbox.stats.total(),
      byOperation: env.sandbox.stats.byOperation(),
      correct: JSON.stringify(answer).includes(expectedCode),
    };
  };
  try {
    // One discarded pass: SDK clients per account, JIT and connections are set up before anything is timed.
    for (const c of WHY_CASES) {
      await env.clearCache();
      await ask(seededImage(c.id).ref, '');
    }
    const results: WhyEndToEnd[] = [];
    for (const c of WHY_CASES) {
      const image = seededImage(c.id);
      const code = image.expectedCodes[0]!;
      const cold: Awaited<ReturnType<typeof ask>>[] = [];
      const warm: Awaited<ReturnType<typeof ask>>[] = [];
      for (let run = 0; run < opts.runs; run++) {
        await env.clearCache();
        cold.push(await ask(image.ref, code));
        warm.push(await ask(image.ref, code));
      }
      const lowerBoundMs = c.depth * opts.latencyMs;
      const phase = (list: typeof cold): WhyPhase => ({
        ms: summarize(list.map((r) => r.ms)),
        awsCalls: summarize(list.map((r) => r.calls)),
        callsByOperation: list.at(-1)!.byOperation,
      });
      const result: WhyEndToEnd = {
        ...c,
        lowerBoundMs,
        cold: { ...phase(cold), ratioToLowerBound: summarize(cold.map((r) => r.ms / lowerBoundMs)) },
        warm: phase(warm),
        correctAnswers: [...cold, ...warm].filter((r) => r.correct).length,
        answers: cold.length + warm.length,
      };
      results.push(result);
      progress(
        `why ${c.id}: cold ${result.cold.ms.median.toFixed(0)} ms / ${result.cold.awsCalls.median} calls, warm ${result.warm.ms.median.toFixed(1)} ms / ${result.warm.awsCalls.median} calls`,
      );
    }
    return results;
  } finally {
    env.sandbox.faults.reset();
    env.slack.reset();
    poster.close();
  }
}
