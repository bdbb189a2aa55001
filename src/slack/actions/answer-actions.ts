/**
 * Buttons under an answer that only read: Refresh (bypass the cache), Share to channel, How to rescan
 * (enhanced registries), Open in console (a URL button: nothing to do but ack).
 */
import { toExplanationView } from '../../usecases/explanation-view.js';
import { subjectOf } from '../action-subject.js';
import { renderEnhancedOptions, renderExplanation } from '../blocks/explanation.js';
import { renderUserError } from '../blocks/notices.js';
import { createReply, replyWithError } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { ackedAction } from './acked-action.js';
import { decodeSubject, explainSubject, staleButton } from './resolve-subject.js';

const STALE_BUTTON = staleButton('answer');

export const refreshAction = (deps: SlackDeps) =>
  ackedAction(deps, 'refresh', async (d, { action, respond, body }) => {
    const log = d.log.child({ action: 'refresh', user: body.user.id });
    const reply = createReply(respond, log, d.metrics);
    const subject = decodeSubject(d, action.value);
    if (!subject) return void (await reply({ ...renderUserError(STALE_BUTTON), replace_original: false }));
    try {
      const explanation = await explainSubject(d, subject, true);
      const view = toExplanationView(explanation);
      const shared = body.container?.is_ephemeral === false;
      await reply({
        ...renderExplanation(view, { actionValue: d.values.encode(subjectOf(subject.ref, explanation)), shared }),
        replace_original: true,
      });
    } catch (err) {
      await replyWithError(reply, log, err, false);
    }
  });

export const shareAction = (deps: SlackDeps) =>
  ackedAction(deps, 'share', async (d, { action, respond, body }) => {
    const log = d.log.child({ action: 'share', user: body.user.id });
    const reply = createReply(respond, log, d.metrics);
    const subject = decodeSubject(d, action.value);
    if (!subject) return void (await reply({ ...renderUserError(STALE_BUTTON), replace_original: false }));
    try {
      const explanation = await explainSubject(d, subject);
      const view = toExplanationView(explanation);
      const message = renderExplanation(view, {
        actionValue: d.values.encode(subjectOf(subject.ref, explanation)),
        shared: true,
        sharedBy: body.user.id,
      });
      await reply({ ...message, response_type: 'in_channel', replace_original: false });
    } catch (err) {
      await replyWithError(reply, log, err, false);
    }
  });

export const enhancedOptionsAction = (deps: SlackDeps) =>
  ackedAction(deps, 'enhanced-options', async (d, { action, respond, body }) => {
    const log = d.log.child({ action: 'enhanced-options', user: body.user.id });
    const reply = createReply(respond, log, d.metrics);
    const subject = decodeSubject(d, action.value);
    if (!subject) return void (await reply({ ...renderUserError(STALE_BUTTON), replace_original: false }));
    try {
      const view = toExplanationView(await explainSubject(d, subject));
      await reply({ ...renderEnhancedOptions(view), response_type: 'ephemeral', replace_original: false });
    } catch (err) {
      await replyWithError(reply, log, err, false);
    }
  });

export const openConsoleAction = (deps: SlackDeps) => ackedAction(deps, 'open-console', async () => {});
