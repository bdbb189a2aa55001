/**
 * The diagnosis vocabulary: what the pure rules return and every front end renders.
 * Codes are stable (the README documents them); texts are plain so Slack, the CLI and JSON output
 * can each format them their own way.
 */
import type { VulnerabilityFinding } from '../domain/facts.js';
import type { ImageFacts } from '../domain/image-facts.js';

/**
 * The fixed codes (diagnosis-codes.md) first, then the few added where no fixed code fits:
 * INSPECTOR_ACCESS_DENIED and INSPECTOR_INTERNAL_ERROR (coverage reasons ACCESS_DENIED / INTERNAL_ERROR),
 * ECR_DATA_UNAVAILABLE (the bot could not read ECR itself) and UNKNOWN_SCAN_STATUS (a value AWS added later).
 * The order is also the tie-breaker when sorting diagnoses of equal severity.
 */
export const DIAGNOSIS_CODES = [
  'IMAGE_ARCHIVED',
  'UNSUPPORTED_IMAGE',
  'INSPECTOR_NOT_ENABLED',
  'KMS_ACCESS_DENIED',
  'INSPECTOR_ACCESS_DENIED',
  'SCAN_ELIGIBILITY_EXPIRED',
  'NO_MATCHING_SCAN_RULE',
  'SCAN_NOT_STARTED',
  'SCAN_FAILED',
  'SCAN_ELIGIBILITY_EXPIRING',
  'UNDEFINED_SEVERITY',
  'SCAN_ON_PUSH_ONLY',
  'FINDINGS_UNAVAILABLE',
  'LIMIT_EXCEEDED',
  'INSPECTOR_INTERNAL_ERROR',
  'UNKNOWN_SCAN_STATUS',
  'ECR_DATA_UNAVAILABLE',
  'INSPECTOR_UNAVAILABLE',
  'SCAN_PENDING',
  'SCAN_IN_PROGRESS',
  'NO_FINDINGS',
  'SCAN_OK',
] as const;
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** Most urgent first: front ends and `diagnose()` sort by this. */
export const SEVERITY_ORDER = ['blocking', 'warning', 'info'] as const;
export type DiagnosisSeverity = (typeof SEVERITY_ORDER)[number];

/** Each code has one severity, so a code means the same urgency wherever it shows up. */
export const DIAGNOSIS_SEVERITY: Readonly<Record<DiagnosisCode, DiagnosisSeverity>> = {
  IMAGE_ARCHIVED: 'blocking',
  UNSUPPORTED_IMAGE: 'blocking',
  INSPECTOR_NOT_ENABLED: 'blocking',
  KMS_ACCESS_DENIED: 'blocking',
  INSPECTOR_ACCESS_DENIED: 'blocking',
  SCAN_ELIGIBILITY_EXPIRED: 'blocking',
  NO_MATCHING_SCAN_RULE: 'blocking',
  SCAN_NOT_STARTED: 'blocking',
  SCAN_FAILED: 'blocking',
  SCAN_ELIGIBILITY_EXPIRING: 'warning',
  UNDEFINED_SEVERITY: 'warning',
  SCAN_ON_PUSH_ONLY: 'warning',
  FINDINGS_UNAVAILABLE: 'warning',
  LIMIT_EXCEEDED: 'warning',
  INSPECTOR_INTERNAL_ERROR: 'warning',
  UNKNOWN_SCAN_STATUS: 'warning',
  ECR_DATA_UNAVAILABLE: 'warning',
  INSPECTOR_UNAVAILABLE: 'warning',
  SCAN_PENDING: 'info',
  SCAN_IN_PROGRESS: 'info',
  NO_FINDINGS: 'info',
  SCAN_OK: 'info',
};

/** Why an image cannot be scanned (UNSUPPORTED_IMAGE only). */
export const UNSUPPORTED_REASONS = [
  'scratch',
  'distroless',
  'windows',
  'eol-os',
  'manifest-list',
  'not-an-image',
  'unknown-os',
] as const;
export type UnsupportedReason = (typeof UNSUPPORTED_REASONS)[number];

/** One API field and its value that proves a diagnosis. */
export interface Evidence {
  label: string;
  value: string;
  /** Where the value came from, e.g. `ecr:DescribeImageScanFindings imageScanStatus.status`. */
  source: string;
}

/**
 * When Inspector will stop (or stopped) scanning an image, by domain.md §5.2. Always approximate:
 * the rules are inferred and AWS does not document how often Inspector evaluates them.
 */
export interface ExpiryEstimate {
  /** `undefined` with `known: true` means never (push window LIFETIME). */
  expiresAt?: Date;
  /** False when neither window could be computed (no push date and no usable pull/use signal). */
  known: boolean;
  pushWindow: {
    /** `lastActivatedAt` when restored from archive, else `imagePushedAt`. */
    start?: Date;
    basis: 'pushed' | 'restored-from-archive';
    /** The raw `rescanDuration` setting, e.g. DAYS_30 or LIFETIME. */
    setting?: string;
    days?: number;
    lifetime: boolean;
    /** A window covers [start, start + days): at `endsAt` exactly it has lapsed. */
    endsAt?: Date;
  };
  useWindow: {
    mode?: string;
    signalAt?: Date;
    /** Which field gave `signalAt`. */
    signalSource?: 'coverage.imagePulledAt' | 'ecr.lastRecordedPullTime' | 'coverage.lastInUseAt';
    /** The raw `pullDateRescanDuration` setting. */
    setting?: string;
    days?: number;
    endsAt?: Date;
    /** Set when the window does not apply: AWS does not track last-in-use for multi-arch images. */
    ignoredBecause?: 'multi-arch';
  };
  lapsed: 'push' | 'use' | 'both' | 'none';
  /** `rescanDurationState.status` is PENDING: a settings change is still rolling out. */
  settingsPending: boolean;
  approximate: true;
}

export interface Diagnosis {
  code: DiagnosisCode;
  severity: DiagnosisSeverity;
  title: string;
  /** Plain words: what is going on and why. */
  cause: string;
  evidence: Evidence[];
  /** Concrete steps, most useful first; may contain shell commands. */
  fix: string[];
  /** `likely` whenever the explanation rests on something AWS does not document. */
  certainty: 'certain' | 'likely';
  reason?: UnsupportedReason;
  /** Set on diagnoses of a manifest list's child, e.g. `linux/arm64`. */
  platform?: string;
  findings?: VulnerabilityFinding[];
  expiry?: ExpiryEstimate;
}

/** A pure rule: reads facts, returns zero or more diagnoses (normally at most one per code). */
export interface Rule {
  id: string;
  evaluate(facts: ImageFacts): Diagnosis[];
}
