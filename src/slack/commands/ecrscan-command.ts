/**
 * `/ecrscan …`: ack at once (before any AWS call), then answer through response_url. A "looking…" note
 * appears only when the answer takes longer than `lookingAfterMs`, so fast (cached) answers come in one message.
 * `expiring` and `digest …` are answered by their own modules.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { REFERENCE_EXAMPLE } from '../../domain/image-reference.js';
import { toExplanationView } from '../../usecases/explanation-view.js';
import { subjectOf } from '../action-subject.js';
import { renderExplanation } from '../blocks/explanation.js';
import { renderHelp, renderNotUnderstood } from '../blocks/help.js';
import { renderRateLimited } from '../blocks/notices.js';
import { createReply } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { answerDigest } from './digest-command.js';
import { answerExpiring } from './expiring-command.js';
import { parseCommand } from './parse-command.js';
import { withLooking } from './with-looking.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function ecrscanCommand(deps: SlackDeps) {
  return async ({ ack, command, respond }: Args) => {
    const started = performance.now();
    await ack();
    deps.metrics.ackSeconds.observe({ kind: 'command' }, (performance.now() - started) / 1000);
    const parsed = parseCommand(command.text);
    deps.metrics.slackRequests.inc({ kind: 'command', name: parsed.kind });
    const log = deps.log.child({ command: 'ecrscan', sub: parsed.kind, user: command.user_id, team: command.team_id });
    const reply = createReply(respond, log, deps.metrics);

    const limit = await deps.rateLimit(`${command.team_id}:${command.user_id}`);
    if (!limit.allowed) {
      await reply({ ...renderRateLimited(Math.ceil(limit.retryAfterMs / 1000)), response_type: 'ephemeral' });
      return;
    }
    switch (parsed.kind) {
      case 'help':
        await reply({ ...renderHelp(), response_type: 'ephemeral' });
        return;
      case 'unknown':
        await reply({
          ...renderNotUnderstood({
            text: parsed.text,
            closest: parsed.closest,
            problem: parsed.problem,
            example: parsed.example ?? `/ecrscan why ${REFERENCE_EXAMPLE}`,
          }),
          response_type: 'ephemeral',
        });
        return;
      case 'why':
        await deps.track(answerWhy(deps, reply, log, parsed.ref, parsed.fresh));
        return;
      case 'expiring':
        await deps.track(answerExpiring(deps, reply, log, parsed.query));
        return;
      default: {
        const where = { user: command.user_id, team: command.team_id, channel: command.channel_id };
        await deps.track(answerDigest({ deps, reply, log, ...where }, parsed));
      }
    }
  };
}

/** The answer waits for the "looking…" note's own post (withLooking), so the note never lands after it. */
async function answerWhy(
  deps: SlackDeps,
  reply: ReturnType<typeof createReply>,
  log: SlackDeps['log'],
  ref: string,
  fresh: boolean,
) {
  await withLooking(
    { lookingAfterMs: deps.lookingAfterMs, log },
    reply,
    ref,
    deps.core.explain(ref, { fresh }),
    async (explanation, replaceOriginal) => {
      const view = toExplanationView(explanation);
      deps.metrics.answers.inc({ worst: view.worst });
      const message = renderExplanation(view, {
        actionValue: deps.values.encode(subjectOf(ref, explanation)),
        notice: deps.core.loader.degraded() ? 'Answered straight from AWS: the cache is unavailable.' : undefined,
      });
      await reply({ ...message, response_type: 'ephemeral', replace_original: replaceOriginal });
    },
  );
}
