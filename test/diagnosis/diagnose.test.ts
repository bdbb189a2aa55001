import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import { DIAGNOSIS_CODES, DIAGNOSIS_SEVERITY, type DiagnosisCode, SEVERITY_ORDER } from '../../src/diagnosis/types.js';
import {
  ECR_SCAN_STATUS_REASONS,
  type EcrScanStatusReason,
  SCAN_STATUSES,
  type ScanStatus,
} from '../../src/domain/aws-values.js';
import type { ImageFacts } from '../../src/domain/image-facts.js';
import {
  codes,
  coverage,
  DEFAULT_CONFIG,
  daysAgo,
  digest,
  fail,
  finding,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  repoScanning,
  scan,
  scanNotFound,
  withFindings,
} from './fixtures.js';
import { SEEDED } from './seeded-world.js';

/** What each ECR status must lead to; `satisfies` makes the compiler insist on all ten. */
const BY_STATUS = {
  IN_PROGRESS: 'SCAN_IN_PROGRESS',
  COMPLETE: 'SCAN_OK',
  FAILED: 'SCAN_FAILED',
  UNSUPPORTED_IMAGE: 'UNSUPPORTED_IMAGE',
  ACTIVE: 'SCAN_OK',
  PENDING: 'SCAN_PENDING',
  SCAN_ELIGIBILITY_EXPIRED: 'SCAN_ELIGIBILITY_EXPIRED',
  FINDINGS_UNAVAILABLE: 'FINDINGS_UNAVAILABLE',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  IMAGE_ARCHIVED: 'IMAGE_ARCHIVED',
} satisfies Record<ScanStatus, DiagnosisCode>;

/** What each ECR-relevant Inspector coverage reason (domain.md §4.2 †) must lead to. */
const BY_REASON = {
  PENDING_INITIAL_SCAN: ['SCAN_PENDING'],
  ACCESS_DENIED: ['INSPECTOR_ACCESS_DENIED'],
  INTERNAL_ERROR: ['INSPECTOR_INTERNAL_ERROR'],
  UNSUPPORTED_OS: ['UNSUPPORTED_IMAGE'],
  SCAN_ELIGIBILITY_EXPIRED: ['SCAN_ELIGIBILITY_EXPIRED'],
  SUCCESSFUL: ['SCAN_OK', 'NO_FINDINGS'],
  IMAGE_SIZE_EXCEEDED: ['SCAN_FAILED'],
  SCAN_FREQUENCY_MANUAL: ['NO_MATCHING_SCAN_RULE'],
  SCAN_FREQUENCY_SCAN_ON_PUSH: ['SCAN_ON_PUSH_ONLY'],
  PENDING_DISABLE: ['INSPECTOR_NOT_ENABLED'],
  UNSUPPORTED_MEDIA_TYPE: ['UNSUPPORTED_IMAGE'],
  PENDING_REVIVAL_SCAN: ['SCAN_PENDING'],
  ACCESS_DENIED_TO_ENCRYPTION_KEY: ['KMS_ACCESS_DENIED'],
  SCAN_IN_PROGRESS: ['SCAN_IN_PROGRESS'],
  IMAGE_ARCHIVED: ['IMAGE_ARCHIVED'],
} satisfies Record<EcrScanStatusReason, DiagnosisCode[]>;

/** Inspector reasons for other resource types (domain.md §4.2 without †). */
const NON_ECR_REASONS = [
  'UNMANAGED_EC2_INSTANCE',
  'RESOURCE_TERMINATED',
  'NO_RESOURCES_FOUND',
  'EC2_INSTANCE_STOPPED',
  'NO_INVENTORY',
  'STALE_INVENTORY',
  'EXCLUDED_BY_TAG',
  'UNSUPPORTED_RUNTIME',
  'UNSUPPORTED_CONFIG_FILE',
  'DEEP_INSPECTION_NO_INVENTORY',
  'INTEGRATION_CONNECTION_LOST',
  'UNSUPPORTED_LANGUAGE',
  'NO_SCAN_CONFIGURATION_ASSOCIATED',
  'UNSUPPORTED_CODE_ARTIFACTS',
];

function withStatus(status: string, enhanced: boolean): ImageFacts {
  const description = status === 'FAILED' ? 'An internal error occurred.' : undefined;
  const findings = status === 'COMPLETE' || status === 'ACTIVE' ? [finding()] : [];
  const s = withFindings(status, findings, description);
  return enhanced
    ? makeEnhancedFacts({ scan: s, inspector: inspector({ coverage: ok(undefined) }) })
    : makeFacts({ scan: s });
}

