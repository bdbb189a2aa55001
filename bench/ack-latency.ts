/**
 * Ack latency of signed `/ecrscan why` requests under N concurrent clients: ecrscan (the real `serve()`, which
 * still answers every request through response_url after acking) against a bare Bolt app with the same receiver
 * whose listener only acks, the framework's floor. Runs alternate between the two apps so drift hits both.
 */
import { randomUUID } from 'node:crypto';
import { seededImage } from '../src/sandbox/seeded-images.js';
import { percentile, type Summary, summarize } from './stats.js';
import type { AppProcess } from './support/app-process.js';
import { BENCH_SECRET, type BenchEnv, progress, waitForAnswer } from './support/bench-env.js';
import { closedLoop, slackPoster } from './support/load.js';

export interface AckLevel {
  concurrency: number;
  requestsPerRun: number;
  ecrscan: { p50: Summary; p99: Summary };
  bare: { p50: Summary; p99: Summary };
  /** ecrscan ÷ bare, per pair of runs. */
  ratio: { p50: Summary; p99: Summary };
  /** Responses other than 200 (should be none). */
  non200: number;
}

/** ecrscan's ack with nothing else in flight: each request waits for its answer before the next is sent. */
export interface IsolatedAck {
  requestsPerRun: number;
  p50: Summary;
  p99: Summary;
  /** ÷ the bare app's p50/p99 at 1 client, per run. */
  ratio: { p50: Summary; p99: Summary };
}

export interface AckOptions {
  levels: number[];
  requestsPerRun: number;
  runs: number;
  warmupRequests: number;
}

export async function benchAckLatency(
  env: BenchEnv,
  apps: { ecrscan: AppProcess; bare: AppProcess },
  opts: AckOptions,
): Promise<{ levels: AckLevel[]; isolated: IsolatedAck }> {
  const text = `why ${seededImage('healthy').ref}`;
  // The answer is in Redis before measuring: what follows each ack is a warm answer posted to response_url.
  const first = randomUUID();
  const warm = slackPoster(apps.ecrscan.url, BENCH_SECRET, 1);
  await warm.command({ text, userId: 'U0WARM', responseUrl: env.slack.responseUrl(first) });
  await waitForAnswer(env.slack, first);
  warm.close();

  const isolated = await isolatedAck(env, apps, text, opts);
  const results: AckLevel[] = [];
  for (const concurrency of opts.levels) {
    const p50 = { ecrscan: [] as number[], bare: [] as number[] };
    const p99 = { ecrscan: [] as number[], bare: [] as number[] };
    let non200 = 0;
    for (let run = -1; run < opts.runs; run++) {
      const order = run % 2 === 0 ? (['bare', 'ecrscan'] as const) : (['ecrscan', 'bare'] as const);
      for (const which of order) {
        const requests = run < 0 ? opts.warmupRequests : opts.requestsPerRun;
        const measured = await oneRun(env, apps[which], concurrency, requests, text, which === 'ecrscan');
        if (run < 0) continue;
        non200 += measured.non200;
        p50[which].push(percentile(measured.latenciesMs, 0.5));
        p99[which].push(percentile(measured.latenciesMs, 0.99));
      }
      if (run >= 0) {
        progress(
          `ack c=${concurrency} run ${run + 1}/${opts.runs}: p50 ecrscan ${p50.ecrscan.at(-1)!.toFixed(2)} ms, bare ${p50.bare.at(-1)!.toFixed(2)} ms`,
        );
      }
    }
    results.push({
      concurrency,
      requestsPerRun: opts.requestsPerRun,
      ecrscan: { p50: summarize(p50.ecrscan), p99: summarize(p99.ecrscan) },
      bare: { p50: summarize(p50.bare), p99: summarize(p99.bare) },
      ratio: {
        p50: summarize(p50.ecrscan.map((v, i) => v / p50.bare[i]!)),
        p99: summarize(p99.ecrscan.map((v, i) => v / p99.bare[i]!)),
      },
      non200,
    });
  }
  return { levels: results, isolated };
}

async function isolatedAck(
  env: BenchEnv,
  apps: { ecrscan: AppProcess; bare: AppProcess },
  text: string,
  opts: AckOptions,
): Promise<IsolatedAck> {
  const requests = Math.max(50, Math.floor(opts.requestsPerRun / 4));
  const p50: number[] = [];
  const p99: number[] = [];
  const bare50: number[] = [];
  const bare99: number[] = [];
  for (let run = -1; run < opts.runs; run++) {
    const poster = slackPoster(apps.ecrscan.url, BENCH_SECRET, 1);
    const acks: number[] = [];
    for (let i = 0; i < requests; i++) {
      const id = randomUUID();
      const { ms } = await poster.command({ text, userId: 'U0ALONE', responseUrl: env.slack.responseUrl(id) });
      await waitForAnswer(env.slack, id);
      acks.push(ms);
    }
    poster.close();
    env.slack.reset();
    const bare = await oneRun(env, apps.bare, 1, requests, text, false);
    if (run < 0) continue;
    p50.push(percentile(acks, 0.5));
    p99.push(percentile(acks, 0.99));
    bare50.push(percentile(bare.latenciesMs, 0.5));
    bare99.push(percentile(bare.latenciesMs, 0.99));
    progress(
      `ack alone run ${run + 1}/${opts.runs}: p50 ecrscan ${p50.at(-1)!.toFixed(2)} ms, bare ${bare50.at(-1)!.toFixed(2)} ms`,
    );
  }
  return {
    requestsPerRun: requests,
    p50: summarize(p50),
    p99: summarize(p99),
    ratio: { p50: summarize(p50.map((v, i) => v / bare50[i]!)), p99: summarize(p99.map((v, i) => v / bare99[i]!)) },
  };
}

async function oneRun(
  env: BenchEnv,
  app: AppProcess,
  concurrency: number,
  requests: number,
  text: string,
  awaitAnswers: boolean,
) {
  const poster = slackPoster(app.url, BENCH_SECRET, concurrency);
  const ids: string[] = [];
  let non200 = 0;
  const loop = await closedLoop({
    concurrency,
    requests,
    iteration: async (i) => {
      const id = randomUUID();
      ids.push(id);
      const { status, ms } = await poster.command({
        text,
        userId: `U0LOAD${i % 50}`,
        responseUrl: env.slack.responseUrl(id),
      });
      if (status !== 200) non200++;
      return ms;
    },
  });
  poster.close();
  // ecrscan's answers still being posted would load the next run: wait for every one of them.
  if (awaitAnswers) await env.slack.waitFor(() => ids.every((id) => env.slack.responses(id).length > 0), 120_000);
  env.slack.reset();
  return { ...loop, non200 };
}
