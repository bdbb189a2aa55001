/**
 * The scan and coverage state of each seeded image, relative to `now` (seeded-world.md): what
 * DescribeImageScanFindings and ListCoverage report for it, and what a new basic scan would find.
 */
import { DESCRIPTIONS } from './scan-lifecycle.js';
import type { SeededProblemId } from './seeded-images.js';
import * as V from './vulns.js';
import type { SandboxImage, ScanRecord } from './world.js';

export type SeededState = Partial<SandboxImage> & { pushedDaysAgo: number; pulledDaysAgo?: number };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Minutes expressed in days, for images pushed moments ago. */
const minutes = (n: number) => n / (24 * 60);

export function seededScan(now: Date, status: string, over: Partial<ScanRecord> = {}): ScanRecord {
  const completed = ['COMPLETE', 'ACTIVE'].includes(status);
  return {
    status,
    engine: 'basic',
    vulns: [],
    description:
      status === 'COMPLETE' ? DESCRIPTIONS.complete : status === 'ACTIVE' ? DESCRIPTIONS.continuous : undefined,
    completedAt: completed ? new Date(now.getTime() - DAY) : undefined,
    vulnerabilitySourceUpdatedAt: completed ? new Date(now.getTime() - DAY - 3 * 3600_000) : undefined,
    ...over,
  };
}

