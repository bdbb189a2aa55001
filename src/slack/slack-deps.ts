/**
 * What the Slack listeners may use: the core's use cases and the shared state, never AWS or the cache
 * directly (style.md dependency rule 6). Built once in `main.ts` (or a test), passed to `registerListeners`.
 */
import type { Core } from '../core.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Authorizer } from '../usecases/authorize.js';
import type { DigestService } from '../usecases/digest-service.js';
import type { ActionValueCodec } from './action-value.js';

export interface SlackDeps {
  core: Core;
  log: Logger;
  metrics: Metrics;
  values: ActionValueCodec;
  /** Long-running work started by a listener after its ack; shutdown waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Shutdown signal for background work (rescan follow-ups). */
  signal: AbortSignal;
  /** Milliseconds after which a "looking…" message is shown while an answer is prepared. */
  lookingAfterMs: number;
  rateLimit(userKey: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
  /** Claims a key once (Events API retries, double clicks). */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Who may change digest subscriptions (`createAdminAuthorizer`); unset = nobody, and the reply says how to allow. */
  admin?: Authorizer;
  /** Subscriptions, snoozes, previews and App Home counts (`jobs/create-jobs.ts`); unset = no digests here. */
  digests?: DigestService;
}
