/**
 * Images whose Inspector scan eligibility expires soon or has expired: what `list-expiring` produces and
 * digests, `/ecrscan expiring` and the App Home show.
 */
import type { ScanType } from './aws-values.js';
import type { ExpiryEstimateLike } from './expiry-like.js';

export interface ExpiringImage {
  accountId: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
  imageTags: string[];
  pushedAt?: Date;
  /** ECR lastRecordedPullTime or coverage imagePulledAt, whichever is later. */
  lastPulledAt?: Date;
  lastInUseAt?: Date;
  /** `expired`: Inspector already stopped (coverage INACTIVE / SCAN_ELIGIBILITY_EXPIRED). */
  state: 'expiring' | 'expired';
  /** Computed (approximate) expiry; for `expired`, when it lapsed if computable. */
  expiresAt?: Date;
  /** One line in plain words: which window lapses and what would extend it. */
  cause: string;
  /** The expiry computation behind `expiresAt` (`diagnosis/expiry.ts` `ExpiryEstimate`). */
  expiry?: ExpiryEstimateLike;
  /**
   * Highest ACTIVE finding severity, when read (`expiring-severity.ts`): CRITICAL, HIGH, MEDIUM, `LOW` (below
   * medium: Inspector's counts stop at medium) or `NONE` (scanned, no active finding). Unset: unknown.
   */
  highestSeverity?: string;
  /**
   * The registry's scan type, when known. Images from Inspector coverage are `ENHANCED`; only `BASIC` images get a
   * Rescan button in digests (StartImageScan is basic scanning only, domain.md §1.5).
   */
  scanType?: ScanType;
}

export interface ExpiringReport {
  generatedAt: Date;
  withinDays: number;
  images: ExpiringImage[];
  counts: { expiring: number; expired: number; byAccount: Record<string, { expiring: number; expired: number }> };
  /**
   * Images in the same repositories that Inspector cannot scan at all (coverage UNSUPPORTED_OS or
   * UNSUPPORTED_MEDIA_TYPE): not in `images` (they never expire), counted for the App Home.
   */
  unsupported?: number;
  /** Targets that could not be read, and why: the report is partial, never silently. */
  errors: { target: string; message: string }[];
}

/** What a digest's or report's `min-severity` may be, most severe first. */
export const MIN_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;
export type MinSeverity = (typeof MIN_SEVERITIES)[number];

/** Order of `highestSeverity` values (and minimums); `NONE` is below every minimum. */
export const SEVERITY_RANK: Readonly<Record<string, number>> = {
  NONE: -1,
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 2,
  HIGH: 3,
  CRITICAL: 4,
};

/** `highestSeverity` in words, for people: `LOW` is "below MEDIUM" because Inspector counts nothing lower. */
export function severityLabel(highestSeverity: string): string {
  if (highestSeverity === 'NONE') return 'no active findings';
  if (highestSeverity === 'LOW') return 'highest severity LOW or below';
  return `highest severity ${highestSeverity}`;
}

/** Expired first, then the soonest expiry; ties by account, repository, first tag and digest. */
export function byUrgency(a: ExpiringImage, b: ExpiringImage): number {
  if (a.state !== b.state) return a.state === 'expired' ? -1 : 1;
  const at = (i: ExpiringImage) => i.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (at(a) !== at(b)) return at(a) < at(b) ? -1 : 1;
  const text = (i: ExpiringImage) => [i.accountId, i.region, i.repositoryName, i.imageTags[0] ?? '', i.imageDigest];
  const [x, y] = [text(a), text(b)];
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return (x[k] as string) < (y[k] as string) ? -1 : 1;
  return 0;
}

/** The report's counts (expiring, expired, per account) of a list of images. */
export function countImages(images: readonly ExpiringImage[]): ExpiringReport['counts'] {
  const counts: ExpiringReport['counts'] = { expiring: 0, expired: 0, byAccount: {} };
  for (const image of images) {
    counts[image.state]++;
    const account = counts.byAccount[image.accountId] ?? { expiring: 0, expired: 0 };
    account[image.state]++;
    counts.byAccount[image.accountId] = account;
  }
  return counts;
}
