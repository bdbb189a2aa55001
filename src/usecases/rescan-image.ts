/**
 * The Rescan button: who pressed it may, it happens once however often it is pressed, and the scan type is
 * re-read from the registry (never taken from the button). Basic scanning gets a real StartImageScan; its
 * 24-hour quota is an answer with dates, not an error. Enhanced scanning has no rescan API (domain.md §1.5,
 * platform.md §6.2): the answer says so, and the front end shows the options from the image's own answer. Every press
 * is audited, allowed or not.
 */
import type { Logger } from 'pino';
import { type AwsErrorCode, isAwsError } from '../aws/aws-error.js';
import type { AwsPorts } from '../aws/ports.js';
import { cacheKeys, keyPart } from '../cache/cache-keys.js';
import type { RegistryScanningConfig } from '../domain/facts.js';
import { parseImageReference } from '../domain/image-reference.js';
import type { AuditEntry, AuditLog } from '../state/audit-log.js';
import type { Once } from '../state/once.js';
import type { RateLimit, RateLimiter } from '../state/rate-limiter.js';
import type { AuthorizeResult } from './authorize.js';

export type RescanOutcome =
  | { kind: 'refused'; reason: Extract<AuthorizeResult, { allowed: false }>['reason']; how: string }
  | { kind: 'rate-limited'; retryAfterMs: number; retryAt: Date }
  | { kind: 'already-requested' }
  | { kind: 'started'; status: string; description?: string }
  /** No rescan API: the front end shows the options from the image's answer (`renderEnhancedOptions`). */
  | { kind: 'enhanced' }
  | {
      kind: 'limit-exceeded';
      message: string;
      /** When the last scan finished (DescribeImageScanFindings `imageScanCompletedAt`), when known. */
      lastScanAt?: Date;
      /** About `lastScanAt` + 24 h: AWS's exact quota window is its own, so say "about". */
      nextPossibleAt?: Date;
      /** The scan status now, e.g. IN_PROGRESS when the last scan has not finished. */
      scanStatus?: string;
    }
  | { kind: 'image-archived'; message: string }
  | { kind: 'unsupported-image-type'; message: string }
  | { kind: 'failed'; code: AwsErrorCode; message: string };

export interface RescanDeps {
  /** The rescan permission (`createRescanAuthorizer(...).check`). */
  authorize(userId: string): Promise<AuthorizeResult>;
  once: Once;
  audit: AuditLog;
  /** Optional per-user limit on presses that reach AWS (double clicks are not counted). */
  rateLimit?: { limiter: RateLimiter } & RateLimit;
  /** Deletes one cache entry (`cache.delete`): the image's scan findings, so the next `why` reads the new scan. */
  forgetCached(key: string): Promise<void>;
  now: () => Date;
  log: Logger;
  /** How long a press blocks the next one for the same image (default 60 s). */
  claimTtlMs?: number;
}

export interface RescanRequest {
  /** The target the image belongs to (`targets.resolve(...)`). */
  ports: AwsPorts;
  repositoryName: string;
  imageDigest: string;
  /** Slack user id of who pressed. */
  user: string;
  team?: string;
  channel?: string;
}

export const DEFAULT_RESCAN_CLAIM_TTL_MS = 60_000;
const DAY_MS = 24 * 3600_000;

/** The double-click claim for one image of one target. */
export function rescanClaimKey(ports: AwsPorts, repositoryName: string, imageDigest: string): string {
  const { target } = ports;
  const account = target.accountId ? keyPart(target.accountId) : `@${keyPart(target.name)}`;
  return `rescan:${account}:${keyPart(target.region)}:${keyPart(repositoryName)}@${keyPart(imageDigest)}`;
}

