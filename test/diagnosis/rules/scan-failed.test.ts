import { describe, expect, it } from 'vitest';
import { scanFailedRule } from '../../../src/diagnosis/rules/scan-failed.js';
import { coverage, inspector, makeEnhancedFacts, makeFacts, ok, scan } from '../fixtures.js';

describe('scanFailedRule', () => {
  it.each([
    {
      name: 'basic FAILED with another description',
      facts: makeFacts({ scan: scan('FAILED', { description: 'The image scan could not complete.' }) }),
      title: 'The scan failed',
      certainty: 'certain',
      fixIncludes: 'aws ecr start-image-scan --repository-name team-payments --image-id imageDigest=',
    },
    {
      name: 'enhanced FAILED: no manual scan offered',
      facts: makeEnhancedFacts({ scan: scan('FAILED', { description: 'Internal failure' }) }),
      title: 'The scan failed',
      certainty: 'certain',
      fixIncludes: 'push a rebuilt image',
    },
    {
      name: 'IMAGE_SIZE_EXCEEDED, "reserved for future use"',
      facts: makeEnhancedFacts({
        image: { imageSizeInBytes: 12_000_000_000 },
        inspector: inspector({ coverage: ok(coverage('INACTIVE', 'IMAGE_SIZE_EXCEEDED')) }),
      }),
      title: 'Inspector did not scan this image (IMAGE_SIZE_EXCEEDED)',
      certainty: 'likely',
      fixIncludes: 'smaller',
    },
  ])('$name', ({ facts, title, certainty, fixIncludes }) => {
    const [d, ...rest] = scanFailedRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'SCAN_FAILED', severity: 'blocking', title, certainty });
    expect(d?.fix.join('\n')).toContain(fixIncludes);
  });

  it('quotes the failure description as evidence', () => {
    const [d] = scanFailedRule.evaluate(makeFacts({ scan: scan('FAILED', { description: 'Boom.' }) }));
    expect(d?.evidence).toContainEqual({
      label: 'ECR scan description',
      value: 'Boom.',
      source: 'ecr:DescribeImageScanFindings imageScanStatus.description',
    });
    expect(d?.cause).toContain('"Boom."');
  });

  it('says "reserved for future use" for IMAGE_SIZE_EXCEEDED', () => {
    const [d] = scanFailedRule.evaluate(
      makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', 'IMAGE_SIZE_EXCEEDED')) }) }),
    );
    expect(d?.cause).toContain('"reserved for future use"');
  });

  it.each([
    [
      'UnsupportedImageError (that is UNSUPPORTED_IMAGE)',
      makeFacts({ scan: scan('FAILED', { description: 'UnsupportedImageError: x' }) }),
    ],
    ['COMPLETE', makeFacts()],
  ])('stays quiet for %s', (_name, facts) => {
    expect(scanFailedRule.evaluate(facts)).toEqual([]);
  });
});