describe('diagnose: every ECR ScanStatus leads to a named diagnosis', () => {
  it('the table covers the whole enum', () => {
    expect(Object.keys(BY_STATUS).sort()).toEqual([...SCAN_STATUSES].sort());
  });

  it.each(
    SCAN_STATUSES.flatMap((status) => [
      { status, registry: 'basic' },
      { status, registry: 'enhanced' },
    ]),
  )('$status ($registry)', ({ status, registry }) => {
    const result = diagnose(withStatus(status, registry === 'enhanced'));
    expect(codes(result)).toContain(BY_STATUS[status]);
    expect(codes(result)).not.toContain('UNKNOWN_SCAN_STATUS');
  });

  it('an unknown future status is shown raw, not dropped', () => {
    const result = diagnose(makeFacts({ scan: scan('QUARANTINED_FOR_REVIEW') }));
    expect(codes(result)).toEqual(['UNKNOWN_SCAN_STATUS']);
    expect(result[0]?.title).toContain('"QUARANTINED_FOR_REVIEW"');
    expect(result[0]?.evidence).toContainEqual({
      label: 'ECR scan status',
      value: 'QUARANTINED_FOR_REVIEW',
      source: 'ecr:DescribeImageScanFindings imageScanStatus.status',
    });
  });
});

describe('diagnose: every ECR-relevant Inspector ScanStatusReason leads to a named diagnosis', () => {
  it('the table covers ECR_SCAN_STATUS_REASONS', () => {
    expect(Object.keys(BY_REASON).sort()).toEqual([...ECR_SCAN_STATUS_REASONS].sort());
  });

  const variants = ECR_SCAN_STATUS_REASONS.flatMap((reason) => [
    { reason, ecr: 'ACTIVE with findings' },
    { reason, ecr: 'no ECR scan' },
  ]);

  it.each(variants)('$reason ($ecr)', ({ reason, ecr }) => {
    const statusCode =
      reason === 'SUCCESSFUL' || reason.startsWith('PENDING') || reason === 'SCAN_IN_PROGRESS' ? 'ACTIVE' : 'INACTIVE';
    const facts = makeEnhancedFacts({
      ...(ecr === 'no ECR scan' ? { scan: scanNotFound() } : {}),
      inspector: inspector({ coverage: ok(coverage(statusCode, reason)), findings: ok([]) }),
    });
    const result = diagnose(facts);
    expect(codes(result).some((c) => (BY_REASON[reason] as string[]).includes(c))).toBe(true);
    expect(codes(result)).not.toContain('UNKNOWN_SCAN_STATUS');
  });

  it.each(NON_ECR_REASONS)('%s (not an ECR reason) is shown raw', (reason) => {
    const result = diagnose(
      makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', reason)) }) }),
    );
    expect(codes(result)).toContain('UNKNOWN_SCAN_STATUS');
    expect(result.find((d) => d.code === 'UNKNOWN_SCAN_STATUS')?.title).toContain(`"${reason}"`);
  });

  it('an unknown future reason is shown raw', () => {
    const result = diagnose(
      makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', 'SOMETHING_NEW')) }) }),
    );
    expect(result.find((d) => d.code === 'UNKNOWN_SCAN_STATUS')?.evidence.map((e) => e.value)).toContain(
      'SOMETHING_NEW',
    );
  });
});

describe('diagnose: the seeded sandbox world', () => {
  it.each(SEEDED)('$id → $expected', ({ facts, expected }) => {
    const result = diagnose(facts);
    for (const code of expected) expect(codes(result)).toContain(code);
  });

  it('the seeded world gives every problem its own expected code first', () => {
    const firsts = SEEDED.map(({ id, facts }) => [id, diagnose(facts)[0]?.code]);
    expect(Object.fromEntries(firsts)).toMatchObject(
      Object.fromEntries(SEEDED.map(({ id, expected }) => [id, expected[0]])),
    );
  });
});

