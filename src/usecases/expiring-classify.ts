/**
 * One image's place in the expiring report: expiring (coverage ACTIVE, computed expiry within the window),
 * expired (coverage INACTIVE / SCAN_ELIGIBILITY_EXPIRED) or neither. The date always comes from `estimateExpiry`
 * (domain.md §5.2), the same computation `why` shows, so a digest row and its Explain answer agree.
 */
import { estimateExpiry } from '../diagnosis/expiry.js';
import { lapsedText } from '../diagnosis/expiry-text.js';
import { addDays, around, day } from '../diagnosis/format.js';
import type { ExpiryEstimate } from '../diagnosis/types.js';
import type { ExpiringImage } from '../domain/expiring.js';
import type { ImageCoverage, ImageDetail, InspectorEcrConfig } from '../domain/facts.js';

export interface ExpiringWindow {
  now: Date;
  /** `now + withinDays`: an ACTIVE image whose computed expiry is at or before it is expiring. */
  horizon: Date;
  /** Expired images only when they lapsed at or after this (a digest's "since the last one"). */
  expiredSince?: Date;
}

export function expiringWindow(now: Date, withinDays: number, expiredSince?: Date): ExpiringWindow {
  return { now, horizon: addDays(now, withinDays), ...(expiredSince ? { expiredSince } : {}) };
}

export function isExpiredCoverage(coverage: ImageCoverage): boolean {
  return coverage.statusCode === 'INACTIVE' && coverage.reason === 'SCAN_ELIGIBILITY_EXPIRED';
}

/**
 * Whether an image can be in the report, from its coverage record alone, before its push date is known.
 * `expiresAt` is the later of the two windows' ends, so a pull window (read from coverage `imagePulledAt`, the
 * signal `estimateExpiry` prefers) that ends past the horizon proves the image is not expiring; a LIFETIME push
 * window means it never expires. Such records are dropped before they are buffered or described. The
 * last-in-use window is not used this way: for multi-arch children it does not count (domain.md §5.1.9),
 * and which images are children is known only after DescribeImages.
 */
export function mayBeListed(coverage: ImageCoverage, config: InspectorEcrConfig, window: ExpiringWindow): boolean {
  if (isExpiredCoverage(coverage)) return true;
  if (coverage.statusCode !== 'ACTIVE') return false;
  const bound = estimateExpiry(withoutPushDate(coverage), config, coverage, window.now);
  if (bound.pushWindow.lifetime) return false;
  if (config.pullDateRescanMode !== 'LAST_PULL_DATE') return true;
  const useEnd = bound.useWindow.endsAt;
  return useEnd === undefined || useEnd <= window.horizon;
}

export function classifyExpiring(
  input: {
    coverage: ImageCoverage;
    image: ImageDetail;
    config: InspectorEcrConfig;
    region: string;
    multiArch: boolean;
  },
  window: ExpiringWindow,
): ExpiringImage | undefined {
  const { coverage, image, config } = input;
  if (image.imageStatus !== 'ACTIVE') return undefined;
  const est = estimateExpiry(image, config, coverage, window.now, { multiArch: input.multiArch });
  const onPush = coverage.scanFrequency === 'SCAN_ON_PUSH';
  let state: ExpiringImage['state'];
  let expiresAt: Date | undefined;
  if (isExpiredCoverage(coverage)) {
    // A computed end still in the future means it lapsed under earlier settings: when is unknown.
    expiresAt = est.expiresAt && est.expiresAt <= window.now ? est.expiresAt : undefined;
    if (window.expiredSince && (expiresAt === undefined || expiresAt < window.expiredSince)) return undefined;
    state = 'expired';
  } else if (coverage.statusCode === 'ACTIVE' && est.expiresAt && est.expiresAt <= window.horizon) {
    expiresAt = est.expiresAt;
    state = 'expiring';
  } else {
    return undefined;
  }
  const pulls = [image.lastRecordedPullTime, coverage.imagePulledAt].filter((d): d is Date => d !== undefined);
  const lastPulledAt = pulls.length ? new Date(Math.max(...pulls.map((d) => d.getTime()))) : undefined;
  return {
    accountId: coverage.accountId || image.registryId,
    region: input.region,
    repositoryName: image.repositoryName,
    imageDigest: image.imageDigest,
    imageTags: image.imageTags.length ? image.imageTags : coverage.imageTags,
    ...(image.imagePushedAt ? { pushedAt: image.imagePushedAt } : {}),
    ...(lastPulledAt ? { lastPulledAt } : {}),
    ...(coverage.lastInUseAt ? { lastInUseAt: coverage.lastInUseAt } : {}),
    state,
    ...(expiresAt ? { expiresAt } : {}),
    cause:
      state === 'expired'
        ? expiredCause(est, config, onPush, window.now)
        : expiringCause(est, config, onPush, window.now),
    expiry: est,
    // Inspector covers only images of registries with enhanced scanning.
    scanType: 'ENHANCED',
  };
}

