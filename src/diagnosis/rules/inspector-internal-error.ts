import type { ImageFacts } from '../../domain/image-facts.js';
import { coverageEvidence } from '../evidence.js';
import { coverageOf } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/** INSPECTOR_INTERNAL_ERROR (added code): coverage reason INTERNAL_ERROR, which Inspector retries on its own. */
export const inspectorInternalErrorRule: Rule = {
  id: 'inspector-internal-error',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const coverage = coverageOf(facts);
    if (coverage?.reason !== 'INTERNAL_ERROR') return [];
    return [
      makeDiagnosis('INSPECTOR_INTERNAL_ERROR', {
        title: 'Inspector hit an internal error scanning this image',
        cause:
          'Inspector reports INTERNAL_ERROR for this image: the problem is on the AWS side, and Inspector retries automatically.',
        evidence: coverageEvidence(coverage),
        fix: [
          'Nothing to change on your side; ask again later.',
          'If the error stays for days, push a rebuilt image or ask AWS Support with the image ARN.',
        ],
        certainty: 'certain',
      }),
    ];
  },
};