export async function rescanImage(deps: RescanDeps, req: RescanRequest): Promise<RescanOutcome> {
  const { ports, repositoryName, imageDigest } = req;
  const base: Omit<AuditEntry, 'at' | 'outcome'> = {
    action: 'rescan',
    user: req.user,
    ...(req.team === undefined ? {} : { team: req.team }),
    ...(req.channel === undefined ? {} : { channel: req.channel }),
    target: ports.target.name,
    ...(ports.target.accountId === undefined ? {} : { account: ports.target.accountId }),
    region: ports.target.region,
    image: `${repositoryName}@${imageDigest}`,
  };
  const audit = async (outcome: RescanOutcome['kind'] | 'allowed', detail?: string) =>
    deps.audit.record({ ...base, at: deps.now(), outcome, ...(detail === undefined ? {} : { detail }) });
  const answer = async (outcome: RescanOutcome, detail?: string): Promise<RescanOutcome> => {
    await audit(outcome.kind, detail);
    return outcome;
  };

  const decision = await deps.authorize(req.user);
  if (!decision.allowed) {
    return answer({ kind: 'refused', reason: decision.reason, how: decision.how }, decision.reason);
  }
  await audit('allowed', decision.via === 'usergroup' ? `member of ${decision.usergroup}` : 'listed user');

  const invalid = invalidImage(repositoryName, imageDigest);
  if (invalid) return answer({ kind: 'failed', code: 'VALIDATION', message: invalid }, invalid);

  const claimKey = rescanClaimKey(ports, repositoryName, imageDigest);
  if (!(await deps.once.claim(claimKey, deps.claimTtlMs ?? DEFAULT_RESCAN_CLAIM_TTL_MS))) {
    return answer({ kind: 'already-requested' });
  }

  let sent = false;
  try {
    if (deps.rateLimit) {
      const { limiter, ...limit } = deps.rateLimit;
      const taken = await limiter.take(`rescan:${keyPart(req.team ?? '-')}:${keyPart(req.user)}`, limit);
      if (!taken.allowed) {
        await deps.once.release(claimKey);
        const retryAt = new Date(deps.now().getTime() + taken.retryAfterMs);
        return answer({ kind: 'rate-limited', retryAfterMs: taken.retryAfterMs, retryAt });
      }
    }
    const registry = await ports.ecr.getRegistryScanningConfiguration();
    if (registry.scanType === 'ENHANCED') {
      await deps.once.release(claimKey);
      return answer({ kind: 'enhanced' });
    }
    sent = true;
    const started = await ports.ecr.startImageScan(repositoryName, { imageDigest });
    if (started.kind === 'limit-exceeded') {
      return answer(await limitExceeded(ports, repositoryName, imageDigest, started.message), started.message);
    }
    await forgetScanFindings(deps, ports, registry, repositoryName, imageDigest);
    return answer({ kind: 'started', status: started.status, ...optional('description', started.description) });
  } catch (err) {
    if (!sent) await deps.once.release(claimKey);
    if (!isAwsError(err)) {
      await audit('failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
    const detail = `${err.operation}: ${err.awsName ?? err.code}: ${err.message}`;
    if (err.code === 'IMAGE_ARCHIVED') return answer({ kind: 'image-archived', message: err.message }, detail);
    if (err.code === 'UNSUPPORTED_IMAGE_TYPE') {
      return answer({ kind: 'unsupported-image-type', message: err.message }, detail);
    }
    return answer({ kind: 'failed', code: err.code, message: err.message }, detail);
  }
}

function invalidImage(repositoryName: string, imageDigest: string): string | undefined {
  const parsed = parseImageReference(`${repositoryName}@${imageDigest}`);
  if (!parsed.ok) return `Not an image: ${parsed.problem}.`;
  const { ref } = parsed;
  if (ref.repositoryName !== repositoryName || ref.digest !== imageDigest || ref.accountId !== undefined) {
    return 'Not an image: expected a repository name and a sha256 digest.';
  }
  return undefined;
}

/** What the quota answer can say about when: the last scan's completion, from DescribeImageScanFindings. */
async function limitExceeded(
  ports: AwsPorts,
  repositoryName: string,
  imageDigest: string,
  message: string,
): Promise<RescanOutcome> {
  try {
    const scan = await ports.ecr.describeImageScanFindings(repositoryName, { imageDigest });
    const lastScanAt = scan.imageScanCompletedAt;
    return {
      kind: 'limit-exceeded',
      message,
      scanStatus: scan.status,
      ...(lastScanAt ? { lastScanAt, nextPossibleAt: new Date(lastScanAt.getTime() + DAY_MS) } : {}),
    };
  } catch {
    return { kind: 'limit-exceeded', message };
  }
}

/** Best effort: a cache that cannot delete leaves an entry that expires by its TTL (`why` has Refresh). */
async function forgetScanFindings(
  deps: RescanDeps,
  ports: AwsPorts,
  registry: RegistryScanningConfig,
  repositoryName: string,
  imageDigest: string,
): Promise<void> {
  const targets = [ports.target, { ...ports.target, accountId: ports.target.accountId ?? registry.registryId }];
  const keys = new Set(targets.map((t) => cacheKeys(t).scanFindings(repositoryName, { imageDigest })));
  for (const key of keys) {
    try {
      await deps.forgetCached(key);
    } catch (err) {
      deps.log.warn({ err, key }, 'could not drop cached scan findings after a rescan; they expire by their TTL');
    }
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