function expiringCause(est: ExpiryEstimate, config: InspectorEcrConfig, onPush: boolean, now: Date): string {
  const at = est.expiresAt as Date;
  const { pushWindow: push, useWindow: use } = est;
  const useDecides = use.endsAt !== undefined && use.endsAt.getTime() === at.getTime();
  const pushText = `push window (${push.setting ?? 'unknown'}${push.start ? `, ${push.basis === 'pushed' ? 'pushed' : 'restored'} ${day(push.start)}` : ''})`;
  const useVerb = use.mode === 'LAST_IN_USE_AT' ? 'last in use' : 'last pulled';
  const useText = `${useWindowName(est)} (${use.setting ?? 'duration unknown'}${use.signalAt ? `, ${useVerb} ${day(use.signalAt)}` : ''})`;
  const when = at <= now ? `ended ${around(at)}, so Inspector may stop scanning it any time now` : `ends ${around(at)}`;
  const other = useDecides
    ? otherEnd('the push window', push.endsAt, now)
    : otherEnd(`the ${useWindowName(est)}`, use.endsAt, now, use);
  return `The ${useDecides ? useText : pushText} ${when}${other}; ${keepText(config, est, onPush)}${pending(est)}.`;
}

function otherEnd(name: string, endsAt: Date | undefined, now: Date, use?: ExpiryEstimate['useWindow']): string {
  if (endsAt !== undefined) return endsAt <= now ? ` (${name} already ended)` : ` (${name} ends earlier)`;
  if (use?.ignoredBecause === 'multi-arch') return ` (${name} does not apply to multi-arch images)`;
  if (use?.mode === undefined) return '';
  return use.mode === 'LAST_IN_USE_AT' ? ' (never seen running on ECS/EKS)' : ' (no pull recorded)';
}

function expiredCause(est: ExpiryEstimate, config: InspectorEcrConfig, onPush: boolean, now: Date): string {
  const lapse =
    est.expiresAt && est.expiresAt <= now
      ? `expired ${around(est.expiresAt)}: ${lapsedText(est)}`
      : est.expiresAt
        ? `expired, though with today's settings it would be eligible until ${around(est.expiresAt)} (probably under earlier, shorter settings)`
        : 'expired; ecrscan cannot tell when';
  return `Scan eligibility ${lapse}; ${reviveText(config, est, onPush)}${pending(est)}.`;
}

function keepText(config: InspectorEcrConfig, est: ExpiryEstimate, onPush: boolean): string {
  if (onPush) return 'scan-on-push repository: only a new push (a new digest) resumes scanning once it lapses';
  if (config.pullDateRescanMode === 'LAST_PULL_DATE') return 'a pull or a new digest keeps it scanned';
  if (config.pullDateRescanMode === 'LAST_IN_USE_AT' && !est.useWindow.ignoredBecause)
    return 'running it on ECS/EKS or a new digest keeps it scanned';
  return 'a new digest keeps it scanned';
}

function reviveText(config: InspectorEcrConfig, est: ExpiryEstimate, onPush: boolean): string {
  if (onPush) return 'scan-on-push repository: push a new digest to resume scanning';
  if (config.pullDateRescanMode === 'LAST_PULL_DATE') return 'pull it or push a new digest to resume scanning';
  if (config.pullDateRescanMode === 'LAST_IN_USE_AT' && !est.useWindow.ignoredBecause)
    return 'run it on ECS/EKS or push a new digest to resume scanning';
  return 'push a new digest to resume scanning';
}

function useWindowName(est: ExpiryEstimate): string {
  return est.useWindow.mode === 'LAST_IN_USE_AT' ? 'last-in-use window' : 'pull window';
}

function pending(est: ExpiryEstimate): string {
  return est.settingsPending ? ' (a re-scan settings change is still PENDING, so the date may move)' : '';
}

function withoutPushDate(coverage: ImageCoverage): ImageDetail {
  return {
    registryId: coverage.accountId,
    repositoryName: coverage.repositoryName ?? '',
    imageDigest: '',
    imageTags: coverage.imageTags,
    imageStatus: 'ACTIVE',
  };
}
