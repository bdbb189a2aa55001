/**
 * Warm throughput of one ecrscan instance with Redis: `concurrency` clients in a closed loop, each sending a
 * signed `why` and waiting for its answer at response_url before sending the next, for a fixed time. Also
 * reports where the CPU went, because on a 2-core machine the load generator and fake Slack compete with the app.
 */
import { randomUUID } from 'node:crypto';
import { type SeededProblemId, seededImage } from '../src/sandbox/seeded-images.js';
import { percentile, type Summary, summarize } from './stats.js';
import type { AppProcess } from './support/app-process.js';
import { BENCH_SECRET, type BenchEnv, progress, waitForAnswer } from './support/bench-env.js';
import { closedLoop, slackPoster } from './support/load.js';

const MIX: SeededProblemId[] = ['healthy', 'expired', 'windows', 'scratch', 'scan-clean', 'undefined-severity'];

export interface Throughput {
  concurrency: number;
  durationMs: number;
  images: string[];
  answeredPerSecond: Summary;
  /** From sending the request to the answer's arrival. */
  answerMs: { p50: Summary; p99: Summary };
  /** Share of one core used by the app process while answering. */
  appCpu: Summary;
  /** Share of one core used by the load generator + fake Slack + sandbox process. */
  harnessCpu: Summary;
  appCpuMsPerAnswer: Summary;
  awsCalls: number;
  non200: number;
}

export async function benchThroughput(
  env: BenchEnv,
  app: AppProcess,
  opts: { concurrency: number; durationMs: number; runs: number },
): Promise<Throughput> {
  const refs = MIX.map((id) => seededImage(id).ref);
  const poster = slackPoster(app.url, BENCH_SECRET, opts.concurrency);
  const ask = async (i: number) => {
    const id = randomUUID();
    const started = performance.now();
    const { status } = await poster.command({
      text: `why ${refs[i % refs.length]}`,
      userId: `U0TP${i % 50}`,
      responseUrl: env.slack.responseUrl(id),
    });
    if (status !== 200) non200++;
    await waitForAnswer(env.slack, id);
    return performance.now() - started;
  };
  let non200 = 0;
  for (let i = 0; i < refs.length; i++) await ask(i);
  env.slack.reset();
  env.sandbox.stats.reset();
  const rows: { perSecond: number; p50: number; p99: number; app: number; harness: number; cpuPer: number }[] = [];
  try {
    for (let run = 0; run < opts.runs; run++) {
      const appBefore = await app.cpuMs();
      const harnessBefore = process.cpuUsage();
      const loop = await closedLoop({ concurrency: opts.concurrency, durationMs: opts.durationMs, iteration: ask });
      const appMs = (await app.cpuMs()) - appBefore;
      const harness = process.cpuUsage(harnessBefore);
      rows.push({
        perSecond: (loop.done / loop.wallMs) * 1000,
        p50: percentile(loop.latenciesMs, 0.5),
        p99: percentile(loop.latenciesMs, 0.99),
        app: appMs / loop.wallMs,
        harness: (harness.user + harness.system) / 1000 / loop.wallMs,
        cpuPer: appMs / loop.done,
      });
      env.slack.reset();
      progress(`throughput run ${run + 1}/${opts.runs}: ${rows.at(-1)!.perSecond.toFixed(0)} answers/s`);
    }
  } finally {
    poster.close();
  }
  return {
    concurrency: opts.concurrency,
    durationMs: opts.durationMs,
    images: MIX,
    answeredPerSecond: summarize(rows.map((r) => r.perSecond)),
    answerMs: { p50: summarize(rows.map((r) => r.p50)), p99: summarize(rows.map((r) => r.p99)) },
    appCpu: summarize(rows.map((r) => r.app)),
    harnessCpu: summarize(rows.map((r) => r.harness)),
    appCpuMsPerAnswer: summarize(rows.map((r) => r.cpuPer)),
    awsCalls: env.sandbox.stats.total(),
    non200,
  };
}
