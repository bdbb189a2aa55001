/**
 * Rescan: who may press is checked from the payload's user inside `rescanImage` (never from the button);
 * a basic scan is started once (double clicks are claimed away) and the answer is updated in place when
 * the scan finishes; enhanced registries get the honest options, since there is no rescan API.
 */
import type { RespondArguments } from '@slack/bolt';
import { isAwsError } from '../../aws/aws-error.js';
import type { FollowRequestInput } from '../../jobs/rescan-follow-queue.js';
import { toExplanationView } from '../../usecases/explanation-view.js';
import { type FollowResult, followRescan } from '../../usecases/follow-rescan.js';
import { type RescanDeps as RescanUseCaseDeps, rescanImage } from '../../usecases/rescan-image.js';
import { subjectOf } from '../action-subject.js';
import type { ActionSubject } from '../action-value.js';
import { DIGEST_BLOCK_PREFIX } from '../blocks/digest-pages.js';
import { renderEnhancedOptions } from '../blocks/explanation.js';
import { renderNotAllowed, renderRateLimited, renderUserError } from '../blocks/notices.js';
import {
  renderRescanAlreadyRequested,
  renderRescanFinished,
  renderRescanLimit,
  renderRescanStarted,
  renderRescanTimedOut,
} from '../blocks/rescan-status.js';
import { createReply, type Reply, replyWithError } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { ackedAction, type ButtonArgs } from './acked-action.js';
import { decodeSubject, explainSubject, staleButton } from './resolve-subject.js';

export interface RescanDeps {
  rescan: RescanUseCaseDeps;
  /** Overrides the follow-up's waits (tests). */
  followSleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** With Redis: follow-ups run as BullMQ jobs (`jobs/rescan-follow-queue.ts`) instead of in this process. */
  follower?: { enqueue(input: FollowRequestInput): Promise<void> };
}

export const rescanAction = (deps: SlackDeps & RescanDeps) => ackedAction(deps, 'rescan', pressRescan);

async function pressRescan(deps: SlackDeps & RescanDeps, { action, body, respond }: ButtonArgs) {
  const user = body.user.id;
  const log = deps.log.child({ action: 'rescan', user });
  const reply = createReply(respond, log, deps.metrics);
  const subject = decodeSubject(deps, action.value);
  if (!subject) {
    await reply({
      ...renderUserError(staleButton('Rescan')),
      replace_original: false,
    });
    return;
  }
  try {
    const ports = deps.core.targets.resolveImage(subject);
    const outcome = await rescanImage(deps.rescan, {
      ports,
      repositoryName: subject.repositoryName,
      imageDigest: subject.imageDigest,
      user,
      team: body.team?.id,
      channel: body.channel?.id,
    });
    const ref = subject.ref;
    switch (outcome.kind) {
      case 'refused':
        await reply({ ...renderNotAllowed({ action: 'start a rescan', how: outcome.how }), replace_original: false });
        return;
      case 'rate-limited':
        await reply({ ...renderRateLimited(Math.ceil(outcome.retryAfterMs / 1000)), replace_original: false });
        return;
      case 'already-requested':
        await reply({ ...renderRescanAlreadyRequested({ ref }), replace_original: false });
        return;
      case 'enhanced': {
        const view = toExplanationView(await explainSubject(deps, subject));
        await reply({ ...renderEnhancedOptions(view), replace_original: false });
        return;
      }
      case 'limit-exceeded':
        await reply({
          ...renderRescanLimit({ ref, lastScanAt: outcome.lastScanAt, nextPossibleAt: outcome.nextPossibleAt }),
          replace_original: false,
        });
        return;
      case 'started': {
        await reply({ ...renderRescanStarted({ ref, by: user }), replace_original: false });
        // A digest page stays as it is: the finished answer comes as a reply, not in its place.
        const replaceOriginal = !action.block_id?.startsWith(DIGEST_BLOCK_PREFIX);
        if (deps.follower && body.response_url) {
          await deps.follower.enqueue({ subject, user, responseUrl: body.response_url, replaceOriginal });
          return;
        }
        await followRescan(
          { now: deps.core.now, log, loader: deps.core.loader, sleep: deps.followSleep },
          {
            ports,
            repositoryName: subject.repositoryName,
            imageDigest: subject.imageDigest,
            signal: deps.signal,
            onDone: (result) => finishFollow(deps, reply, { subject, user, replaceOriginal }, result),
          },
        );
        return;
      }
      default:
        await reply({
          ...renderUserError({ code: 'AWS_UNAVAILABLE', message: outcome.message, hints: [] }),
          replace_original: false,
        });
    }
  } catch (err) {
    await replyWithError(reply, log, err, false);
  }
}

/**
 * Replaces the original answer with the new one once the scan has finished (or says it is taking too long); on a
 * digest page, adds the answer as a reply instead. Called in-process, or by the BullMQ follow job's `onDone`.
 */
export async function finishFollow(
  deps: SlackDeps,
  reply: Reply,
  { subject, user, replaceOriginal }: { subject: ActionSubject; user: string; replaceOriginal: boolean },
  result: FollowResult,
) {
  if (result.kind === 'aborted') return;
  if (result.kind === 'error') {
    // Not a slow scan: the status could not be read at all (access denied, the image deleted meanwhile, …).
    const code = isAwsError(result.error, 'ACCESS_DENIED') ? 'ACCESS_DENIED' : 'AWS_UNAVAILABLE';
    await reply({
      ...renderUserError({
        code,
        message: `ecrscan could not follow the scan of ${subject.ref} that <@${user}> started: ${result.message}`,
        hints: ['The scan itself may still finish: ask /ecrscan why again in a few minutes.'],
      }),
      replace_original: false,
    });
    return;
  }
  if (result.kind === 'timed-out') {
    const waitedMinutes = result.waitedMs / 60_000;
    const actionValue = deps.values.encode(subject);
    await reply({
      ...renderRescanTimedOut({ ref: subject.ref, by: user, waitedMinutes, actionValue }),
      replace_original: false,
    });
    return;
  }
  const explanation = await explainSubject(deps, subject);
  const view = toExplanationView(explanation);
  const message = renderRescanFinished({
    view,
    by: user,
    actionValue: deps.values.encode(subjectOf(subject.ref, explanation)),
  });
  await reply({ ...message, replace_original: replaceOriginal });
}

/** A `Reply` to a stored response_url (a follow job that ends on another replica, or after a restart). */
export function replyToUrl(url: string, log: SlackDeps['log'], metrics: SlackDeps['metrics']): Reply {
  return async (message: RespondArguments) => {
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      if (!answer.ok) throw new Error(`response_url answered HTTP ${answer.status}`);
      return true;
    } catch (err) {
      metrics.slackApiErrors.inc({ method: 'response_url' });
      log.warn({ err }, 'could not answer through a stored response_url');
      return false;
    }
  };
}
