import { describe, expect, it } from 'vitest';
import { imageArchivedRule } from '../../../src/diagnosis/rules/image-archived.js';
import { coverage, daysAgo, inspector, makeEnhancedFacts, makeFacts, ok, scan } from '../fixtures.js';

describe('imageArchivedRule', () => {
  it.each([
    {
      name: 'imageStatus ARCHIVED + IMAGE_ARCHIVED',
      facts: makeFacts({
        image: { imageStatus: 'ARCHIVED', lastArchivedAt: daysAgo(3) },
        scan: scan('IMAGE_ARCHIVED'),
      }),
      title: 'Image is archived: archived images are never scanned',
      certainty: 'certain',
      fix: 'aws ecr update-image-storage-class --repository-name team-payments --image-id imageDigest=',
    },
    {
      name: 'coverage IMAGE_ARCHIVED',
      facts: makeEnhancedFacts({
        image: { imageStatus: 'ARCHIVED' },
        inspector: inspector({ coverage: ok(coverage('INACTIVE', 'IMAGE_ARCHIVED')) }),
      }),
      title: 'Image is archived: archived images are never scanned',
      certainty: 'certain',
      fix: '--target-storage-class STANDARD',
    },
    {
      name: 'restore in progress (ACTIVATING)',
      facts: makeFacts({ image: { imageStatus: 'ACTIVATING' }, scan: scan('IMAGE_ARCHIVED') }),
      title: 'Image is being restored from the archive',
      certainty: 'certain',
      fix: 'Wait until the image status is ACTIVE',
    },
    {
      name: 'status lags a restore',
      facts: makeFacts({ scan: scan('IMAGE_ARCHIVED') }),
      title: 'Scan results still say archived, but the image is active again',
      certainty: 'likely',
      fix: 'Ask again later',
    },
  ])('$name', ({ facts, title, certainty, fix }) => {
    const [d, ...rest] = imageArchivedRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'IMAGE_ARCHIVED', severity: 'blocking', title, certainty });
    expect(d?.fix.join('\n')).toContain(fix);
    expect(d?.evidence[0]?.source).toBe('ecr:DescribeImages imageDetails[].imageStatus');
  });

  it('stays quiet for an active image', () => {
    expect(imageArchivedRule.evaluate(makeFacts())).toEqual([]);
  });
});