export function seededStates(now: Date): Record<SeededProblemId, SeededState> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const basic = (status: string, days: number, over: Partial<ScanRecord> = {}) =>
    seededScan(now, status, {
      startedAt: ago(days),
      completedAt: ['COMPLETE'].includes(status) ? new Date(ago(days).getTime() + 2 * MINUTE) : undefined,
      ...over,
    });
  const enhanced = (status: string, over: Partial<ScanRecord> = {}) =>
    seededScan(now, status, { engine: 'enhanced', ...over });
  const unsupported = { status: 'FAILED', description: DESCRIPTIONS.unsupported, vulns: [] };
  const active = { statusCode: 'ACTIVE', reason: 'SUCCESSFUL', lastScannedAt: ago(1) } as const;
  return {
    healthy: {
      pushedDaysAgo: 3,
      pulledDaysAgo: 1,
      scan: basic('COMPLETE', 3, {
        vulns: [V.GLIBC_LOONEY_TUNABLES, V.GLIBC_ICONV, V.NGHTTP2_RAPID_RESET, V.NCURSES_SGR],
      }),
    },
    'scan-clean': { pushedDaysAgo: 5, scan: basic('COMPLETE', 5) },
    scratch: { pushedDaysAgo: 6, scan: basic('FAILED', 6, unsupported), nextScan: unsupported },
    distroless: { pushedDaysAgo: 6, scan: basic('FAILED', 6, unsupported), nextScan: unsupported },
    'eol-distro': {
      pushedDaysAgo: 200,
      pulledDaysAgo: 2,
      scan: basic('FAILED', 200, unsupported),
      nextScan: unsupported,
    },
    'undefined-severity': {
      pushedDaysAgo: 4,
      scan: basic('COMPLETE', 4, {
        vulns: [V.PERL_CPAN_TLS, V.NCURSES_SGR, V.NCURSES_UNIMPORTANT, V.SHADOW_LOGIN_DEFS],
      }),
    },
    'never-scanned': {
      pushedDaysAgo: 10,
      nextScan: { status: 'COMPLETE', description: DESCRIPTIONS.complete, vulns: [V.GLIBC_ICONV] },
    },
    'scan-not-started': {
      pushedDaysAgo: 1,
      nextScan: { status: 'COMPLETE', description: DESCRIPTIONS.complete, vulns: [V.GLIBC_ICONV, V.NCURSES_SGR] },
    },
    'in-progress': { pushedDaysAgo: minutes(2), scan: basic('IN_PROGRESS', minutes(1)) },
    pending: { pushedDaysAgo: minutes(1), scan: basic('PENDING', minutes(1), { description: DESCRIPTIONS.pending }) },
    // The exact wording of other basic-scan failures is not documented; this one is the sandbox's own.
    'failed-other': {
      pushedDaysAgo: 2,
      scan: basic('FAILED', 2, {
        description:
          'InternalServiceError: An internal error occurred while scanning the image. Start a new scan later.',
      }),
    },
    'limit-exceeded': { pushedDaysAgo: 1, scan: basic('LIMIT_EXCEEDED', 1) },
    archived: {
      pushedDaysAgo: 400,
      pulledDaysAgo: 300,
      imageStatus: 'ARCHIVED',
      lastArchivedAt: ago(30),
      scan: basic('IMAGE_ARCHIVED', 400),
    },
    signature: {
      pushedDaysAgo: 5,
      scan: enhanced('UNSUPPORTED_IMAGE'),
      coverage: { statusCode: 'INACTIVE', reason: 'UNSUPPORTED_MEDIA_TYPE' },
    },
    'manifest-list': {
      pushedDaysAgo: 10,
      pulledDaysAgo: 1,
      scan: enhanced('UNSUPPORTED_IMAGE'),
      coverage: { statusCode: 'INACTIVE', reason: 'UNSUPPORTED_MEDIA_TYPE' },
    },
    windows: {
      pushedDaysAgo: 4,
      scan: enhanced('UNSUPPORTED_IMAGE'),
      coverage: { statusCode: 'INACTIVE', reason: 'UNSUPPORTED_OS' },
    },
    expired: {
      pushedDaysAgo: 60,
      pulledDaysAgo: 40,
      scan: enhanced('SCAN_ELIGIBILITY_EXPIRED', { completedAt: ago(27), vulnerabilitySourceUpdatedAt: ago(27) }),
      coverage: { statusCode: 'INACTIVE', reason: 'SCAN_ELIGIBILITY_EXPIRED', lastScannedAt: ago(27) },
    },
    expiring: {
      pushedDaysAgo: 27,
      pulledDaysAgo: 20,
      scan: enhanced('ACTIVE', { vulns: [V.GLIBC_ICONV, V.NGHTTP2_RAPID_RESET] }),
      coverage: active,
    },
    'enhanced-healthy': {
      pushedDaysAgo: 5,
      pulledDaysAgo: 1,
      scan: enhanced('ACTIVE', {
        vulns: [V.UBUNTU_GLIBC, V.UBUNTU_PAM, V.UBUNTU_SHADOW, V.UBUNTU_OPENSSL_UNTRIAGED, V.GO_STDLIB],
      }),
      coverage: active,
    },
    'enhanced-clean': { pushedDaysAgo: 2, scan: enhanced('ACTIVE'), coverage: active },
    'scan-on-push-only': {
      pushedDaysAgo: 12,
      pulledDaysAgo: 3,
      scan: enhanced('COMPLETE', { vulns: [V.GLIBC_ICONV, V.NCURSES_SGR], completedAt: ago(12) }),
      coverage: { statusCode: 'ACTIVE', reason: 'SCAN_FREQUENCY_SCAN_ON_PUSH', lastScannedAt: ago(12) },
    },
    'enhanced-pending': {
      pushedDaysAgo: minutes(1),
      scan: enhanced('PENDING', { description: DESCRIPTIONS.pending }),
      coverage: { statusCode: 'ACTIVE', reason: 'PENDING_INITIAL_SCAN' },
    },
    'enhanced-in-progress': {
      pushedDaysAgo: minutes(3),
      scan: enhanced('IN_PROGRESS'),
      coverage: { statusCode: 'ACTIVE', reason: 'SCAN_IN_PROGRESS' },
    },
    'enhanced-off': { pushedDaysAgo: 6 },
    // What ECR shows for an enhanced scan Inspector could not decrypt is UNVERIFIED; FAILED with our own wording.
    'kms-denied': {
      pushedDaysAgo: 3,
      scan: enhanced('FAILED', {
        description: "AccessDeniedToEncryptionKey: Amazon Inspector is not allowed to use the repository's KMS key.",
      }),
      coverage: { statusCode: 'INACTIVE', reason: 'ACCESS_DENIED_TO_ENCRYPTION_KEY' },
    },
    'findings-unavailable': {
      pushedDaysAgo: 8,
      pulledDaysAgo: 2,
      scan: enhanced('FINDINGS_UNAVAILABLE'),
      coverage: active,
    },
    'inspector-disabled': { pushedDaysAgo: 7 },
  };
}
