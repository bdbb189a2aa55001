import { describe, expect, it } from 'vitest';
import { scanEligibilityExpiredRule } from '../../../src/diagnosis/rules/scan-eligibility-expired.js';
import {
  coverage,
  DEFAULT_CONFIG,
  daysAgo,
  fail,
  inspector,
  makeEnhancedFacts,
  ok,
  repoScanning,
  scan,
} from '../fixtures.js';

const expiredCoverage = (over = {}) =>
  ok(coverage('INACTIVE', 'SCAN_ELIGIBILITY_EXPIRED', { imagePulledAt: daysAgo(40), ...over }));
const seededExpired = (over: Parameters<typeof makeEnhancedFacts>[0] = {}) =>
  makeEnhancedFacts({
    image: { imagePushedAt: daysAgo(60), lastRecordedPullTime: daysAgo(40) },
    scan: scan('SCAN_ELIGIBILITY_EXPIRED'),
    inspector: inspector({ coverage: expiredCoverage() }),
    ...over,
  });

describe('scanEligibilityExpiredRule', () => {
  it.each([
    { name: 'ECR and Inspector agree', facts: seededExpired() },
    { name: 'ECR status only', facts: seededExpired({ inspector: inspector({ coverage: ok(undefined) }) }) },
    { name: 'coverage only', facts: seededExpired({ scan: scan('ACTIVE') }) },
  ])('$name → one SCAN_ELIGIBILITY_EXPIRED', ({ facts }) => {
    const out = scanEligibilityExpiredRule.evaluate(facts);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ code: 'SCAN_ELIGIBILITY_EXPIRED', severity: 'blocking', certainty: 'certain' });
  });

  it('shows the computed date, which window lapsed and the real settings', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(seededExpired());
    expect(d?.title).toBe('Inspector stopped scanning this image (eligibility expired around 2026-04-05)');
    expect(d?.expiry?.lapsed).toBe('both');
    expect(d?.cause).toContain('both windows have lapsed');
    expect(d?.cause).toContain(
      'Push window (push-date window DAYS_30): pushed on 2026-03-02; ended around 2026-04-01.',
    );
    expect(d?.cause).toContain(
      'Pull window (LAST_PULL_DATE, DAYS_14): last pulled on 2026-03-22 (coverage.imagePulledAt); ended around 2026-04-05.',
    );
    const values = Object.fromEntries(d?.evidence.map((e) => [e.label, e.value]) ?? []);
    expect(values).toMatchObject({
      'ECR scan status': 'SCAN_ELIGIBILITY_EXPIRED',
      'Inspector coverage reason': 'SCAN_ELIGIBILITY_EXPIRED',
      'Push-date window (rescanDuration)': 'DAYS_30',
      'Re-scan signal (pullDateRescanMode)': 'LAST_PULL_DATE',
      'Re-scan window (pullDateRescanDuration)': 'DAYS_14',
      'Settings status': 'SUCCESS',
      'Settings last changed': DEFAULT_CONFIG.updatedAt?.toISOString(),
      'Last pulled at': daysAgo(40).toISOString(),
    });
  });

  it('LAST_PULL_DATE: offers a pull and a new digest, never re-tagging', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(seededExpired());
    const fix = d?.fix.join('\n') ?? '';
    expect(fix).toContain('docker pull 222222222222.dkr.ecr.eu-west-1.amazonaws.com/svc-orders@sha256:');
    expect(fix).toContain('Rebuild and push a new image (a new digest)');
    expect(fix).toContain('Re-tagging the existing digest');
    expect(fix).toContain('probably does not count');
    expect(fix).not.toMatch(/re-?tag(ging)? (revives|brings back|resumes)/i);
    expect(fix).not.toContain('ECS task');
    expect(fix).toContain(
      'aws inspector2 update-configuration --ecr-configuration rescanDuration=DAYS_60,pullDateRescanMode=LAST_PULL_DATE,pullDateRescanDuration=DAYS_30 --region eu-west-1',
    );
  });

  it('LAST_IN_USE_AT: offers running on ECS/EKS, not a pull', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(
      seededExpired({
        inspector: inspector({
          configuration: ok({ ...DEFAULT_CONFIG, pullDateRescanMode: 'LAST_IN_USE_AT' }),
          coverage: expiredCoverage(),
        }),
      }),
    );
    const fix = d?.fix.join('\n') ?? '';
    expect(fix).toContain('ECS task or EKS pod');
    expect(fix).not.toContain('docker pull');
  });

  it('scan-on-push repository: only a push helps', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(
      seededExpired({ repositoryScanning: repoScanning('svc-orders', 'SCAN_ON_PUSH') }),
    );
    expect(d?.fix[0]).toMatch(/^This repository is scan-on-push: only a push resumes scanning/);
    expect(d?.fix.join('\n')).not.toContain('docker pull');
  });

  it('says a settings change is still PENDING', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(
      seededExpired({
        inspector: inspector({
          configuration: ok({ ...DEFAULT_CONFIG, status: 'PENDING', updatedAt: daysAgo(1) }),
          coverage: expiredCoverage(),
        }),
      }),
    );
    expect(d?.expiry?.settingsPending).toBe(true);
    expect(d?.cause).toContain('A change to the re-scan settings is still PENDING (changed on 2026-04-30)');
  });

  it('explains an expiry the current settings would not cause (settings changed, first enablement)', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(
      seededExpired({
        inspector: inspector({
          configuration: ok({ ...DEFAULT_CONFIG, rescanDuration: 'DAYS_90', updatedAt: daysAgo(3) }),
          coverage: expiredCoverage(),
        }),
      }),
    );
    expect(d?.cause).toContain("With today's settings it would still be eligible until around 2026-05-31");
    expect(d?.cause).toContain('the settings last changed on 2026-04-28');
    expect(d?.cause).toContain('does not bring back images that are already inactive');
  });

  it('still diagnoses when Inspector settings cannot be read', () => {
    const [d] = scanEligibilityExpiredRule.evaluate(
      seededExpired({
        inspector: inspector({
          configuration: fail('ACCESS_DENIED', 'inspector2:GetConfiguration'),
          coverage: expiredCoverage(),
        }),
      }),
    );
    expect(d?.expiry).toBeUndefined();
    expect(d?.cause).toContain("could not read Inspector's re-scan settings");
    expect(d?.evidence.map((e) => e.label)).toContain('inspector2:GetConfiguration failed');
  });

  it('stays quiet for an active image', () => {
    expect(scanEligibilityExpiredRule.evaluate(makeEnhancedFacts())).toEqual([]);
  });
});
