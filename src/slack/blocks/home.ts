/**
 * The App Home tab: the workspace's digest subscriptions at a glance (channel, filters, time and zone, window,
 * counts of expiring / expired / unsupported images from the last computed report, last digest), then the
 * commands. Pure; fits the Home tab's 100 blocks whatever the number of subscriptions, naming what is left out.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import type { DigestStatus } from '../../usecases/digest-service.js';
import { channelMention, SUBSCRIBE_HINT, subscriptionSummary } from './expiring-subscriptions.js';
import { commandSections } from './help.js';
import { BLOCK_KIT_LIMITS } from './limits.js';
import { context, header, section } from './message.js';
import { code } from './mrkdwn.js';
import { slackDate } from './slack-format.js';

export type HomeDigests =
  | { kind: 'unavailable' }
  /** The subscriptions could not be read just now (Redis down, …). */
  | { kind: 'unreadable' }
  | { kind: 'ok'; statuses: readonly DigestStatus[] };

const DIVIDER: KnownBlock = { type: 'divider' };

export function renderHome(digests: HomeDigests): HomeView {
  const top: KnownBlock[] = [
    header('ecrscan'),
    section(
      'Explains why an Amazon ECR image has no usable vulnerability scan, and warns before Amazon Inspector stops scanning it.',
    ),
    DIVIDER,
    header('Digests in this workspace'),
  ];
  const bottom: KnownBlock[] = [DIVIDER, header('Commands'), ...commandSections()];
  return { type: 'home', blocks: [...top, ...digestBlocks(digests, top.length + bottom.length), ...bottom] };
}

function digestBlocks(digests: HomeDigests, fixed: number): KnownBlock[] {
  if (digests.kind === 'unavailable') {
    return [section(':information_source: Digests are not available in this deployment of ecrscan.')];
  }
  if (digests.kind === 'unreadable') {
    return [
      section(
        ':warning: ecrscan could not read the digest subscriptions just now. Open this tab again in a minute; if it persists, tell whoever runs ecrscan.',
      ),
    ];
  }
  if (digests.statuses.length === 0) {
    return [
      section(
        `:zzz: No channel has a digest yet. An ecrscan admin starts one from the channel: ${code(SUBSCRIBE_HINT)}.`,
      ),
    ];
  }
  const sorted = [...digests.statuses].sort(
    (a, b) =>
      a.subscription.channelId.localeCompare(b.subscription.channelId) ||
      a.subscription.at.localeCompare(b.subscription.at) ||
      a.subscription.id.localeCompare(b.subscription.id),
  );
  const room = Math.floor((BLOCK_KIT_LIMITS.viewBlocks - fixed - 1) / 2);
  const shown = sorted.slice(0, room);
  const blocks = shown.flatMap((status) => [
    section(`${channelMention(status.subscription.channelId)} · ${subscriptionSummary(status.subscription)}`),
    context(statusLine(status)),
  ]);
  const left = sorted.length - shown.length;
  if (left > 0) {
    blocks.push(
      context(
        `${left} more ${left === 1 ? 'digest' : 'digests'} not shown: ${code('/ecrscan digest list')} in a channel lists its own.`,
      ),
    );
  }
  return blocks;
}

function statusLine(status: DigestStatus): string {
  const { counts, lastPostedAt, nextRunAt, subscription } = status;
  const parts: string[] = [];
  if (counts) {
    parts.push(`*${counts.expiring}* expiring`, `*${counts.expired}* expired`);
    if (counts.unsupported !== undefined) parts.push(`*${counts.unsupported}* unsupported`);
  } else {
    parts.push('no counts yet');
  }
  parts.push(lastPostedAt ? `last digest ${slackDate(lastPostedAt)}` : 'no digest posted yet');
  if (nextRunAt) parts.push(`next ${slackDate(nextRunAt)}`);
  parts.push(`id ${code(subscription.id, 70)}`);
  if (subscription.source === 'file') parts.push('from the subscriptions file');
  return parts.join(' · ');
}
