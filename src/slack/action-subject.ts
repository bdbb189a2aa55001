import type { Explanation } from '../usecases/explain-image.js';
import type { ActionSubject } from './action-value.js';

/** The image an answer is about, as the buttons under it carry it. */
export function subjectOf(ref: string, explanation: Explanation): ActionSubject {
  const { facts } = explanation;
  return {
    ref,
    target: explanation.target.name,
    repositoryName: facts.image.repositoryName,
    imageDigest: facts.image.imageDigest,
    accountId: facts.image.registryId,
    region: facts.target.region,
  };
}
