/**
 * Plain sentences and evidence for an `ExpiryEstimate`, shared by SCAN_ELIGIBILITY_EXPIRED,
 * SCAN_ELIGIBILITY_EXPIRING and the digest so all three word the windows the same way.
 * Every date is "around": AWS does not document how often Inspector evaluates eligibility.
 */
import { SOURCES } from './evidence.js';
import { around, day, instant } from './format.js';
import type { Evidence, ExpiryEstimate } from './types.js';

export function describePushWindow(est: ExpiryEstimate, now: Date): string {
  const w = est.pushWindow;
  const setting = `push-date window ${w.setting ?? 'unknown'}`;
  const startText =
    w.start === undefined
      ? 'the push date is unknown'
      : w.basis === 'restored-from-archive'
        ? `restored from archive on ${day(w.start)} (the window restarts then)`
        : `pushed on ${day(w.start)}`;
  if (w.lifetime) return `Push window (${setting}): ${startText}; it never ends.`;
  if (w.endsAt === undefined) return `Push window (${setting}): ${startText}; ecrscan cannot tell when it ends.`;
  return `Push window (${setting}): ${startText}; ${w.endsAt <= now ? 'ended' : 'ends'} ${around(w.endsAt)}.`;
}

export function describeUseWindow(est: ExpiryEstimate, now: Date): string {
  const w = est.useWindow;
  if (w.mode === undefined) {
    return 'Re-scan window: the account reports no pullDateRescanMode, so only the push window applies.';
  }
  const isPull = w.mode === 'LAST_PULL_DATE';
  const name = `${isPull ? 'Pull' : 'Last-in-use'} window (${w.mode}, ${w.setting ?? 'duration unknown'})`;
  if (w.ignoredBecause === 'multi-arch') {
    return `${name}: does not apply, because AWS does not track last-in-use time for images of a multi-arch manifest list; only the push window counts.`;
  }
  if (w.signalAt === undefined) {
    return isPull
      ? `${name}: no pull is recorded for this image, so this window gives it no extra time.`
      : `${name}: Inspector has not seen this image running on ECS or EKS, so this window gives it no extra time.`;
  }
  const what = isPull ? 'last pulled' : 'last seen running on ECS/EKS';
  const from = w.signalSource ? ` (${w.signalSource})` : '';
  const on = `on ${day(w.signalAt)}`;
  if (w.endsAt === undefined) return `${name}: ${what} ${on}${from}; the window length is unknown.`;
  return `${name}: ${what} ${on}${from}; ${w.endsAt <= now ? 'ended' : 'ends'} ${around(w.endsAt)}.`;
}

/** "the push window", "the pull window", "both windows". */
export function lapsedText(est: ExpiryEstimate): string {
  const useName = est.useWindow.mode === 'LAST_IN_USE_AT' ? 'last-in-use window' : 'pull window';
  switch (est.lapsed) {
    case 'both':
      return 'both windows have lapsed';
    case 'push':
      return `the push window has lapsed (the ${useName} is still open)`;
    case 'use':
      return `the ${useName} has lapsed (the push window is still open)`;
    default:
      return 'neither window has lapsed';
  }
}

/** The dates the estimate was computed from, with the API field each came from. */
export function expiryInputEvidence(est: ExpiryEstimate): Evidence[] {
  const out: Evidence[] = [];
  const push = est.pushWindow;
  if (push.start !== undefined) {
    out.push(
      push.basis === 'restored-from-archive'
        ? { label: 'Restored from archive at', value: instant(push.start), source: SOURCES.lastActivatedAt }
        : { label: 'Pushed at', value: instant(push.start), source: SOURCES.pushedAt },
    );
  }
  const use = est.useWindow;
  if (use.signalAt !== undefined && use.signalSource !== undefined) {
    const source = {
      'coverage.imagePulledAt': SOURCES.coveragePulledAt,
      'ecr.lastRecordedPullTime': SOURCES.lastPull,
      'coverage.lastInUseAt': SOURCES.coverageLastInUseAt,
    }[use.signalSource];
    const label = use.signalSource === 'coverage.lastInUseAt' ? 'Last in use at' : 'Last pulled at';
    out.push({ label, value: instant(use.signalAt), source });
  }
  return out;
}
