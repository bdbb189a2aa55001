/**
 * Short replies around digests: digests not wired in this deployment, a preview posted, an image snoozed.
 * Image names come from a signed button value, but were AWS names first: escaped like any other.
 */
import { type BlockMessage, context, fallbackText, section } from './message.js';
import { code } from './mrkdwn.js';
import { mention, slackDate } from './slack-format.js';

export function renderDigestsUnavailable(): BlockMessage {
  return {
    blocks: [
      section(
        ':information_source: Digests are not available in this deployment of ecrscan, so there is nothing to subscribe to, list or snooze here.',
      ),
      context(`${code('/ecrscan why <repo:tag>')} still explains any image.`),
    ],
    text: fallbackText('Digests are not available in this deployment of ecrscan.'),
  };
}

export function renderPreviewPosted(id: string): BlockMessage {
  return {
    blocks: [
      context(
        `:eyes: Posted a preview of digest ${code(id, 70)} in this channel: what it would say if it ran now. The day's digest still comes at its time.`,
      ),
    ],
    text: fallbackText('Posted a preview of the digest in this channel.'),
  };
}

export interface SnoozedNotice {
  /** `repo:tag` or `repo@sha256:…` as the digest showed it. */
  image: string;
  until: Date;
  by: string;
}

export function renderSnoozed(notice: SnoozedNotice): BlockMessage {
  return {
    blocks: [
      section(
        `:zzz: ${code(notice.image)} is left out of this channel's digests until ${slackDate(notice.until)}, snoozed by ${mention(notice.by)}. It comes back after that if its scanning still ends soon or has ended.`,
      ),
      context('Recorded in the audit log.'),
    ],
    text: fallbackText(`${notice.image} is snoozed in this channel's digests until ${notice.until.toISOString()}.`),
  };
}

export function renderSnoozeAlreadyRequested(image: string): BlockMessage {
  return {
    blocks: [context(`:zzz: ${code(image)} was snoozed moments ago; nothing more to do.`)],
    text: fallbackText(`${image} was snoozed moments ago.`),
  };
}
