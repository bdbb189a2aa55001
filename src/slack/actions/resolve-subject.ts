/**
 * Every button handler starts here: verify the signed value and re-read the answer for its image
 * (from the cache when fresh enough), so nothing in the payload is trusted beyond "which image".
 */
import type { ActionSubject } from '../action-value.js';
import type { SlackDeps } from '../slack-deps.js';

/**
 * What a button whose value fails its signature check answers (tampered, or signed with an old key). `what`
 * names the button; the digest's buttons point back to `why` for the image.
 */
export function staleButton(what: string, askAgain = 'Ask again with /ecrscan why.') {
  return {
    code: 'BAD_USAGE' as const,
    message: `This ${what} button is not one ecrscan can act on any more (not valid). ${askAgain}`,
    hints: [],
  };
}

export function decodeSubject(deps: SlackDeps, value: string | undefined): ActionSubject | undefined {
  const subject = deps.values.decode(value);
  if (!subject) deps.log.warn({ valueLength: value?.length ?? 0 }, 'button value failed its signature check');
  return subject;
}

export function explainSubject(deps: SlackDeps, subject: ActionSubject, fresh = false) {
  const known = subject.target !== undefined && deps.core.targets.targets().some((t) => t.name === subject.target);
  return deps.core.explain(subject.ref, { fresh, targetName: known ? subject.target : undefined });
}
