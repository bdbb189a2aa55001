/** Renders the benchmark results as `bench/report.md`: every figure a median with its min–max over the runs. */
import type { AckLevel, IsolatedAck } from './ack-latency.js';
import type { DigestSection } from './digest.js';
import { fmt, type Summary, spread } from './stats.js';
import type { Throughput } from './throughput.js';
import type { WhyEndToEnd } from './why-end-to-end.js';

export interface BenchResults {
  meta: {
    startedAt: string;
    durationSeconds: number;
    machine: string;
    node: string;
    bolt: string;
    redis: string;
    /** 1-minute load average when the run started and ended: other work on the machine skews the figures. */
    loadAverage: { start: number; end: number };
    settings: Record<string, unknown>;
  };
  ack: { levels: AckLevel[]; isolated: IsolatedAck };
  why: WhyEndToEnd[];
  throughput: Throughput;
  digest: DigestSection;
}

const x = (s: Summary) => `${spread(s, 2)}×`;

export function renderReport(r: BenchResults): string {
  const s = r.meta.settings as {
    ack: { requestsPerRun: number; runs: number; warmupRequests: number };
    why: { latencyMs: number; runs: number };
    throughput: { concurrency: number; durationMs: number; runs: number };
  };
  const lines = [
    '# ecrscan benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${r.meta.startedAt} in ${fmt(r.meta.durationSeconds, 0)} s.`,
    `Machine: ${r.meta.machine}; Node ${r.meta.node}; @slack/bolt ${r.meta.bolt}; Redis ${r.meta.redis}.`,
    `1-minute load average ${fmt(r.meta.loadAverage.start, 2)} at the start and ${fmt(r.meta.loadAverage.end, 2)} at the end (2 cores: anything near 2 means other work shared the machine).`,
    'Every figure is the median of several runs with the spread (min–max) in brackets. Everything runs on',
    'this one machine over loopback: the app under test in its own process, and the load generator, fake',
    'Slack and sandbox (AWS) together in the benchmark process, so both share the same two cores.',
    '',
    '## Ack latency of `/ecrscan why`',
    '',
    `Signed \`/ecrscan why <healthy image>\` posts over keep-alive HTTP, closed loop, ${s.ack.requestsPerRun} requests`,
    `per run after ${s.ack.warmupRequests} discarded, ${s.ack.runs} runs per app and level, the two apps alternating.`,
    'ecrscan is the real `serve()` with Redis, acking first and then answering every request through',
    'response_url (warm: no AWS call); the bare app is `@slack/bolt` with the same HTTPReceiver and a listener',
    'that only acks. Latency is from writing the request to reading the whole response.',
    '',
    '| clients | ecrscan p50 ms | bare p50 ms | p50 ratio | ecrscan p99 ms | bare p99 ms | p99 ratio | non-200 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.ack.levels.map(
      (l) =>
        `| ${l.concurrency} | ${spread(l.ecrscan.p50, 2)} | ${spread(l.bare.p50, 2)} | ${x(l.ratio.p50)} | ${spread(l.ecrscan.p99, 2)} | ${spread(l.bare.p99, 2)} | ${x(l.ratio.p99)} | ${l.non200} |`,
    ),
    '',
    'Ratios are ecrscan ÷ bare per pair of runs. In a closed loop the next request arrives while ecrscan is',
    'still answering the previous ones (about 3–4 ms of CPU per warm answer, see throughput), so its ack waits',
    'behind that work on the same event loop. With nothing else in flight (one client that waits for each',
    `answer before the next request, ${r.ack.isolated.requestsPerRun} requests per run), ecrscan acks in:`,
    '',
    '| ecrscan alone p50 ms | ÷ bare (1 client) p50 | ecrscan alone p99 ms | ÷ bare (1 client) p99 |',
    '|---:|---:|---:|---:|',
    `| ${spread(r.ack.isolated.p50, 2)} | ${x(r.ack.isolated.ratio.p50)} | ${spread(r.ack.isolated.p99, 2)} | ${x(r.ack.isolated.ratio.p99)} |`,
    '',
    `## \`why\` end to end (sandbox latency ${s.why.latencyMs} ms on every AWS call and blob download)`,
    '',
    `From sending the signed command to the answer's arrival at response_url; ${s.why.runs} runs per image.`,
    "Cold: ecrscan's cached facts deleted from Redis before the question; warm: the same question again at once.",
    'AWS calls are requests the sandbox received (retries and blob downloads included). The lower bound is the',
    'round-trip depth × the latency: the longest chain of requests that each need the previous answer.',
    '',
    '| image | depth (chain) | lower bound ms | cold ms | cold AWS calls | cold ÷ lower bound | warm ms | warm AWS calls | right answers |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.why.map(
      (c) =>
        `| ${c.label} | ${c.depth} (${c.chain}) | ${c.lowerBoundMs} | ${spread(c.cold.ms, 0)} | ${spread(c.cold.awsCalls, 0)} | ${x(c.cold.ratioToLowerBound)} | ${spread(c.warm.ms, 1)} | ${spread(c.warm.awsCalls, 0)} | ${c.correctAnswers}/${c.answers} |`,
    ),
    '',
    'Cold calls by operation (last run):',
    '',
    ...r.why.map(
      (c) =>
        `- ${c.id}: ${Object.entries(c.cold.callsByOperation)
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')}`,
    ),
    '',
    '## Warm throughput, one instance with Redis',
    '',
    `${r.throughput.concurrency} clients in a closed loop, each sending \`why\` for one of ${r.throughput.images.length}`,
    `seeded images (${r.throughput.images.join(', ')}) and waiting for the answer at response_url before the`,
    `next; ${s.throughput.runs} runs of ${fmt(s.throughput.durationMs / 1000, 0)} s.`,
    '',
    '| answered / s | answer p50 ms | answer p99 ms | app CPU (cores) | harness CPU (cores) | app CPU ms per answer | AWS calls | non-200 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${spread(r.throughput.answeredPerSecond, 0)} | ${spread(r.throughput.answerMs.p50, 1)} | ${spread(r.throughput.answerMs.p99, 1)} | ${spread(r.throughput.appCpu, 2)} | ${spread(r.throughput.harnessCpu, 2)} | ${spread(r.throughput.appCpuMsPerAnswer, 2)} | ${r.throughput.awsCalls} | ${r.throughput.non200} |`,
    '',
    'App CPU near 1.0 means the single Node process is the limit; the harness (load generator, fake Slack,',
    'sandbox) runs on the other core.',
    '',
    ...renderDigest(r.digest),
  ];
  return `${lines.join('\n')}\n`;
}

