import { describe, expect, it } from 'vitest';
import { durationDays, estimateExpiry } from '../../src/diagnosis/expiry.js';
import type { ImageCoverage, ImageDetail, InspectorEcrConfig } from '../../src/domain/facts.js';
import { coverage, DEFAULT_CONFIG, DIGEST, daysAgo, daysFromNow, NOW } from './fixtures.js';

function image(over: Partial<ImageDetail> = {}): ImageDetail {
  return {
    registryId: '222222222222',
    repositoryName: 'svc-orders',
    imageDigest: DIGEST,
    imageTags: [],
    imageStatus: 'ACTIVE',
    imagePushedAt: daysAgo(10),
    ...over,
  };
}

const config = (over: Partial<InspectorEcrConfig> = {}): InspectorEcrConfig => ({ ...DEFAULT_CONFIG, ...over });
const noSignal: ImageCoverage = coverage('ACTIVE', 'SUCCESSFUL');

describe('estimateExpiry', () => {
  it('uses the push window alone when nothing was pulled', () => {
    const est = estimateExpiry(image(), config(), noSignal, NOW);
    expect(est.expiresAt).toEqual(daysFromNow(20));
    expect(est.pushWindow).toMatchObject({ start: daysAgo(10), days: 30, basis: 'pushed', lifetime: false });
    expect(est.useWindow).toEqual({ mode: 'LAST_PULL_DATE', setting: 'DAYS_14', days: 14 });
    expect(est.lapsed).toBe('none');
    expect(est.known).toBe(true);
    expect(est.approximate).toBe(true);
  });

  it('takes the later of the two windows (seeded "expiring": pushed 27 days ago, pulled 20 days ago)', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(27) }),
      config(),
      coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(20) }),
      NOW,
    );
    expect(est.expiresAt).toEqual(daysFromNow(3));
    expect(est.useWindow.endsAt).toEqual(daysAgo(6));
    expect(est.lapsed).toBe('use');
  });

  it('a recent pull outlives the push window', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(40) }),
      config(),
      coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(4) }),
      NOW,
    );
    expect(est.expiresAt).toEqual(daysFromNow(10));
    expect(est.lapsed).toBe('push');
  });

  it('both lapsed (seeded "expired": pushed 60 days ago, pulled 40 days ago)', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(60) }),
      config(),
      coverage('INACTIVE', 'SCAN_ELIGIBILITY_EXPIRED', { imagePulledAt: daysAgo(40) }),
      NOW,
    );
    expect(est.expiresAt).toEqual(daysAgo(26));
    expect(est.lapsed).toBe('both');
  });

  it.each([
    ['exactly at the window end: lapsed', 0, 'both'],
    ['one millisecond before the end: still open', -1, 'none'],
  ])('%s', (_name, offsetMs, lapsed) => {
    const pushed = new Date(daysAgo(30).getTime() - offsetMs);
    const est = estimateExpiry(image({ imagePushedAt: pushed }), config(), noSignal, NOW);
    expect(est.expiresAt?.getTime()).toBe(NOW.getTime() - offsetMs);
    expect(est.lapsed).toBe(lapsed);
  });

  it('LIFETIME never expires', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(900) }),
      config({ rescanDuration: 'LIFETIME' }),
      noSignal,
      NOW,
    );
    expect(est.expiresAt).toBeUndefined();
    expect(est.known).toBe(true);
    expect(est.pushWindow.lifetime).toBe(true);
    expect(est.pushWindow.endsAt).toBeUndefined();
    expect(est.lapsed).toBe('none');
  });

  it('LIFETIME with a lapsed pull window reports the pull window as lapsed but never expires', () => {
    const est = estimateExpiry(
      image(),
      config({ rescanDuration: 'LIFETIME' }),
      coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(30) }),
      NOW,
    );
    expect(est.expiresAt).toBeUndefined();
    expect(est.lapsed).toBe('use');
  });

  it('flags a PENDING settings change', () => {
    expect(estimateExpiry(image(), config({ status: 'PENDING' }), noSignal, NOW).settingsPending).toBe(true);
    expect(estimateExpiry(image(), config({ status: 'SUCCESS' }), noSignal, NOW).settingsPending).toBe(false);
  });

  it('times the push window from lastActivatedAt when restored from archive', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(100), lastArchivedAt: daysAgo(50), lastActivatedAt: daysAgo(5) }),
      config(),
      noSignal,
      NOW,
    );
    expect(est.pushWindow.basis).toBe('restored-from-archive');
    expect(est.pushWindow.start).toEqual(daysAgo(5));
    expect(est.expiresAt).toEqual(daysFromNow(25));
  });

  it('pull signal: coverage imagePulledAt first, ECR lastRecordedPullTime as fallback', () => {
    const img = image({ imagePushedAt: daysAgo(60), lastRecordedPullTime: daysAgo(3) });
    const withCoverage = estimateExpiry(
      img,
      config(),
      coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(7) }),
      NOW,
    );
    expect(withCoverage.useWindow).toMatchObject({ signalAt: daysAgo(7), signalSource: 'coverage.imagePulledAt' });
    const withoutCoverage = estimateExpiry(img, config(), undefined, NOW);
    expect(withoutCoverage.useWindow).toMatchObject({ signalAt: daysAgo(3), signalSource: 'ecr.lastRecordedPullTime' });
    expect(withoutCoverage.expiresAt).toEqual(daysFromNow(11));
  });

  it('LAST_IN_USE_AT reads lastInUseAt and ignores pulls', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(60), lastRecordedPullTime: daysAgo(1) }),
      config({ pullDateRescanMode: 'LAST_IN_USE_AT', pullDateRescanDuration: 'DAYS_30' }),
      coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(1), lastInUseAt: daysAgo(20) }),
      NOW,
    );
    expect(est.useWindow).toMatchObject({ signalAt: daysAgo(20), signalSource: 'coverage.lastInUseAt', days: 30 });
    expect(est.expiresAt).toEqual(daysFromNow(10));
  });

  it('LAST_IN_USE_AT with no use recorded gives no extra time', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(45) }),
      config({ pullDateRescanMode: 'LAST_IN_USE_AT' }),
      noSignal,
      NOW,
    );
    expect(est.useWindow.signalAt).toBeUndefined();
    expect(est.expiresAt).toEqual(daysAgo(15));
    expect(est.lapsed).toBe('both');
  });

  it('multi-arch + LAST_IN_USE_AT: push window only', () => {
    const cfg = config({ pullDateRescanMode: 'LAST_IN_USE_AT' });
    const cov = coverage('ACTIVE', 'SUCCESSFUL', { lastInUseAt: daysAgo(1) });
    const img = image({ imagePushedAt: daysAgo(40) });
    const single = estimateExpiry(img, cfg, cov, NOW);
    const multi = estimateExpiry(img, cfg, cov, NOW, { multiArch: true });
    expect(single.expiresAt).toEqual(daysFromNow(13));
    expect(multi.useWindow.ignoredBecause).toBe('multi-arch');
    expect(multi.useWindow.signalAt).toBeUndefined();
    expect(multi.expiresAt).toEqual(daysAgo(10));
    expect(multi.lapsed).toBe('both');
  });

  it('multi-arch does not change the LAST_PULL_DATE mode', () => {
    const est = estimateExpiry(
      image({ imagePushedAt: daysAgo(40) }),
      config(),
      coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(1) }),
      NOW,
      { multiArch: true },
    );
    expect(est.useWindow.ignoredBecause).toBeUndefined();
    expect(est.expiresAt).toEqual(daysFromNow(13));
  });

  it('is unknown when there is neither a push date nor a signal', () => {
    const est = estimateExpiry(image({ imagePushedAt: undefined }), config(), noSignal, NOW);
    expect(est.known).toBe(false);
    expect(est.expiresAt).toBeUndefined();
    expect(est.lapsed).toBe('none');
  });
});

describe('durationDays', () => {
  it.each([
    ['DAYS_14', 14],
    ['DAYS_180', 180],
    ['DAYS_365', 365],
    ['LIFETIME', undefined],
    ['SOMETHING', undefined],
    [undefined, undefined],
  ])('%s → %s', (setting, days) => {
    expect(durationDays(setting)).toBe(days);
  });
});