describe('diagnose: ordering', () => {
  it('sorts blocking → warning → info, then by code', () => {
    const facts = makeEnhancedFacts({
      image: { repositoryName: 'legacy-tools' },
      repositoryScanning: repoScanning('legacy-tools', 'MANUAL'),
      scan: withFindings('PENDING', [finding({ severity: 'UNTRIAGED', origin: 'enhanced' })]),
      inspector: inspector({ configuration: fail('THROTTLED', 'inspector2:GetConfiguration') }),
    });
    const result = diagnose(facts);
    expect(codes(result)).toEqual([
      'NO_MATCHING_SCAN_RULE',
      'UNDEFINED_SEVERITY',
      'INSPECTOR_UNAVAILABLE',
      'SCAN_PENDING',
    ]);
    const ranks = result.map((d) => SEVERITY_ORDER.indexOf(d.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('every code has a fixed severity and every diagnosis uses it', () => {
    for (const { facts } of SEEDED) {
      for (const d of diagnose(facts)) expect(d.severity).toBe(DIAGNOSIS_SEVERITY[d.code]);
    }
    expect(Object.keys(DIAGNOSIS_SEVERITY).sort()).toEqual([...DIAGNOSIS_CODES].sort());
  });
});

describe('diagnose: de-duplication', () => {
  it('one UNSUPPORTED_IMAGE when status, coverage and OS all agree', () => {
    const result = diagnose(SEEDED.find((s) => s.id === 'windows')?.facts as ImageFacts);
    expect(codes(result)).toEqual(['UNSUPPORTED_IMAGE']);
    expect(result[0]?.reason).toBe('windows');
  });

  it('KMS_ACCESS_DENIED absorbs the ECR FAILED it explains, keeping its evidence', () => {
    const result = diagnose(SEEDED.find((s) => s.id === 'kms-denied')?.facts as ImageFacts);
    expect(codes(result)).toEqual(['KMS_ACCESS_DENIED']);
    expect(result[0]?.evidence.map((e) => `${e.label}=${e.value}`)).toContain('ECR scan status=FAILED');
  });

  it('an archived image needs no "scan not started"', () => {
    const result = diagnose(makeFacts({ image: { imageStatus: 'ARCHIVED' }, scan: scanNotFound() }));
    expect(codes(result)).toEqual(['IMAGE_ARCHIVED']);
    expect(result[0]?.evidence.map((e) => e.value)).toContain(
      'ScanNotFoundException: Image scan does not exist for the image',
    );
  });

  it('ECR PENDING + Inspector SCAN_IN_PROGRESS: in progress wins', () => {
    const result = diagnose(
      makeEnhancedFacts({
        scan: scan('PENDING'),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SCAN_IN_PROGRESS')) }),
      }),
    );
    expect(codes(result)).toEqual(['SCAN_IN_PROGRESS']);
  });

  it('expired hides expiring', () => {
    const result = diagnose(
      makeEnhancedFacts({
        image: { imagePushedAt: daysAgo(60) },
        scan: scan('SCAN_ELIGIBILITY_EXPIRED'),
        inspector: inspector({ coverage: ok(coverage('ACTIVE', 'SUCCESSFUL')) }),
      }),
    );
    expect(codes(result)).toEqual(['SCAN_ELIGIBILITY_EXPIRED']);
  });
});

describe('diagnose: SCAN_OK / NO_FINDINGS only when nothing else applies', () => {
  it.each([
    { name: 'healthy basic', facts: makeFacts(), expected: ['SCAN_OK'] },
    {
      name: 'healthy, Inspector unreadable',
      facts: makeEnhancedFacts({
        inspector: inspector({ coverage: fail('ACCESS_DENIED', 'inspector2:ListCoverage') }),
      }),
      expected: ['INSPECTOR_UNAVAILABLE', 'SCAN_OK'],
    },
    {
      name: 'findings but scan-on-push only',
      facts: SEEDED.find((s) => s.id === 'scan-on-push-only')?.facts as ImageFacts,
      expected: ['SCAN_ON_PUSH_ONLY'],
    },
    {
      name: 'findings but expiring',
      facts: SEEDED.find((s) => s.id === 'expiring')?.facts as ImageFacts,
      expected: ['SCAN_ELIGIBILITY_EXPIRING'],
    },
  ])('$name', ({ facts, expected }) => {
    expect(codes(diagnose(facts))).toEqual(expected);
  });

  it('an unreadable registry configuration does not hide a readable scan result', () => {
    const facts = makeFacts({ registryScanning: fail('ACCESS_DENIED', 'ecr:GetRegistryScanningConfiguration') });
    expect(codes(diagnose(facts))).toEqual(['ECR_DATA_UNAVAILABLE', 'SCAN_OK']);
  });

  it('never returns an empty answer', () => {
    const facts = makeFacts({ scan: fail('THROTTLED', 'ecr:DescribeImageScanFindings') });
    expect(codes(diagnose(facts))).toEqual(['ECR_DATA_UNAVAILABLE']);
  });
});

describe('diagnose: manifest lists', () => {
  const list = SEEDED.find((s) => s.id === 'manifest-list')?.facts as ImageFacts;

  it('the list is UNSUPPORTED_IMAGE (manifest-list) naming its children; each child is diagnosed with its platform', () => {
    const result = diagnose(list);
    expect(result.map((d) => [d.code, d.platform ?? null, d.reason ?? null])).toEqual([
      ['UNSUPPORTED_IMAGE', null, 'manifest-list'],
      ['SCAN_OK', 'linux/amd64', null],
      ['SCAN_OK', 'linux/arm64/v8', null],
    ]);
    expect(result[0]?.fix[0]).toContain('linux/amd64 (sha256:cccccccccccc), linux/arm64/v8 (sha256:dddddddddddd)');
  });

  it('repository- and account-level problems are reported once, not per platform', () => {
    const facts = {
      ...list,
      children: list.children?.map((c) => ({
        ...c,
        scan: scan('ACTIVE'),
        inspector: inspector({ configuration: fail('ACCESS_DENIED', 'inspector2:GetConfiguration') }),
      })),
    };
    const result = diagnose(facts);
    expect(result.filter((d) => d.code === 'INSPECTOR_UNAVAILABLE').map((d) => d.platform)).toEqual([undefined]);
    expect(result.filter((d) => d.code === 'NO_FINDINGS').map((d) => d.platform)).toEqual([
      'linux/amd64',
      'linux/arm64/v8',
    ]);
  });

  it('a child in LAST_IN_USE_AT mode expires on its push window alone', () => {
    const cfg = { ...DEFAULT_CONFIG, pullDateRescanMode: 'LAST_IN_USE_AT' };
    const child = makeEnhancedFacts({
      image: { imageDigest: digest('e'), imagePushedAt: daysAgo(27) },
      platform: { digest: digest('e'), os: 'linux', architecture: 'arm64' },
      inspector: inspector({
        configuration: ok(cfg),
        coverage: ok(coverage('ACTIVE', 'SUCCESSFUL', { lastInUseAt: daysAgo(1) })),
      }),
    });
    const single = { ...child, platform: undefined };
    expect(codes(diagnose({ ...list, children: [child] }))).toContain('SCAN_ELIGIBILITY_EXPIRING');
    expect(codes(diagnose(single))).not.toContain('SCAN_ELIGIBILITY_EXPIRING');
    const expiring = diagnose({ ...list, children: [child] }).find((d) => d.code === 'SCAN_ELIGIBILITY_EXPIRING');
    expect(expiring?.platform).toBe('linux/arm64');
    expect(expiring?.cause).toContain('AWS does not track last-in-use time for images of a multi-arch manifest list');
  });
});

describe('diagnose: options and purity', () => {
  it('passes the expiry warning window through', () => {
    const expiring = SEEDED.find((s) => s.id === 'expiring')?.facts as ImageFacts;
    expect(codes(diagnose(expiring, { expiryWarningDays: 1 }))).toEqual(['SCAN_OK']);
    expect(codes(diagnose(expiring, { expiryWarningDays: 3 }))).toEqual(['SCAN_ELIGIBILITY_EXPIRING']);
  });

  it('does not change its input and gives the same answer twice', () => {
    for (const { facts } of SEEDED) {
      const before = structuredClone(facts);
      const first = diagnose(facts);
      expect(facts).toEqual(before);
      expect(diagnose(facts)).toEqual(first);
    }
  });

  it('every diagnosis has a cause, evidence with sources, and fix steps; texts are plain', () => {
    for (const { facts } of SEEDED) {
      for (const d of diagnose(facts)) {
        expect(d.title.length).toBeGreaterThan(5);
        expect(d.cause.length).toBeGreaterThan(30);
        expect(d.evidence.length).toBeGreaterThan(0);
        for (const e of d.evidence) expect(e.source.length).toBeGreaterThan(3);
        expect(d.fix.length).toBeGreaterThan(0);
        const text = [d.title, d.cause, ...d.fix].join('\n');
        expect(text.includes(String.fromCharCode(27)), 'no ANSI escapes').toBe(false);
        expect(text).not.toMatch(/<!|\*\*|<https?:/);
      }
    }
  });
});
