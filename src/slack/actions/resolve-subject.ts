/**
 * Every button handler starts here: verify the signed value and re-read the answer for its image
 * (from the cache when fresh enough), so nothing in the payload is trusted beyond "which image".
 */
import type { ActionSubject } from '../action-value.js';
import type { SlackDeps } from '../slack-deps.js';

export function decodeSubject(deps: SlackDeps, value: string | undefined): ActionSubject | undefined {
  const subject = deps.values.decode(value);
  if (!subject) deps.log.warn({ valueLength: value?.length ?? 0 }, 'button value failed its signature check');
  return subject;
}

export function explainSubject(deps: SlackDeps, subject: ActionSubject, fresh = false) {
  const known = subject.target !== undefined && deps.core.targets.targets().some((t) => t.name === subject.target);
  return deps.core.explain(subject.ref, { fresh, targetName: known ? subject.target : undefined });
}
