import { describe, expect, it } from 'vitest';
import { findingsUnavailableRule } from '../../../src/diagnosis/rules/findings-unavailable.js';
import { inspectorInternalErrorRule } from '../../../src/diagnosis/rules/inspector-internal-error.js';
import { limitExceededRule } from '../../../src/diagnosis/rules/limit-exceeded.js';
import type { Rule } from '../../../src/diagnosis/types.js';
import type { ImageFacts } from '../../../src/domain/image-facts.js';
import { coverage, inspector, makeEnhancedFacts, makeFacts, ok, scan } from '../fixtures.js';

const CASES: { rule: Rule; facts: ImageFacts; code: string; severity: string; certainty: string; cause: string }[] = [
  {
    rule: findingsUnavailableRule,
    facts: makeEnhancedFacts({ scan: scan('FINDINGS_UNAVAILABLE') }),
    code: 'FINDINGS_UNAVAILABLE',
    severity: 'warning',
    certainty: 'likely',
    cause: 'AWS does not document this status; it probably means',
  },
  {
    rule: limitExceededRule,
    facts: makeFacts({ scan: scan('LIMIT_EXCEEDED') }),
    code: 'LIMIT_EXCEEDED',
    severity: 'warning',
    certainty: 'likely',
    cause: 'AWS does not document this status; it probably means a basic-scan quota was hit',
  },
  {
    rule: inspectorInternalErrorRule,
    facts: makeEnhancedFacts({ inspector: inspector({ coverage: ok(coverage('INACTIVE', 'INTERNAL_ERROR')) }) }),
    code: 'INSPECTOR_INTERNAL_ERROR',
    severity: 'warning',
    certainty: 'certain',
    cause: 'Inspector retries automatically',
  },
];

describe('status rules', () => {
  it.each(CASES)('$code', ({ rule, facts, code, severity, certainty, cause }) => {
    const [d, ...rest] = rule.evaluate(facts);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code, severity, certainty });
    expect(d?.cause).toContain(cause);
    expect(d?.evidence.length).toBeGreaterThan(0);
    expect(d?.fix.length).toBeGreaterThan(0);
  });

  it.each(CASES)('$code stays quiet for a healthy image', ({ rule }) => {
    expect(rule.evaluate(makeFacts())).toEqual([]);
    expect(rule.evaluate(makeEnhancedFacts())).toEqual([]);
  });
});
