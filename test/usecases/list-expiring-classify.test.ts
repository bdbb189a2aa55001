import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateExpiry } from '../../src/diagnosis/expiry.js';
import type { ImageCoverage, ImageDetail, InspectorEcrConfig } from '../../src/domain/facts.js';
import { classifyExpiring, expiringWindow, mayBeListed } from '../../src/usecases/expiring-classify.js';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T12:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const DIGEST = `sha256:${'a'.repeat(64)}`;

const PULL: InspectorEcrConfig = {
  rescanDuration: 'DAYS_30',
  pullDateRescanMode: 'LAST_PULL_DATE',
  pullDateRescanDuration: 'DAYS_14',
  status: 'SUCCESS',
};
const IN_USE: InspectorEcrConfig = { ...PULL, pullDateRescanMode: 'LAST_IN_USE_AT' };
const LIFETIME: InspectorEcrConfig = { ...PULL, rescanDuration: 'LIFETIME' };

function image(pushedDaysAgo: number, over: Partial<ImageDetail> = {}): ImageDetail {
  return {
    registryId: '222222222222',
    repositoryName: 'svc-a',
    imageDigest: DIGEST,
    imageTags: ['1.0'],
    imagePushedAt: ago(pushedDaysAgo),
    imageStatus: 'ACTIVE',
    ...over,
  };
}

function coverage(over: Partial<ImageCoverage> = {}): ImageCoverage {
  return {
    resourceId: `arn:aws:ecr:eu-west-1:222222222222:repository/svc-a/${DIGEST}`,
    accountId: '222222222222',
    statusCode: 'ACTIVE',
    reason: 'SUCCESSFUL',
    repositoryName: 'svc-a',
    scanFrequency: 'CONTINUOUS_SCAN',
    imageTags: ['1.0'],
    ...over,
  };
}

const EXPIRED = { statusCode: 'INACTIVE', reason: 'SCAN_ELIGIBILITY_EXPIRED' } as const;

function classify(
  img: ImageDetail,
  cov: ImageCoverage,
  opts: { config?: InspectorEcrConfig; within?: number; since?: Date; multiArch?: boolean } = {},
) {
  return classifyExpiring(
    { coverage: cov, image: img, config: opts.config ?? PULL, region: 'eu-west-1', multiArch: opts.multiArch ?? false },
    expiringWindow(NOW, opts.within ?? 7, opts.since),
  );
}

