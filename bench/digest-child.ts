/**
 * Runs `benchDigestScale` for one registry size in a fresh process, so its peak RSS is the digest's own and not
 * whatever the other benchmarks left in the heap. Started by `digest.ts`; answers over IPC.
 */
import { benchDigestScale, type DigestScaleOptions } from './digest-scale.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as DigestScaleOptions;
try {
  process.send?.({ type: 'result', result: await benchDigestScale(opts) });
} catch (err) {
  process.send?.({ type: 'error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
process.disconnect?.();
