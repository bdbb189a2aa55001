import { describe, expect, it } from 'vitest';
import {
  makeScanEligibilityExpiringRule,
  scanEligibilityExpiringRule,
} from '../../../src/diagnosis/rules/scan-eligibility-expiring.js';
import {
  coverage,
  DEFAULT_CONFIG,
  daysAgo,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  repoScanning,
} from '../fixtures.js';

const pulled = (pushedDaysAgo: number, pulledDaysAgo: number, over: Parameters<typeof makeEnhancedFacts>[0] = {}) =>
  makeEnhancedFacts({
    image: { imagePushedAt: daysAgo(pushedDaysAgo) },
    inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(pulledDaysAgo) })) }),
    ...over,
  });

describe('scanEligibilityExpiringRule', () => {
  it.each([
    { name: 'seeded "expiring": pushed 27 days ago, pulled 20 days ago', facts: pulled(27, 20), fires: true },
    { name: 'exactly 7 days left', facts: pulled(23, 30), fires: true },
    { name: 'just over 7 days left', facts: pulled(22, 30), fires: false },
    { name: 'pushed 2 days ago', facts: pulled(2, 2), fires: false },
    { name: 'a recent pull keeps it', facts: pulled(29, 1), fires: false },
    { name: 'computed date already passed but still ACTIVE', facts: pulled(31, 31), fires: true },
    {
      name: 'scan-on-push repository (the lapse closes its findings; digests list it too)',
      facts: pulled(27, 20, { repositoryScanning: repoScanning('svc-orders', 'SCAN_ON_PUSH') }),
      fires: true,
    },
    {
      name: 'MANUAL repository (Inspector does not cover it)',
      facts: pulled(27, 20, { repositoryScanning: repoScanning('svc-orders', 'MANUAL') }),
      fires: false,
    },
    {
      name: 'LIFETIME',
      facts: pulled(29, 40, {
        inspector: inspector({ configuration: ok({ ...DEFAULT_CONFIG, rescanDuration: 'LIFETIME' }) }),
      }),
      fires: false,
    },
    {
      name: 'already INACTIVE (that is SCAN_ELIGIBILITY_EXPIRED)',
      facts: pulled(27, 20, {
        inspector: inspector({ coverage: ok(coverage('INACTIVE', 'SCAN_ELIGIBILITY_EXPIRED')) }),
      }),
      fires: false,
    },
    { name: 'basic registry', facts: makeFacts({ image: { imagePushedAt: daysAgo(29) } }), fires: false },
  ])('$name → $fires', ({ facts, fires }) => {
    const out = scanEligibilityExpiringRule.evaluate(facts);
    expect(out.map((d) => d.code)).toEqual(fires ? ['SCAN_ELIGIBILITY_EXPIRING'] : []);
  });

  it('scan-on-push: says the findings are closed, offers a push or continuous scanning, never a pull', () => {
    const facts = pulled(27, 20, { repositoryScanning: repoScanning('svc-orders', 'SCAN_ON_PUSH') });
    const [d] = scanEligibilityExpiringRule.evaluate(facts);
    expect(d?.cause).toContain('scan-on-push');
    expect(d?.cause).toContain('closes its findings');
    expect(d?.fix.join('\n')).toContain('rebuild and push a new image');
    expect(d?.fix.join('\n')).toContain('continuously');
    expect(d?.fix.join('\n')).not.toMatch(/docker pull|pull it/);
  });

  it('words the date as "around", is likely, and gives options valid for LAST_PULL_DATE', () => {
    const [d] = scanEligibilityExpiringRule.evaluate(pulled(27, 20));
    expect(d).toMatchObject({ severity: 'warning', certainty: 'likely' });
    expect(d?.title).toBe('Inspector stops scanning this image around 2026-05-04 (in about 3 days)');
    expect(d?.cause).toContain('AWS does not document how often Inspector checks them');
    expect(d?.expiry?.lapsed).toBe('use');
    const fix = d?.fix.join('\n') ?? '';
    expect(fix).toContain('pull it before scanning stops (around 2026-05-04)');
    expect(fix).toContain('aws inspector2 update-configuration');
    expect(fix).not.toContain('ECS tasks or EKS pods stay eligible');
  });

  it('the warning window is configurable', () => {
    expect(makeScanEligibilityExpiringRule(2).evaluate(pulled(27, 20))).toEqual([]);
    expect(makeScanEligibilityExpiringRule(30).evaluate(pulled(10, 10))).toHaveLength(1);
  });

  it('mentions a PENDING settings change', () => {
    const [d] = scanEligibilityExpiringRule.evaluate(
      pulled(27, 20, {
        inspector: inspector({
          configuration: ok({ ...DEFAULT_CONFIG, status: 'PENDING' }),
          coverage: ok(coverage('ACTIVE', 'SUCCESSFUL', { imagePulledAt: daysAgo(20) })),
        }),
      }),
    );
    expect(d?.cause).toContain('still PENDING');
  });
});
