/**
 * `npm run bench`: measures ack latency (ecrscan against a bare Bolt app), `why` end to end cold and warm,
 * warm throughput and the digest at scale, all in one run on this machine, and writes `bench/report.md` and
 * `bench/report.json`. Progress goes to stderr.
 * `npm run bench -- --quick` takes a fraction of the time with fewer runs and writes to a temporary directory
 * (for trying the benchmark, not for the report).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchAckLatency } from './ack-latency.js';
import { benchDigest } from './digest.js';
import { type BenchResults, renderReport } from './report.js';
import { type AppProcess, startAppProcess } from './support/app-process.js';
import { progress, startBenchEnv } from './support/bench-env.js';
import { benchThroughput } from './throughput.js';
import { benchWhyEndToEnd } from './why-end-to-end.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const quick = process.argv.includes('--quick');
const settings = {
  ack: quick
    ? { levels: [1, 10, 50], requestsPerRun: 100, runs: 2, warmupRequests: 20 }
    : { levels: [1, 10, 50], requestsPerRun: 400, runs: 5, warmupRequests: 100 },
  why: { latencyMs: 50, runs: quick ? 2 : 7 },
  throughput: { concurrency: 20, durationMs: quick ? 2_000 : 10_000, runs: quick ? 2 : 3 },
  digest: { latencyMs: 50, runs: quick ? 1 : 3, sizes: quick ? [5_000] : [5_000, 50_000, 200_000] },
  quick,
};

const started = performance.now();
const startedAt = new Date().toISOString();
const loadAtStart = os.loadavg()[0]!;
const env = await startBenchEnv();
const apps: AppProcess[] = [];
let results: Omit<BenchResults, 'meta' | 'digest'>;
let redisVersion = 'unknown';
try {
  const ecrscan = await startAppProcess('ecrscan', env.appEnv);
  apps.push(ecrscan);
  const bare = await startAppProcess('bare', env.appEnv);
  apps.push(bare);
  redisVersion = /redis_version:(\S+)/.exec(await env.redis.info('server'))?.[1] ?? redisVersion;
  progress(`ack latency: ${settings.ack.levels.join('/')} clients, ${settings.ack.runs} runs per app and level`);
  const ack = await benchAckLatency(env, { ecrscan, bare }, settings.ack);
  await bare.stop();
  progress(`why end to end: ${settings.why.runs} cold + warm runs per image at ${settings.why.latencyMs} ms`);
  const why = await benchWhyEndToEnd(env, ecrscan, settings.why);
  progress(`warm throughput: ${settings.throughput.concurrency} clients, ${settings.throughput.runs} runs`);
  const throughput = await benchThroughput(env, ecrscan, settings.throughput);
  results = { ack, why, throughput };
} finally {
  await Promise.all(apps.map((app) => app.stop()));
  await env.close();
}
progress('digest at scale');
const { sizes, ...digestSettings } = settings.digest;
const digest = await benchDigest(digestSettings, sizes);

const bolt = JSON.parse(readFileSync(new URL('../node_modules/@slack/bolt/package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const report: BenchResults = {
  meta: {
    startedAt,
    durationSeconds: (performance.now() - started) / 1000,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
    node: process.version,
    bolt: bolt.version,
    redis: redisVersion,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0]! },
    settings,
  },
  ...results,
  digest,
};
// A quick run is not the report: it goes to the temporary directory so it is never committed by mistake.
const dir = quick
  ? mkdtempSync(path.join(os.tmpdir(), 'ecrscan-bench-'))
  : fileURLToPath(new URL('.', import.meta.url));
writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(dir, 'report.md'), renderReport(report));
progress(`wrote ${path.join(dir, 'report.md')} and report.json in ${report.meta.durationSeconds.toFixed(0)} s`);
