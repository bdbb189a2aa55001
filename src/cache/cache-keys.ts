/**
 * Cache keys and TTLs for every kind of AWS fact. Keys read `ecrscan:v1:<kind>:<account>:<region>:<...>`:
 * - the target's account and Region are always in the key, so two targets never share an entry (a target
 *   whose account is not known yet is keyed by its configured name, `@<name>`, which no account id can equal);
 * - `v1` is bumped when a cached shape changes, so an old replica's entries are never read as new ones;
 * - every variable part is escaped (`keyPart`): a repository or tag typed in Slack cannot add a `:` segment or
 *   pose as another key, and a part longer than 100 characters becomes a prefix plus a hash of the whole.
 *
 * TTL policy (`CACHE_TTL_MS`): how long each fact stays true enough. `--fresh` and the Refresh button bypass
 * any of them (`cached.ts`), and a new push always changes the image digest, so digest-keyed facts of the old
 * image are simply never asked for again.
 */
import { createHash } from 'node:crypto';
import type { ImageIdentifier, ScanFindings } from '../domain/facts.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

export const CACHE_TTL_MS = {
  /** ECR registry scanning configuration: changed by an admin, rarely; 15 minutes stale is harmless. */
  registryScanning: 15 * MINUTE,
  /** Inspector GetConfiguration (re-scan durations): as rare as the above. */
  inspectorConfiguration: 15 * MINUTE,
  /** A repository's effective scan frequency: follows the registry rules, same pace. */
  repositoryScanning: 15 * MINUTE,
  /** DescribeRepositories (encryption, KMS key): changes only when the repository is recreated. */
  repository: 15 * MINUTE,
  /** Inspector BatchGetAccountStatus: enabling or disabling Inspector is an admin action. */
  accountStatus: 15 * MINUTE,
  /** Inspector coverage moves with every scan, pull and push (status, lastScannedAt, lastInUseAt): minutes. */
  coverage: 2 * MINUTE,
  /** DescribeImages: a tag can move to another digest at any push; a minute keeps a burst of questions cheap. */
  image: 1 * MINUTE,
  /** A finished scan (COMPLETE with findings, FAILED, UNSUPPORTED_IMAGE): see `scanFindingsTtlMs`. */
  scanFinished: DAY,
  /** ACTIVE (enhanced, continuous): Inspector re-scans whenever it learns a relevant CVE, so findings drift. */
  scanMonitored: 15 * MINUTE,
  /** States a push, a pull, a restore or late-arriving findings can end (see `scanFindingsTtlMs`). */
  scanSettling: 2 * MINUTE,
  /** PENDING / IN_PROGRESS, and statuses we do not know: the answer changes within seconds. */
  scanInProgress: 10 * SECOND,
  /** Manifests, config blobs and what is derived from them, by digest: content-addressed, never change. */
  contentAddressed: 7 * DAY,
} as const;

/**
 * How long DescribeImageScanFindings stays valid, from what it says. The key is the image digest, so a push never
 * meets an old entry. What can still change the answer for one digest, and how callers deal with it:
 * - a rescan started by ecrscan: the rescan use case deletes `scanFindings(...)` after StartImageScan and its
 *   follow-up polls load with `fresh: true` (which stores the new result);
 * - a manual basic scan started elsewhere: at most one per image per 24 h (domain.md §1.5), so a day-old entry is
 *   at most that one scan behind, and Refresh is one click;
 * - enhanced continuous re-scans: status ACTIVE, kept only 15 minutes.
 * Keying on the completion time instead would need it before the call, and nothing cheaper carries it: the
 * `ImageDetail` fact has no scan summary and AWS-native basic scanning leaves DescribeImages' summary empty
 * (domain.md §3.1), while waiting for Inspector's `lastScannedAt` would add a round trip to every question.
 * COMPLETE with zero findings is kept briefly: enhanced scan-on-push reports COMPLETE with empty lists before
 * its findings arrive (domain.md §1.3).
 */
export function scanFindingsTtlMs(scan: Pick<ScanFindings, 'status' | 'findings' | 'severityCounts'>): number {
  switch (scan.status) {
    case 'COMPLETE': {
      const counted = Object.values(scan.severityCounts).reduce((sum, n) => sum + n, 0);
      return scan.findings.length === 0 && counted === 0 ? CACHE_TTL_MS.scanSettling : CACHE_TTL_MS.scanFinished;
    }
    case 'FAILED':
    case 'UNSUPPORTED_IMAGE':
      return CACHE_TTL_MS.scanFinished;
    case 'ACTIVE':
      return CACHE_TTL_MS.scanMonitored;
    case 'SCAN_ELIGIBILITY_EXPIRED':
    case 'IMAGE_ARCHIVED':
    case 'FINDINGS_UNAVAILABLE':
    case 'LIMIT_EXCEEDED':
      return CACHE_TTL_MS.scanSettling;
    default:
      return CACHE_TTL_MS.scanInProgress;
  }
}

