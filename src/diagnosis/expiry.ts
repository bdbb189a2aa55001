/**
 * When Inspector stops rescanning an image: domain.md §5.2, which is inferred from AWS's description of the
 * two windows (push date, and last pull or last use) and therefore always approximate. Shared by the
 * SCAN_ELIGIBILITY_* rules and the expiry digest, so both show the same date.
 */
import type { ImageCoverage, ImageDetail, InspectorEcrConfig } from '../domain/facts.js';
import { addDays } from './format.js';
import type { ExpiryEstimate } from './types.js';

export interface ExpiryOptions {
  /** The image is part of a multi-arch manifest list: AWS does not track last-in-use time for those. */
  multiArch?: boolean;
}

/**
 * Monitoring continues while the image is inside *either* window, so `expiresAt` is the later window end.
 * A window covers [start, start + days): at its end exactly it counts as lapsed.
 */
export function estimateExpiry(
  image: ImageDetail,
  config: InspectorEcrConfig,
  coverage: ImageCoverage | undefined,
  now: Date,
  options: ExpiryOptions = {},
): ExpiryEstimate {
  const pushWindow = pushWindowOf(image, config);
  const useWindow = useWindowOf(image, config, coverage, options);

  const ends = [pushWindow.endsAt, useWindow.endsAt].filter((d): d is Date => d !== undefined);
  const known = pushWindow.lifetime || ends.length > 0;
  const expiresAt = pushWindow.lifetime ? undefined : latest(ends);

  const pushLapsed = !pushWindow.lifetime && pushWindow.endsAt !== undefined && pushWindow.endsAt <= now;
  const useLapsed = useWindow.endsAt !== undefined && useWindow.endsAt <= now;
  const useAbsent = useWindow.endsAt === undefined;
  const lapsed: ExpiryEstimate['lapsed'] =
    pushLapsed && (useLapsed || useAbsent) ? 'both' : pushLapsed ? 'push' : useLapsed ? 'use' : 'none';

  return {
    ...(expiresAt ? { expiresAt } : {}),
    known,
    pushWindow,
    useWindow,
    lapsed,
    settingsPending: config.status === 'PENDING',
    approximate: true,
  };
}

/** `DAYS_30` → 30; LIFETIME and unknown values → undefined. Future `DAYS_<n>` values are read the same way. */
export function durationDays(setting: string | undefined): number | undefined {
  const match = /^DAYS_(\d+)$/.exec(setting ?? '');
  return match ? Number.parseInt(match[1] as string, 10) : undefined;
}

function pushWindowOf(image: ImageDetail, config: InspectorEcrConfig): ExpiryEstimate['pushWindow'] {
  const pushed = image.imagePushedAt;
  const activated = image.lastActivatedAt;
  // AWS times the window from lastActivatedAt once an archived image is restored (domain.md §5.1.10).
  const restored = activated !== undefined && (pushed === undefined || activated > pushed);
  const start = restored ? activated : pushed;
  const lifetime = config.rescanDuration === 'LIFETIME';
  const days = durationDays(config.rescanDuration);
  const endsAt = !lifetime && start !== undefined && days !== undefined ? addDays(start, days) : undefined;
  return {
    ...(start ? { start } : {}),
    basis: restored ? 'restored-from-archive' : 'pushed',
    setting: config.rescanDuration,
    ...(days !== undefined ? { days } : {}),
    lifetime,
    ...(endsAt ? { endsAt } : {}),
  };
}

function useWindowOf(
  image: ImageDetail,
  config: InspectorEcrConfig,
  coverage: ImageCoverage | undefined,
  options: ExpiryOptions,
): ExpiryEstimate['useWindow'] {
  const mode = config.pullDateRescanMode;
  const days = durationDays(config.pullDateRescanDuration);
  const base = {
    ...(mode !== undefined ? { mode } : {}),
    ...(config.pullDateRescanDuration !== undefined ? { setting: config.pullDateRescanDuration } : {}),
    ...(days !== undefined ? { days } : {}),
  };
  if (mode === 'LAST_IN_USE_AT' && options.multiArch) return { ...base, ignoredBecause: 'multi-arch' };

  let signalAt: Date | undefined;
  let signalSource: ExpiryEstimate['useWindow']['signalSource'];
  if (mode === 'LAST_PULL_DATE') {
    if (coverage?.imagePulledAt !== undefined) {
      signalAt = coverage.imagePulledAt;
      signalSource = 'coverage.imagePulledAt';
    } else if (image.lastRecordedPullTime !== undefined) {
      signalAt = image.lastRecordedPullTime;
      signalSource = 'ecr.lastRecordedPullTime';
    }
  } else if (mode === 'LAST_IN_USE_AT' && coverage?.lastInUseAt !== undefined) {
    signalAt = coverage.lastInUseAt;
    signalSource = 'coverage.lastInUseAt';
  }
  if (signalAt === undefined) return base;
  const endsAt = days !== undefined ? addDays(signalAt, days) : undefined;
  return { ...base, signalAt, ...(signalSource ? { signalSource } : {}), ...(endsAt ? { endsAt } : {}) };
}

function latest(dates: Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((max, d) => (max === undefined || d > max ? d : max), undefined);
}
