import { describe, expect, it } from 'vitest';
import { unsupportedImageRule } from '../../../src/diagnosis/rules/unsupported-image.js';
import type { ImageFacts } from '../../../src/domain/image-facts.js';
import {
  coverage,
  DIGEST,
  digest,
  distro,
  inspector,
  makeEnhancedFacts,
  makeFacts,
  ok,
  os,
  scan,
  scanNotFound,
} from '../fixtures.js';

const UNSUPPORTED = 'UnsupportedImageError: The operating system and/or package manager are not supported.';
const basicFailed = (osFact?: ImageFacts['os']) =>
  makeFacts({ scan: scan('FAILED', { description: UNSUPPORTED }), ...(osFact ? { os: osFact } : {}) });

const CASES: { name: string; facts: ImageFacts; reason: string; certainty: string; evidence: string[] }[] = [
  {
    name: 'scratch (basic FAILED UnsupportedImageError)',
    facts: basicFailed(os('scratch', { packageDb: 'none', evidence: ['history[0].created_by = "COPY app /app"'] })),
    reason: 'scratch',
    certainty: 'certain',
    evidence: [
      'ECR scan status=FAILED',
      `ECR scan description=${UNSUPPORTED}`,
      'OS detection=history[0].created_by = "COPY app /app"',
    ],
  },
  {
    name: 'distroless',
    facts: basicFailed(os('distroless', { distro: { id: 'debian', versionId: '12', prettyName: 'Distroless' } })),
    reason: 'distroless',
    certainty: 'likely',
    evidence: ['ECR scan status=FAILED', 'os-release=ID=debian VERSION_ID=12 PRETTY_NAME="Distroless"'],
  },
  {
    name: 'eol distro (debian 9)',
    facts: basicFailed(distro('debian', '9', 'Debian GNU/Linux 9 (stretch)')),
    reason: 'eol-os',
    certainty: 'certain',
    evidence: ['ECR scan status=FAILED'],
  },
  {
    name: 'unknown distro',
    facts: basicFailed(distro('alpaquita', '23')),
    reason: 'unknown-os',
    certainty: 'likely',
    evidence: ['ECR scan status=FAILED'],
  },
  {
    name: 'OS could not be read',
    facts: basicFailed({ ok: false, error: { code: 'UNAVAILABLE', operation: 'os-detection', message: 'timeout' } }),
    reason: 'unknown-os',
    certainty: 'likely',
    evidence: ['os-detection failed=UNAVAILABLE: timeout'],
  },
  {
    name: 'windows under enhanced (UNSUPPORTED_IMAGE + UNSUPPORTED_OS)',
    facts: makeEnhancedFacts({
      scan: scan('UNSUPPORTED_IMAGE'),
      inspector: inspector({ coverage: ok(coverage('INACTIVE', 'UNSUPPORTED_OS')) }),
      os: os('windows', { os: 'windows', osVersion: '10.0.20348.2340' }),
    }),
    reason: 'windows',
    certainty: 'certain',
    evidence: ['ECR scan status=UNSUPPORTED_IMAGE', 'Inspector coverage reason=UNSUPPORTED_OS'],
  },
  {
    name: 'signature artifact (subjectManifestDigest), never scanned',
    facts: makeEnhancedFacts({
      scan: scanNotFound(),
      image: {
        subjectManifestDigest: digest('b'),
        artifactMediaType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
      },
      inspector: inspector({ coverage: ok(undefined) }),
    }),
    reason: 'not-an-image',
    certainty: 'certain',
    evidence: [`Refers to image=${digest('b')}`],
  },
  {
    name: 'helm chart (artifactMediaType only): likely',
    facts: makeFacts({
      scan: scanNotFound(),
      image: { artifactMediaType: 'application/vnd.cncf.helm.config.v1+json' },
    }),
    reason: 'not-an-image',
    certainty: 'likely',
    evidence: ['Artifact media type=application/vnd.cncf.helm.config.v1+json'],
  },
  {
    name: 'media type only (coverage UNSUPPORTED_MEDIA_TYPE)',
    facts: makeEnhancedFacts({
      scan: scanNotFound(),
      image: { imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws' },
      inspector: inspector({ coverage: ok(coverage('INACTIVE', 'UNSUPPORTED_MEDIA_TYPE')) }),
    }),
    reason: 'not-an-image',
    certainty: 'likely',
    evidence: ['Inspector coverage reason=UNSUPPORTED_MEDIA_TYPE'],
  },
  {
    name: 'manifest list under basic scanning (documented for Inspector only)',
    facts: makeFacts({
      scan: scanNotFound(),
      image: {
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        artifactMediaType: undefined,
      },
    }),
    reason: 'manifest-list',
    certainty: 'likely',
    evidence: ['Manifest media type=application/vnd.docker.distribution.manifest.list.v2+json'],
  },
  {
    name: 'manifest list by media type',
    facts: makeEnhancedFacts({
      scan: scanNotFound(),
      image: { imageManifestMediaType: 'application/vnd.oci.image.index.v1+json', artifactMediaType: undefined },
      manifest: ok({
        mediaType: 'application/vnd.oci.image.index.v1+json',
        kind: 'index',
        platforms: [
          { digest: digest('c'), os: 'linux', architecture: 'amd64' },
          { digest: digest('d'), os: 'linux', architecture: 'arm64', variant: 'v8' },
        ],
      }),
    }),
    reason: 'manifest-list',
    certainty: 'certain',
    evidence: ['Manifest media type=application/vnd.oci.image.index.v1+json'],
  },
];

describe('unsupportedImageRule', () => {
  it.each(CASES)('$name → reason $reason', ({ facts, reason, certainty, evidence }) => {
    const [d, ...rest] = unsupportedImageRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d?.code).toBe('UNSUPPORTED_IMAGE');
    expect(d?.severity).toBe('blocking');
    expect(d?.reason).toBe(reason);
    expect(d?.certainty).toBe(certainty);
    const pairs = d?.evidence.map((e) => `${e.label}=${e.value}`) ?? [];
    for (const e of evidence) expect(pairs).toContain(e);
    expect(d?.cause.length).toBeGreaterThan(40);
    expect(d?.fix.length).toBeGreaterThan(0);
  });

  it.each([
    ['a healthy basic image', makeFacts()],
    ['basic FAILED for another reason', makeFacts({ scan: scan('FAILED', { description: 'Something else' }) })],
    ['scratch OS but the scan completed', makeFacts({ os: os('scratch') })],
    ['windows under basic without a failure', makeFacts({ os: os('windows') })],
  ])('stays quiet for %s', (_name, facts) => {
    expect(unsupportedImageRule.evaluate(facts)).toEqual([]);
  });

  it('gives one diagnosis when every signal agrees, with all their evidence', () => {
    const facts = makeEnhancedFacts({
      scan: scan('UNSUPPORTED_IMAGE'),
      inspector: inspector({ coverage: ok(coverage('INACTIVE', 'UNSUPPORTED_OS')) }),
      os: os('windows'),
    });
    const out = unsupportedImageRule.evaluate(facts);
    expect(out).toHaveLength(1);
    expect(out[0]?.evidence.map((e) => e.value)).toEqual(
      expect.arrayContaining(['UNSUPPORTED_IMAGE', 'INACTIVE', 'UNSUPPORTED_OS', 'detected windows', 'ENHANCED']),
    );
  });

  it('scratch under basic suggests supported bases and enhanced scanning with a real command', () => {
    const [d] = unsupportedImageRule.evaluate(basicFailed(os('scratch')));
    expect(d?.title).toBe('Unsupported image: built FROM scratch (no operating system)');
    expect(d?.cause).toContain('does not scan FROM scratch images');
    expect(d?.fix[0]).toContain('Alpine Linux 3.21/3.22/3.23/3.24');
    expect(d?.fix[1]).toContain(
      `aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"prod","filterType":"WILDCARD"},{"filter":"team-*","filterType":"WILDCARD"}]},{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"team-payments","filterType":"WILDCARD"}]}]' --region us-east-1`,
    );
  });

  it('eol OS names the supported versions of the same distribution', () => {
    const [d] = unsupportedImageRule.evaluate(basicFailed(distro('debian', '9')));
    expect(d?.title).toBe('Unsupported image: Debian 9 is end-of-life');
    expect(d?.fix).toEqual(['Rebuild on a supported version of the same distribution: 11, 12, 13.']);
  });

  it('a manifest list names its platform children in the fix', () => {
    const facts = CASES.find((c) => c.name === 'manifest list by media type')?.facts as ImageFacts;
    const [d] = unsupportedImageRule.evaluate(facts);
    expect(d?.fix[0]).toContain('linux/amd64 (sha256:cccccccccccc), linux/arm64/v8 (sha256:dddddddddddd)');
    expect(d?.fix[1]).toBe(`Ask about one platform directly: ecrscan why svc-orders@${digest('c')}`);
  });

  it('a signature points to the image it belongs to', () => {
    const facts = CASES.find((c) => c.name.startsWith('signature'))?.facts as ImageFacts;
    const [d] = unsupportedImageRule.evaluate(facts);
    expect(d?.fix).toContain(`See the scan of the image it belongs to: ecrscan why svc-orders@${digest('b')}`);
    expect(DIGEST).not.toBe(digest('b'));
  });

  it('says the scanner refused the image only when a scan status says so', () => {
    const [refused] = unsupportedImageRule.evaluate(basicFailed(distro('debian', '9')));
    expect(refused?.cause).toMatch(/^The scanner refused this image\. Debian 9 is on AWS's list of discontinued/);
    const [structural] = unsupportedImageRule.evaluate(makeEnhancedFacts({ os: os('windows') }));
    expect(structural?.reason).toBe('windows');
    expect(structural?.cause).toBe(
      'Windows Server images are supported by basic scanning only; enhanced scanning (Amazon Inspector) does not support them.',
    );
  });
});
