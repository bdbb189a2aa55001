import { describe, expect, it } from 'vitest';
import { inspectorAccessDeniedRule } from '../../../src/diagnosis/rules/inspector-access-denied.js';
import { kmsAccessDeniedRule } from '../../../src/diagnosis/rules/kms-access-denied.js';
import type { RepositoryDetail } from '../../../src/domain/facts.js';
import { coverage, inspector, makeEnhancedFacts, ok, scan } from '../fixtures.js';

const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const repo = (encryptionType: string, kmsKey?: string): RepositoryDetail => ({
  registryId: '222222222222',
  repositoryName: 'svc-orders',
  repositoryArn: 'arn:aws:ecr:eu-west-1:222222222222:repository/svc-orders',
  repositoryUri: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/svc-orders',
  encryptionType,
  ...(kmsKey ? { kmsKey } : {}),
});
const denied = (reason: string, repository?: RepositoryDetail) =>
  makeEnhancedFacts({
    scan: scan('FAILED'),
    inspector: inspector({ coverage: ok(coverage('INACTIVE', reason)) }),
    ...(repository ? { repository } : {}),
  });

describe('kmsAccessDeniedRule and inspectorAccessDeniedRule', () => {
  it.each([
    {
      name: 'ACCESS_DENIED_TO_ENCRYPTION_KEY on a KMS repository',
      facts: denied('ACCESS_DENIED_TO_ENCRYPTION_KEY', repo('KMS', KEY)),
      kms: 'certain',
      other: false,
    },
    {
      name: 'ACCESS_DENIED_TO_ENCRYPTION_KEY without repository details',
      facts: denied('ACCESS_DENIED_TO_ENCRYPTION_KEY'),
      kms: 'certain',
      other: false,
    },
    {
      name: 'ACCESS_DENIED on a KMS repository',
      facts: denied('ACCESS_DENIED', repo('KMS', KEY)),
      kms: 'likely',
      other: false,
    },
    {
      name: 'ACCESS_DENIED on an AES256 repository',
      facts: denied('ACCESS_DENIED', repo('AES256')),
      kms: undefined,
      other: true,
    },
    { name: 'ACCESS_DENIED, encryption unknown', facts: denied('ACCESS_DENIED'), kms: undefined, other: true },
  ])('$name', ({ facts, kms, other }) => {
    const k = kmsAccessDeniedRule.evaluate(facts);
    const o = inspectorAccessDeniedRule.evaluate(facts);
    expect(k.map((d) => d.certainty)).toEqual(kms ? [kms] : []);
    expect(o.map((d) => d.code)).toEqual(other ? ['INSPECTOR_ACCESS_DENIED'] : []);
  });

  it('names the repository KMS key and shows how to read its policy', () => {
    const [d] = kmsAccessDeniedRule.evaluate(denied('ACCESS_DENIED_TO_ENCRYPTION_KEY', repo('KMS', KEY)));
    expect(d).toMatchObject({ code: 'KMS_ACCESS_DENIED', severity: 'blocking' });
    expect(d?.cause).toContain(KEY);
    expect(d?.evidence).toContainEqual({
      label: 'KMS key',
      value: KEY,
      source: 'ecr:DescribeRepositories repositories[].encryptionConfiguration.kmsKey',
    });
    expect(d?.evidence.map((e) => `${e.label}=${e.value}`)).toContain('ECR scan status=FAILED');
    expect(d?.fix[0]).toBe(
      `Read the key policy of ${KEY}: aws kms get-key-policy --key-id ${KEY} --policy-name default --query Policy --output text --region eu-west-1`,
    );
  });

  it('a resource policy denial points at the registry and repository policies', () => {
    const [d] = inspectorAccessDeniedRule.evaluate(denied('ACCESS_DENIED', repo('AES256')));
    expect(d).toMatchObject({ severity: 'blocking', certainty: 'certain' });
    expect(d?.fix.join('\n')).toContain('aws ecr get-registry-policy --region eu-west-1');
    expect(d?.fix.join('\n')).toContain('aws ecr get-repository-policy --repository-name svc-orders');
  });
});
