/**
 * Explain, on a digest row: the full `why` answer for that image, to the clicker only (ephemeral), leaving the
 * digest in the channel as it is. The button's value is the signed image subject; nothing else in it is trusted.
 */
import { formatImageReference } from '../../domain/image-reference.js';
import { toExplanationView } from '../../usecases/explanation-view.js';
import { subjectOf } from '../action-subject.js';
import type { ActionSubject } from '../action-value.js';
import { renderExplanation } from '../blocks/explanation.js';
import { renderUserError } from '../blocks/notices.js';
import { createReply, replyWithError } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { ackedAction, type ButtonArgs } from './acked-action.js';
import { decodeSubject, explainSubject, staleButton } from './resolve-subject.js';

export const STALE_DIGEST_BUTTON = staleButton('digest', 'Ask about the image with /ecrscan why.');

export const digestExplainAction = (deps: SlackDeps) => ackedAction(deps, 'digest-explain', explain);

async function explain(deps: SlackDeps, { action, body, respond }: ButtonArgs) {
  const log = deps.log.child({ action: 'digest-explain', user: body.user.id });
  const reply = createReply(respond, log, deps.metrics);
  const signed = decodeSubject(deps, action.value);
  const subject = signed && byRegistry(signed);
  if (!subject) {
    await reply({ ...renderUserError(STALE_DIGEST_BUTTON), response_type: 'ephemeral', replace_original: false });
    return;
  }
  try {
    const explanation = await explainSubject(deps, subject);
    const message = renderExplanation(toExplanationView(explanation), {
      actionValue: deps.values.encode(subjectOf(subject.ref, explanation)),
    });
    await reply({ ...message, response_type: 'ephemeral', replace_original: false });
  } catch (err) {
    await replyWithError(reply, log, err, false);
  }
}

/**
 * A digest row names an image by account, Region, repository and digest; asking by the full registry URI built
 * from exactly those resolves that image wherever it lives, whatever `ref` the row carried.
 */
function byRegistry(subject: ActionSubject): ActionSubject {
  const { repositoryName, imageDigest: digest, accountId, region } = subject;
  if (!accountId || !region) return subject;
  return { ...subject, ref: formatImageReference({ repositoryName, digest, accountId, region }) };
}
