/**
 * Answering through `response_url` (Bolt's `respond`): one place that catches its failures (an expired URL, a
 * 429), logs them and counts them, because an error thrown after `ack()` would otherwise vanish.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import { newErrorReference, UserFacingError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { renderInternalError, renderUserError } from './blocks/notices.js';

export type Reply = (message: RespondArguments) => Promise<boolean>;

export function createReply(respond: RespondFn, log: Logger, metrics: Metrics): Reply {
  return async (message) => {
    try {
      await respond(message);
      return true;
    } catch (err) {
      metrics.slackApiErrors.inc({ method: 'response_url' });
      log.warn({ err }, 'could not answer through response_url');
      return false;
    }
  };
}

/** Turns any failure into a reply: the user's own words for UserFacingError, a reference id otherwise. */
export async function replyWithError(reply: Reply, log: Logger, err: unknown, replaceOriginal = true): Promise<void> {
  if (err instanceof UserFacingError) {
    await reply({
      ...renderUserError({ code: err.code, message: err.message, hints: err.hints }),
      replace_original: replaceOriginal,
    });
    return;
  }
  const reference = newErrorReference();
  log.error({ err, reference }, 'unexpected error while answering');
  await reply({ ...renderInternalError(reference), replace_original: replaceOriginal });
}
