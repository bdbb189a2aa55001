/**
 * How digest subscriptions read in Slack: one summary line (shared by `/ecrscan digest …` replies and the App
 * Home) and the replies to subscribe, list and unsubscribe. Pure. Filters and ids are typed by users and shown
 * as escaped inline code; channels and users appear as mentions only when their ids are well formed.
 */
import type { Subscription } from '../../usecases/digest-service.js';
import { days, describeFilters } from './expiring.js';
import { type BlockMessage, context, fallbackText, section } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { mention } from './slack-format.js';

export const SUBSCRIBE_HINT = '/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d';

/** What a subscription line needs; `Subscription` fits. */
export type SubscriptionView = Pick<
  Subscription,
  'id' | 'channelId' | 'repoFilters' | 'at' | 'timeZone' | 'withinDays' | 'minSeverity' | 'allClear' | 'source'
>;

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,20}$/;

/** `<#C123>` for a well-formed channel id; anything else as inert text. */
export function channelMention(channelId: string): string {
  return CHANNEL_ID.test(channelId) ? `<#${channelId}>` : code(channelId, 40) || escapeMrkdwn('a channel');
}

/** "daily at 09:00 Europe/Berlin · all repositories · ending within 7 days · HIGH and above · all-clear". */
export function subscriptionSummary(sub: SubscriptionView): string {
  const parts = [
    `daily at ${code(sub.at, 10)} ${code(sub.timeZone, 60)}`,
    describeFilters(sub.repoFilters),
    `scanning ending within ${days(sub.withinDays)}`,
  ];
  if (sub.minSeverity) parts.push(`findings ${code(sub.minSeverity, 20)} and above`);
  parts.push(sub.allClear ? 'posts an all-clear on quiet days' : 'silent on quiet days');
  return parts.join(' · ');
}

export function renderSubscribed(sub: SubscriptionView, by: string): BlockMessage {
  return {
    blocks: [
      section(
        `:bell: ${mention(by)} subscribed ${channelMention(sub.channelId)} to a daily digest of images whose Amazon Inspector scanning ends soon or has ended: ${subscriptionSummary(sub)}.`,
      ),
      context(
        `${code('/ecrscan digest preview')} shows it now · ${code('/ecrscan digest unsubscribe')} stops it · id ${code(sub.id, 70)}`,
      ),
    ],
    text: fallbackText(`Subscribed this channel to a daily ecrscan digest at ${sub.at} ${sub.timeZone}.`),
  };
}

export function renderSubscriptionList(subs: readonly SubscriptionView[], channelId: string): BlockMessage {
  if (subs.length === 0) return renderNoSubscription(channelId);
  const lines = subs.slice(0, 20).map((s) => `• ${subscriptionSummary(s)} · id ${code(s.id, 70)}${fromFile(s)}`);
  if (subs.length > lines.length) lines.push(`• and ${subs.length - lines.length} more`);
  return {
    blocks: [
      section(
        `:bell: ${channelMention(channelId)} has ${subs.length === 1 ? 'one digest' : `${subs.length} digests`}:\n${lines.join('\n')}`,
      ),
      context(`${code('/ecrscan digest preview')} shows what the next one would say.`),
    ],
    text: fallbackText(`This channel has ${subs.length} ecrscan ${subs.length === 1 ? 'digest' : 'digests'}.`),
  };
}

export function renderNoSubscription(channelId: string): BlockMessage {
  return {
    blocks: [
      section(
        `:zzz: ${channelMention(channelId)} has no ecrscan digest. An ecrscan admin can start one, for example ${code(SUBSCRIBE_HINT)}.`,
      ),
      context(
        `Without options: every repository, daily at 09:00 UTC, images whose scanning ends within 7 days. ${code('/ecrscan expiring')} shows the list now.`,
      ),
    ],
    text: fallbackText('This channel has no ecrscan digest.'),
  };
}

/** Several digests in the channel and no id given: which one? */
export function renderWhichSubscription(subs: readonly SubscriptionView[], verb: 'preview' | 'unsubscribe') {
  const list = renderSubscriptionList(subs, subs[0]?.channelId ?? '');
  return {
    blocks: [
      section(`:point_right: Say which digest to ${verb}, by its id: ${code(`/ecrscan digest ${verb} <id>`)}.`),
      ...list.blocks,
    ],
    text: fallbackText(`Say which digest to ${verb}, by its id.`),
  };
}

export function renderSubscriptionNotFound(id: string, subs: readonly SubscriptionView[], channelId: string) {
  const known = subs.map((s) => code(s.id, 70)).join(', ');
  return {
    blocks: [
      section(
        `:warning: ${channelMention(channelId)} has no digest with id ${code(id, 70)}.${known ? ` Its digests: ${known}.` : ''}`,
      ),
    ],
    text: fallbackText(`This channel has no digest with id ${id}.`),
  };
}

/** Static subscriptions come from the YAML file and change only there. */
export function renderFromFile(sub: SubscriptionView): BlockMessage {
  return {
    blocks: [
      section(
        `:page_facing_up: The digest ${code(sub.id, 70)} comes from ecrscan's subscriptions file, so it cannot be changed from Slack: whoever runs ecrscan changes it in the file (${code('ECRSCAN_CONFIG_FILE')}).`,
      ),
    ],
    text: fallbackText(`The digest ${sub.id} comes from ecrscan's subscriptions file.`),
  };
}

export function renderUnsubscribed(removed: number, by: string, channelId: string, keptFromFile: number) {
  const what = removed === 1 ? 'its digest' : `${removed} digests`;
  const kept = keptFromFile
    ? ` ${keptFromFile === 1 ? 'One digest comes' : `${keptFromFile} digests come`} from ecrscan's subscriptions file and stay.`
    : '';
  return {
    blocks: [section(`:no_bell: ${mention(by)} unsubscribed ${channelMention(channelId)} from ${what}.${kept}`)],
    text: fallbackText(`Unsubscribed this channel from ${what}.`),
  };
}

function fromFile(sub: SubscriptionView): string {
  return sub.source === 'file' ? ' · from the subscriptions file' : '';
}
