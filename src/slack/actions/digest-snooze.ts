/**
 * Snooze 7 days, on a digest row: leaves that image out of this channel's digests for a week. The image comes
 * from the signed button value, the channel, team and user from the payload Slack signed; a double click snoozes
 * once. Hiding a warning from a whole channel is audited: the snooze store records each snooze it makes
 * (`state/snoozes.ts`), and this listener records the attempts that fail.
 */
import { shortDigest } from '../../domain/text.js';
import { SNOOZE_DAYS } from '../../usecases/digest-service.js';
import { renderDigestsUnavailable, renderSnoozeAlreadyRequested, renderSnoozed } from '../blocks/expiring-notices.js';
import { renderUserError } from '../blocks/notices.js';
import { createReply, replyWithError } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { ackedAction, type ButtonArgs } from './acked-action.js';
import { STALE_DIGEST_BUTTON } from './digest-explain.js';
import { decodeSubject } from './resolve-subject.js';

/** A second click within this window is the same click. */
const DOUBLE_CLICK_MS = 60_000;

export const digestSnoozeAction = (deps: SlackDeps) => ackedAction(deps, 'digest-snooze', snooze);

async function snooze(deps: SlackDeps, { action, body, respond }: ButtonArgs) {
  const user = body.user.id;
  const log = deps.log.child({ action: 'digest-snooze', user });
  const reply = createReply(respond, log, deps.metrics);
  const ephemeral = { response_type: 'ephemeral', replace_original: false } as const;
  const subject = decodeSubject(deps, action.value);
  const team = body.team?.id ?? body.user.team_id;
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (!subject || !team || !channel) {
    await reply({ ...renderUserError(STALE_DIGEST_BUTTON), ...ephemeral });
    return;
  }
  if (!deps.digests) {
    await reply({ ...renderDigestsUnavailable(), ...ephemeral });
    return;
  }
  const image = `${subject.repositoryName}@${shortDigestEllipsis(subject.imageDigest)}`;
  const key = `digest-snooze:${team}:${channel}:${subject.accountId}:${subject.region}:${subject.imageDigest}`;
  if (!(await deps.claimOnce(key, DOUBLE_CLICK_MS))) {
    await reply({ ...renderSnoozeAlreadyRequested(image), ...ephemeral });
    return;
  }
  const entry = {
    action: 'digest-snooze',
    user,
    team,
    channel,
    target: `${subject.accountId}/${subject.region}`,
    account: subject.accountId,
    region: subject.region,
    image: `${subject.repositoryName}@${subject.imageDigest}`,
  };
  try {
    const { until } = await deps.digests.snooze({
      teamId: team,
      channelId: channel,
      accountId: subject.accountId,
      region: subject.region,
      repositoryName: subject.repositoryName,
      imageDigest: subject.imageDigest,
      days: SNOOZE_DAYS,
      by: user,
    });
    await reply({ ...renderSnoozed({ image, until, by: user }), ...ephemeral });
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 300) : 'unknown error';
    await deps.core.state.audit.record({ ...entry, at: deps.core.now(), outcome: 'failed', detail });
    // Nothing was snoozed: a click after this failure must try again, not be taken for a double click.
    await deps.core.state.once.release(key).catch(() => {});
    await replyWithError(reply, log, err, false);
  }
}

const shortDigestEllipsis = (digest: string) => `${shortDigest(digest)}…`;
