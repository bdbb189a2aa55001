import { describe, expect, it } from 'vitest';
import { inspectorUnavailableRule } from '../../../src/diagnosis/rules/inspector-unavailable.js';
import { fail, inspector, makeEnhancedFacts, makeFacts } from '../fixtures.js';

describe('inspectorUnavailableRule', () => {
  it.each([
    {
      name: 'access denied to the bot',
      facts: makeEnhancedFacts({
        inspector: inspector({ coverage: fail('ACCESS_DENIED', 'inspector2:ListCoverage') }),
      }),
      cause: "The bot's role is not allowed to call inspector2:ListCoverage.",
      fix: 'inspector2:ListCoverage',
    },
    {
      name: 'throttled',
      facts: makeEnhancedFacts({
        inspector: inspector({ configuration: fail('THROTTLED', 'inspector2:GetConfiguration') }),
      }),
      cause: 'Inspector throttled inspector2:GetConfiguration.',
      fix: 'Ask again in a minute.',
    },
    {
      name: 'unreachable',
      facts: makeEnhancedFacts({
        inspector: inspector({ accountStatus: fail('UNAVAILABLE', 'inspector2:BatchGetAccountStatus') }),
      }),
      cause: 'Inspector did not answer inspector2:BatchGetAccountStatus',
      fix: 'Ask again in a minute.',
    },
    {
      name: 'Inspector facts missing for an enhanced registry',
      facts: makeEnhancedFacts({ inspector: undefined }),
      cause: 'Inspector facts were not gathered',
      fix: 'Ask again in a minute.',
    },
  ])('$name', ({ facts, cause, fix }) => {
    const [d, ...rest] = inspectorUnavailableRule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'INSPECTOR_UNAVAILABLE',
      severity: 'warning',
      title: 'Inspector could not be read: this answer uses ECR data only',
    });
    expect(d?.cause).toContain(cause);
    expect(d?.cause).toContain('comes from ECR alone');
    expect(d?.fix.join('\n')).toContain(fix);
  });

  it.each([
    ['a healthy enhanced image', makeEnhancedFacts()],
    ['a basic registry', makeFacts()],
    [
      'Inspector not enabled (that is INSPECTOR_NOT_ENABLED)',
      makeEnhancedFacts({
        inspector: inspector({ accountStatus: fail('NOT_ENABLED', 'inspector2:BatchGetAccountStatus') }),
      }),
    ],
  ])('stays quiet for %s', (_name, facts) => {
    expect(inspectorUnavailableRule.evaluate(facts)).toEqual([]);
  });
});
