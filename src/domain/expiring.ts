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
  /** Highest finding severity known for the image, if any (digest `min-severity` filter). */
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
  /** Targets that could not be read, and why: the report is partial, never silently. */
  errors: { target: string; message: string }[];
}
