/**
 * How scans move: a basic scan (StartImageScan or scan on push) is IN_PROGRESS for `world.scanDelayMs`,
 * then COMPLETE (or the image's known `nextScan` outcome, e.g. FAILED UnsupportedImageError). An enhanced
 * push is PENDING / PENDING_INITIAL_SCAN, then ACTIVE (continuous) or COMPLETE (scan on push).
 */
import type { HandlerContext } from './handler.js';
import type { SandboxImage, SandboxRepository, ScanOutcome } from './world.js';

export const DESCRIPTIONS = {
  complete: 'The scan was completed successfully.',
  pending: 'Pending start of the image scan.',
  continuous: 'Continuous scan is selected for image.',
  unsupported: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
} as const;

/** Re-reads the image by digest after a delay: the store may have replaced it meanwhile. */
function later(
  ctx: HandlerContext,
  repository: SandboxRepository,
  digest: string,
  change: (image: SandboxImage) => SandboxImage,
) {
  ctx.scans.schedule(ctx.world.scanDelayMs, () => {
    const current = repository.images.byDigest(digest);
    if (current) repository.images.put(change(current));
  });
}

export function startBasicScan(ctx: HandlerContext, repository: SandboxRepository, image: SandboxImage): SandboxImage {
  const previous = image.scan;
  const outcome: ScanOutcome = image.nextScan ?? {
    status: 'COMPLETE',
    description: DESCRIPTIONS.complete,
    vulns: previous?.engine === 'basic' ? previous.vulns : [],
  };
  const started: SandboxImage = {
    ...image,
    scan: { status: 'IN_PROGRESS', engine: 'basic', vulns: [], startedAt: ctx.now() },
  };
  repository.images.put(started);
  later(ctx, repository, image.digest, (current) => {
    const now = ctx.now();
    const done = outcome.status === 'COMPLETE';
    return {
      ...current,
      scan: {
        ...outcome,
        engine: 'basic',
        startedAt: current.scan?.startedAt ?? now,
        completedAt: done ? now : undefined,
        vulnerabilitySourceUpdatedAt: done ? new Date(now.getTime() - 2 * 3600_000) : undefined,
      },
    };
  });
  return started;
}

export function startEnhancedScan(
  ctx: HandlerContext,
  repository: SandboxRepository,
  image: SandboxImage,
  frequency: 'CONTINUOUS_SCAN' | 'SCAN_ON_PUSH',
): SandboxImage {
  const pending: SandboxImage = {
    ...image,
    scan: { status: 'PENDING', description: DESCRIPTIONS.pending, engine: 'enhanced', vulns: [] },
    coverage: { statusCode: 'ACTIVE', reason: 'PENDING_INITIAL_SCAN' },
  };
  repository.images.put(pending);
  later(ctx, repository, image.digest, (current) => {
    const now = ctx.now();
    const continuous = frequency === 'CONTINUOUS_SCAN';
    return {
      ...current,
      scan: {
        status: continuous ? 'ACTIVE' : 'COMPLETE',
        description: continuous ? DESCRIPTIONS.continuous : DESCRIPTIONS.complete,
        engine: 'enhanced',
        vulns: current.nextScan?.vulns ?? [],
        completedAt: now,
        vulnerabilitySourceUpdatedAt: now,
      },
      coverage: {
        statusCode: 'ACTIVE',
        reason: continuous ? 'SUCCESSFUL' : 'SCAN_FREQUENCY_SCAN_ON_PUSH',
        lastScannedAt: now,
      },
    };
  });
  return pending;
}