/** A manifest fetched by digest never changes; one fetched by tag is as fresh as the tag. */
export function manifestTtlMs(imageId: ImageIdentifier): number {
  return imageId.imageDigest ? CACHE_TTL_MS.contentAddressed : CACHE_TTL_MS.image;
}

const MAX_PART = 100;
const UNSAFE = /[^A-Za-z0-9._/,=+-]/gu;

/**
 * One variable key segment. Anything outside `[A-Za-z0-9._/,=+-]` is %-encoded, so `:` (the separator), `%`, `~`
 * (the hash marker), `@` (the name marker) and `*` (the "all" marker) never appear raw. Parts longer than 100
 * characters are cut to 60 and followed by `~` and a SHA-256 of the whole part, so distinct inputs stay distinct.
 */
export function keyPart(raw: string): string {
  const escaped = raw.replace(UNSAFE, (ch) =>
    Array.from(Buffer.from(ch), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  if (escaped.length <= MAX_PART) return escaped;
  return `${escaped.slice(0, 60)}~${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
}

const VERSIONED = /^ecrscan:v\d+:([^:]+)/u;

/** The kind of fact a key holds (`image`, `scan-findings`, …), for metrics; the first segment of foreign keys. */
export function keyKind(key: string): string {
  return VERSIONED.exec(key)?.[1] ?? key.split(':', 1)[0] ?? key;
}

/** The parts of `aws/ports.ts` `Target` that identify whose data it is. */
export interface KeyTarget {
  name: string;
  region: string;
  accountId?: string;
}

function imageRef(imageId: ImageIdentifier): string {
  if (imageId.imageDigest) return `digest:${keyPart(imageId.imageDigest)}`;
  if (imageId.imageTag) return `tag:${keyPart(imageId.imageTag)}`;
  throw new TypeError('an image id needs a digest or a tag');
}

/** Key builders bound to one target. By-image keys prefer the digest when the id has both digest and tag. */
export function cacheKeys(target: KeyTarget) {
  const account = target.accountId ? keyPart(target.accountId) : `@${keyPart(target.name)}`;
  const base = (kind: string) => `ecrscan:v1:${kind}:${account}:${keyPart(target.region)}`;
  return {
    registryScanning: () => base('registry-scanning'),
    inspectorConfiguration: () => base('inspector-config'),
    /** BatchGetAccountStatus; no ids = the caller's own account. */
    accountStatus: (accountIds: string[] = []) =>
      `${base('account-status')}:${accountIds.length ? keyPart([...accountIds].sort().join(',')) : '@self'}`,
    repository: (repositoryName: string) => `${base('repository')}:${keyPart(repositoryName)}`,
    repositoryScanning: (repositoryName: string) => `${base('repo-scanning')}:${keyPart(repositoryName)}`,
    /** ListCoverage for one image, one repository (no image), or the whole account (neither): `*` = all. */
    coverage: (repositoryName?: string, imageId?: ImageIdentifier) =>
      `${base('coverage')}:${repositoryName === undefined ? '*' : keyPart(repositoryName)}:${imageId ? imageRef(imageId) : '*'}`,
    image: (repositoryName: string, imageId: ImageIdentifier) =>
      `${base('image')}:${keyPart(repositoryName)}:${imageRef(imageId)}`,
    scanFindings: (repositoryName: string, imageId: ImageIdentifier) =>
      `${base('scan-findings')}:${keyPart(repositoryName)}:${imageRef(imageId)}`,
    manifest: (repositoryName: string, imageId: ImageIdentifier) =>
      `${base('manifest')}:${keyPart(repositoryName)}:${imageRef(imageId)}`,
    /** A config blob by its digest. */
    blob: (digest: string) => `${base('blob')}:${keyPart(digest)}`,
    /** OS detection of an image, derived from its config and layers only: as immutable as they are. */
    os: (imageDigest: string) => `${base('os')}:${keyPart(imageDigest)}`,
  };
}

export type CacheKeys = ReturnType<typeof cacheKeys>;

/** The App Home's counts for one digest query (every target: the report reads them all). */
export function digestCountsKey(query: { repoFilters: readonly string[]; withinDays: number; minSeverity?: string }) {
  const filters = query.repoFilters.length ? [...query.repoFilters].sort().join(',') : '*';
  return `ecrscan:v1:digest-counts:${keyPart(filters)}:${query.withinDays}:${keyPart(query.minSeverity ?? '*')}`;
}
