/**
 * The digest-at-scale section: `benchDigestScale` (bench/digest-scale.ts) for each registry size, each in its own
 * process (digest-child.ts) so peak RSS is measured from a clean heap. A failure there is reported in its section
 * instead of losing the other figures.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DigestScaleOptions, DigestScaleResult } from './digest-scale.js';
import { progress } from './support/bench-env.js';

export type DigestSection =
  | { status: 'failed'; error: string; done: DigestScaleResult[] }
  | { status: 'ok'; settings: Omit<DigestScaleOptions, 'images'>; results: DigestScaleResult[] };

export async function benchDigest(
  settings: Omit<DigestScaleOptions, 'images'>,
  sizes: readonly number[],
): Promise<DigestSection> {
  const results: DigestScaleResult[] = [];
  try {
    for (const images of sizes) {
      progress(`digest: ${images.toLocaleString('en')} images, ${settings.runs} runs (own process)`);
      const r = await inChild({ ...settings, images });
      results.push(r);
      progress(
        `digest ${images}: ${(r.wallMs.median / 1000).toFixed(1)} s, ${r.awsCalls} calls (minimum ${r.minimumPages.total}), peak RSS ${r.peakRssMb.median.toFixed(0)} MB`,
      );
    }
    return { status: 'ok', settings, results };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    progress(`digest section failed: ${error.split('\n')[0]}`);
    return { status: 'failed', error, done: results };
  }
}

function inChild(opts: DigestScaleOptions): Promise<DigestScaleResult> {
  const child = fork(fileURLToPath(new URL('./digest-child.ts', import.meta.url)), [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (m: { type: string; result?: DigestScaleResult; error?: string }) => {
      settled = true;
      if (m.type === 'result' && m.result) resolve(m.result);
      else reject(new Error(m.error ?? 'the digest benchmark process sent no result'));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`the digest benchmark process exited with ${code} before answering`));
    });
  });
}