function renderDigest(d: DigestSection): string[] {
  const head = ['## Digest at scale (expiring report over generated registries)', ''];
  const rows = d.status === 'ok' ? d.results : d.done;
  const failed = d.status === 'failed' ? ['', '**The digest benchmark failed in this run:**', '', '```', d.error, '```'] : [];
  const settings =
    d.status === 'ok'
      ? `Sandbox latency ${d.settings.latencyMs} ms per call, ${d.settings.runs} runs per size, each with a cold cache, ` +
        `${rows[0]?.concurrency ?? '?'} repositories in flight. `
      : '';
  return [
    ...head,
    `${settings}From \`bench/digest-scale.ts\`: \`listExpiring\` over N accounts × repositories of generated images.`,
    'Minimum pages: ⌈images/200⌉ ListCoverage pages and one GetConfiguration per account, ⌈n/1000⌉ DescribeImages',
    'per repository. Naive: one DescribeImageScanFindings per image (as notifier Lambdas do), timed on a sample and',
    'extrapolated; its lower bound is calls × latency ÷ concurrency. Each size runs in a fresh process; its peak',
    'RSS includes the in-process sandbox serving the generated registry.',
    '',
    '| images (accounts × repos) | wall s | AWS calls | minimum pages | calls ÷ minimum | peak RSS MB (baseline) | naive calls | naive wall s (lower bound) | naive ÷ ecrscan: calls / time | per 1,000 images: calls / s | expiring / expired / errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const k = r.world.images / 1000;
      return `| ${r.world.images.toLocaleString('en')} (${r.world.accounts} × ${r.world.repositories}) | ${spread(scale(r.wallMs, 1 / 1000), 1)} | ${r.awsCalls} | ${r.minimumPages.total} | ${fmt(r.awsCalls / r.minimumPages.total, 2)}× | ${spread(r.peakRssMb, 0)} (${fmt(r.baselineRssMb, 0)}) | ${r.naive.calls} | ${fmt(r.naive.extrapolatedWallMs / 1000, 0)} (${fmt(r.naive.lowerBoundWallMs / 1000, 0)}) | ${fmt(r.naive.calls / r.awsCalls, 0)}× / ${fmt(r.naive.extrapolatedWallMs / r.wallMs.median, 0)}× | ${fmt(r.awsCalls / k, 2)} / ${fmt(r.wallMs.median / 1000 / k, 3)} | ${r.expiring} / ${r.expired} / ${r.errors} |`;
    }),
    '',
    'With a min-severity (one more cold run, severities read): the extra ListFindingAggregations calls against their',
    'minimum: per repository with listed images, the fewer of ⌈listed/10⌉ calls naming digests (the filter takes 10)',
    'and ⌈images with findings/100⌉ pages of the repository.',
    '',
    '| images | wall s | AWS calls | ListFindingAggregations calls | their minimum | repositories with listed images |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows
      .filter((r) => r.withSeverity)
      .map(
        (r) =>
          `| ${r.world.images.toLocaleString('en')} | ${fmt(r.withSeverity.wallMs / 1000, 1)} | ${r.withSeverity.awsCalls} | ${r.withSeverity.aggregationCalls} | ${r.withSeverity.minimumAggregationCalls ?? '?'} | ${r.withSeverity.listedRepositories} |`,
      ),
    '',
    'Calls by operation (last run):',
    '',
    ...rows.map(
      (r) =>
        `- ${r.world.images.toLocaleString('en')}: ${Object.entries(r.awsCallsByOperation)
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')}`,
    ),
    ...failed,
  ];
}

function scale(s: Summary, by: number): Summary {
  return { ...s, median: s.median * by, min: s.min * by, max: s.max * by };
}
