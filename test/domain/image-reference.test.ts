import { describe, expect, it } from 'vitest';
import { formatImageReference, parseImageReference } from '../../src/domain/image-reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseImageReference', () => {
  it.each([
    ['payments-api:1.4.2', { repositoryName: 'payments-api', tag: '1.4.2' }],
    ['payments-api', { repositoryName: 'payments-api', tag: 'latest' }],
    [`team/payments@${DIGEST}`, { repositoryName: 'team/payments', digest: DIGEST }],
    [`svc:v1@${DIGEST}`, { repositoryName: 'svc', tag: 'v1', digest: DIGEST }],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2',
      { repositoryName: 'payments-api', tag: '1.4.2', accountId: '123456789012', region: 'eu-west-1' },
    ],
    [
      `123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/a/b__c@${DIGEST}`,
      { repositoryName: 'a/b__c', digest: DIGEST, accountId: '123456789012', region: 'cn-north-1' },
    ],
    ['  `web.app:2024-01-01_build.7`  ', { repositoryName: 'web.app', tag: '2024-01-01_build.7' }],
    ['a--b:x', { repositoryName: 'a--b', tag: 'x' }],
  ])('accepts %s', (input, expected) => {
    const parsed = parseImageReference(input);
    expect(parsed).toEqual({ ok: true, ref: expect.objectContaining(expected) });
    if (parsed.ok && !('digest' in expected)) expect(parsed.ref.digest).toBeUndefined();
  });

  it.each([
    ['', 'no image given'],
    ['Payments:1', 'lower-case'],
    ['a', '2 to 256'],
    ['repo:', 'not a valid tag'],
    ['repo:-bad', 'not a valid tag'],
    ['repo:<!channel>', 'not a valid tag'],
    ['repo@sha256:abc', 'not an image digest'],
    [`repo@md5:${'a'.repeat(32)}`, 'not an image digest'],
    ['docker.io/library/nginx:1', 'not an Amazon ECR registry'],
    ['12345.dkr.ecr.eu-west-1.amazonaws.com/x:1', 'not an Amazon ECR registry'],
    ['repo:1 other:2', 'contains spaces'],
    ['https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/x', 'without http'],
    ['re..po:1', 'not a valid ECR repository name'],
    ['/repo:1', 'not a valid ECR repository name'],
    [`r${'x'.repeat(256)}`, '2 to 256'],
  ])('rejects %j saying what is wrong', (input, fragment) => {
    const parsed = parseImageReference(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(fragment);
      expect(parsed.example.length).toBeGreaterThan(5);
    }
  });
});

describe('formatImageReference', () => {
  it('round-trips full URIs and digests', () => {
    for (const text of ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/a/b:1', `repo@${DIGEST}`, 'repo:latest']) {
      const parsed = parseImageReference(text);
      expect(parsed.ok && formatImageReference(parsed.ref)).toBe(text);
    }
  });
});