describe('classifyExpiring', () => {
  it.each([
    ['push window ends in 3 days (pull lapsed)', image(27), coverage({ imagePulledAt: ago(20) }), 'expiring', ago(-3)],
    ['pull window ends in 4 days (push lapsed)', image(40), coverage({ imagePulledAt: ago(10) }), 'expiring', ago(-4)],
    [
      'ECR pull time when coverage has none',
      image(40, { lastRecordedPullTime: ago(10) }),
      coverage(),
      'expiring',
      ago(-4),
    ],
    ['both windows passed, still ACTIVE: due', image(40), coverage({ imagePulledAt: ago(30) }), 'expiring', ago(10)],
    [
      'expired: lapsed with the pull window',
      image(60),
      coverage({ ...EXPIRED, imagePulledAt: ago(40) }),
      'expired',
      ago(26),
    ],
    ['expired, no pull: lapsed with the push window', image(60), coverage(EXPIRED), 'expired', ago(30)],
  ])('%s', (_, img, cov, state, expiresAt) => {
    const listed = classify(img, cov);
    expect(listed?.state).toBe(state);
    expect(listed?.expiresAt).toEqual(expiresAt);
    expect(listed?.expiry).toEqual(estimateExpiry(img, PULL, cov, NOW));
    expect(listed?.cause).toMatch(/around \d{4}-\d{2}-\d{2}/);
  });

  it.each([
    ['pushed 5 days ago: ends in 25 days', image(5), coverage()],
    ['pulled yesterday: ends in 13 days', image(40), coverage({ imagePulledAt: ago(1) })],
    ['unsupported, not expired', image(60), coverage({ statusCode: 'INACTIVE', reason: 'UNSUPPORTED_OS' })],
    ['archived image', image(60, { imageStatus: 'ARCHIVED' }), coverage(EXPIRED)],
    ['no push date and no pull: nothing to compute', image(0, { imagePushedAt: undefined }), coverage()],
  ])('not listed: %s', (_, img, cov) => {
    expect(classify(img, cov)).toBeUndefined();
  });

  it('the window is inclusive: an expiry exactly `within` days away is listed, a second later is not', () => {
    expect(classify(image(23), coverage(), { within: 7 })?.expiresAt).toEqual(ago(-7));
    expect(classify(image(23, { imagePushedAt: new Date(ago(23).getTime() + 1000) }), coverage())).toBeUndefined();
  });

  it('LIFETIME push window: an ACTIVE image never expires', () => {
    expect(classify(image(400), coverage(), { config: LIFETIME })).toBeUndefined();
  });

  it('expiredSince keeps only images that lapsed since then, and drops those whose lapse is unknown', () => {
    const cov = coverage({ ...EXPIRED, imagePulledAt: ago(40) });
    expect(classify(image(60), cov, { since: ago(7) })).toBeUndefined();
    expect(classify(image(60), cov, { since: ago(27) })?.expiresAt).toEqual(ago(26));
    // Pushed 5 days ago yet expired: it lapsed under earlier settings, when is unknown.
    const unknown = classify(image(5), coverage(EXPIRED));
    expect(unknown?.state).toBe('expired');
    expect(unknown?.expiresAt).toBeUndefined();
    expect(unknown?.cause).toContain('earlier, shorter settings');
    expect(classify(image(5), coverage(EXPIRED), { since: ago(30) })).toBeUndefined();
  });

  it('LAST_IN_USE_AT: use counts, except for multi-arch children, where only the push window does', () => {
    const cov = coverage({ lastInUseAt: ago(2) });
    expect(classify(image(27), cov, { config: IN_USE })).toBeUndefined();
    const child = classify(image(27), cov, { config: IN_USE, multiArch: true });
    expect(child?.expiresAt).toEqual(ago(-3));
    expect(child?.cause).toContain('does not apply to multi-arch images');
    expect(child?.cause).toContain('a new digest keeps it scanned');
    expect(child?.cause).not.toContain('ECS/EKS');
  });

  it('copies the dates a digest row shows: the later pull of ECR and coverage, last use, push', () => {
    const listed = classify(
      image(27, { lastRecordedPullTime: ago(21), imageTags: [] }),
      coverage({ imagePulledAt: ago(20), lastInUseAt: ago(25), imageTags: ['from-coverage'] }),
    );
    expect(listed).toMatchObject({
      accountId: '222222222222',
      region: 'eu-west-1',
      repositoryName: 'svc-a',
      imageDigest: DIGEST,
      imageTags: ['from-coverage'],
      pushedAt: ago(27),
      lastPulledAt: ago(20),
      lastInUseAt: ago(25),
      scanType: 'ENHANCED',
    });
  });

  it('words scan-on-push repositories by what AWS documents for them: only a push resumes scanning', () => {
    const listed = classify(
      image(27),
      coverage({ scanFrequency: 'SCAN_ON_PUSH', reason: 'SCAN_FREQUENCY_SCAN_ON_PUSH' }),
    );
    expect(listed?.cause).toContain('scan-on-push');
    expect(listed?.cause).not.toContain('a pull');
  });
});

describe('mayBeListed (the pre-filter before DescribeImages)', () => {
  it.each([
    ['pulled yesterday: the pull window alone outlasts the horizon', PULL, coverage({ imagePulledAt: ago(1) }), false],
    ['pulled 10 days ago', PULL, coverage({ imagePulledAt: ago(10) }), true],
    ['no pull in coverage (ECR may still have one)', PULL, coverage(), true],
    ['LIFETIME push window', LIFETIME, coverage(), false],
    ['expired, even under LIFETIME', LIFETIME, coverage(EXPIRED), true],
    ['LAST_IN_USE_AT: never pruned (multi-arch children ignore use)', IN_USE, coverage({ lastInUseAt: ago(1) }), true],
    ['unsupported', PULL, coverage({ statusCode: 'INACTIVE', reason: 'UNSUPPORTED_OS' }), false],
  ])('%s → %s', (_, config, cov, expected) => {
    expect(mayBeListed(cov, config, expiringWindow(NOW, 7))).toBe(expected);
  });

  it('never drops an image classifyExpiring would list (property)', () => {
    const days = fc.option(fc.double({ min: -5, max: 400, noNaN: true }), { nil: undefined });
    const date = (d: number | undefined) => (d === undefined ? undefined : ago(d));
    fc.assert(
      fc.property(
        fc.record({
          pushed: days,
          ecrPull: days,
          coveragePull: days,
          inUse: days,
          within: fc.integer({ min: 0, max: 60 }),
          expired: fc.boolean(),
          multiArch: fc.boolean(),
          config: fc.constantFrom(PULL, IN_USE, LIFETIME, { ...PULL, rescanDuration: 'DAYS_14' }),
        }),
        (c) => {
          const img = image(0, { imagePushedAt: date(c.pushed), lastRecordedPullTime: date(c.ecrPull) });
          const cov = coverage({
            ...(c.expired ? EXPIRED : {}),
            imagePulledAt: date(c.coveragePull),
            lastInUseAt: date(c.inUse),
          });
          const window = expiringWindow(NOW, c.within);
          const listed = classifyExpiring(
            { coverage: cov, image: img, config: c.config, region: 'eu-west-1', multiArch: c.multiArch },
            window,
          );
          if (listed) expect(mayBeListed(cov, c.config, window)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
