import { describe, expect, it } from 'vitest';
import { inspectorNotEnabledRule } from '../../../src/diagnosis/rules/inspector-not-enabled.js';
import { coverage, fail, inspector, makeEnhancedFacts, makeFacts, ok, scanNotFound } from '../fixtures.js';

const withStatus = (ecrStatus: string) =>
  makeEnhancedFacts({
    scan: scanNotFound(),
    inspector: inspector({ accountStatus: ok({ accountId: '333333333333', ecrStatus }), coverage: ok(undefined) }),
  });

describe('inspectorNotEnabledRule', () => {
  it.each([
    {
      name: 'ECR scanning DISABLED',
      facts: withStatus('DISABLED'),
      title: /is not enabled \(account 222222222222, Region eu-west-1\)$/,
    },
    { name: 'ENABLING', facts: withStatus('ENABLING'), title: /is still being enabled/ },
    { name: 'DISABLING', facts: withStatus('DISABLING'), title: /is being disabled/ },
    { name: 'SUSPENDED', facts: withStatus('SUSPENDED'), title: /is suspended/ },
    {
      name: 'Inspector itself not enabled (error NOT_ENABLED)',
      facts: makeEnhancedFacts({
        inspector: inspector({ accountStatus: fail('NOT_ENABLED', 'inspector2:BatchGetAccountStatus') }),
      }),
      title: /is not enabled/,
    },
    {
      name: 'coverage PENDING_DISABLE',
      facts: makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', 'PENDING_DISABLE')) }) }),
      title: /is being disabled/,
    },
  ])('$name', ({ facts, title }) => {
    const [d, ...rest] = inspectorNotEnabledRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'INSPECTOR_NOT_ENABLED', severity: 'blocking', certainty: 'certain' });
    expect(d?.title).toMatch(title);
  });

  it('shows the account status and offers to enable it', () => {
    const [d] = inspectorNotEnabledRule.evaluate(withStatus('DISABLED'));
    expect(d?.evidence).toContainEqual({
      label: "Inspector's ECR scanning",
      value: 'DISABLED',
      source: 'inspector2:BatchGetAccountStatus accounts[].resourceState.ecr.status',
    });
    expect(d?.fix[0]).toContain(
      'aws inspector2 enable --resource-types ECR --account-ids 222222222222 --region eu-west-1',
    );
    expect(d?.fix.join('\n')).toContain('14 days');
  });

  it('PENDING_DISABLE explains the cleanup', () => {
    const [d] = inspectorNotEnabledRule.evaluate(
      makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', 'PENDING_DISABLE')) }) }),
    );
    expect(d?.cause).toContain('being cleaned up during disablement');
  });

  it.each([
    ['enabled', makeEnhancedFacts()],
    [
      'a basic registry (Inspector not needed)',
      makeFacts({ inspector: inspector({ accountStatus: ok({ accountId: '1', ecrStatus: 'DISABLED' }) }) }),
    ],
    [
      'a registry whose scan type is unknown',
      makeEnhancedFacts({
        registryScanning: fail('ACCESS_DENIED', 'ecr:GetRegistryScanningConfiguration'),
        inspector: inspector({ accountStatus: ok({ accountId: '1', ecrStatus: 'DISABLED' }) }),
      }),
    ],
    [
      'access denied to the bot (that is INSPECTOR_UNAVAILABLE)',
      makeEnhancedFacts({
        inspector: inspector({ accountStatus: fail('ACCESS_DENIED', 'inspector2:BatchGetAccountStatus') }),
      }),
    ],
  ])('stays quiet for %s', (_name, facts) => {
    expect(inspectorNotEnabledRule.evaluate(facts)).toEqual([]);
  });
});
