/**
 * Fault injection for tests and benchmarks: added latency, throttling (by fraction or by a per-account
 * token bucket, like AWS's per-account per-Region API rates) and 5xx errors, all reproducible from a seed.
 */
import { z } from 'zod';

export interface FaultSettings {
  /** Added to every AWS call (not to blob downloads unless `blobLatency`). */
  latencyMs?: number;
  /** Also delay `blob:get` (presigned layer downloads) by `latencyMs`. */
  blobLatency?: boolean;
  /** ECR: 400 ThrottlingException; Inspector: 429 ThrottlingException with Retry-After; STS: 400 Throttling. */
  throttle?: { fraction?: number; ratePerSecond?: number; operations?: string[] };
  /** ECR 500 ServerException, Inspector 500 InternalServerException, STS/blobs 503. */
  serverErrors?: { fraction: number; operations?: string[] };
  /** Seed of the pseudo-random choices; the sequence restarts whenever settings are set. */
  seed?: number;
}

const operations = z.array(z.string().min(1)).optional();
export const faultSettingsSchema = z.strictObject({
  latencyMs: z.number().min(0).max(60_000).optional(),
  blobLatency: z.boolean().optional(),
  throttle: z
    .strictObject({
      fraction: z.number().min(0).max(1).optional(),
      ratePerSecond: z.number().positive().optional(),
      operations,
    })
    .optional(),
  serverErrors: z.strictObject({ fraction: z.number().min(0).max(1), operations }).optional(),
  seed: z.number().int().optional(),
});

export type FaultDecision = { delayMs: number; fault?: 'throttle' | 'server' };

/** mulberry32: tiny, fast, good enough to spread faults reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `ecr:*` style wildcards; without a list every AWS operation matches but blob downloads do not. */
function applies(operation: string, list: string[] | undefined): boolean {
  if (!list) return !operation.startsWith('blob:');
  return list.some((name) => name === operation || (name.endsWith(':*') && operation.startsWith(name.slice(0, -1))));
}

export class FaultInjector {
  private settings: FaultSettings = {};
  private random = seededRandom(0);
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  set(settings: FaultSettings): void {
    this.settings = faultSettingsSchema.parse(settings);
    this.random = seededRandom(this.settings.seed ?? 0);
    this.buckets.clear();
  }

  get(): FaultSettings {
    return structuredClone(this.settings);
  }

  reset(): void {
    this.set({});
  }

  /** Decides the fate of one request; `scope` is the account/Region whose rate a bucket models. */
  decide(operation: string, scope: string, nowMs: number): FaultDecision {
    const { latencyMs = 0, blobLatency, throttle, serverErrors } = this.settings;
    const delayMs = operation.startsWith('blob:') && !blobLatency ? 0 : latencyMs;
    if (throttle && applies(operation, throttle.operations)) {
      if (throttle.ratePerSecond !== undefined && !this.take(`${scope}|${operation}`, throttle.ratePerSecond, nowMs)) {
        return { delayMs, fault: 'throttle' };
      }
      if (throttle.fraction && this.random() < throttle.fraction) return { delayMs, fault: 'throttle' };
    }
    if (serverErrors && applies(operation, serverErrors.operations) && this.random() < serverErrors.fraction) {
      return { delayMs, fault: 'server' };
    }
    return { delayMs };
  }

  private take(key: string, rate: number, nowMs: number): boolean {
    const capacity = Math.max(1, rate);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: nowMs };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.at) / 1000) * rate);
    bucket.at = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
