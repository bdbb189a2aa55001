/**
 * The digest's header message: how many images stop being scanned soon and how many stopped, by account, what
 * the subscription looks at and what it leaves out, and whether the per-image pages in the thread below are
 * complete. The header is posted first (saying the details follow) and updated in place with `chat.update` once
 * every page is in the thread, so readers can tell a complete digest from one still being posted, and a retried
 * digest updates its header instead of posting a second one. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { DigestContent } from '../../usecases/build-digest.js';
import { days, describeFilters } from './expiring.js';
import { type BlockMessage, context, fallbackText, header, section } from './message.js';
import { code } from './mrkdwn.js';
import { proseLine } from './slack-format.js';
import { truncate } from './truncate.js';

export interface DigestHeaderOptions {
  /** Pages in the thread (0: everything is in the header). */
  pages: number;
  /** All pages are posted. */
  complete: boolean;
  /** `/ecrscan digest preview`: not the day's digest. */
  preview?: boolean;
}

const MAX_ACCOUNT_FIELDS = 10;
const MAX_ERRORS = 5;

export function renderDigestHeader(content: DigestContent, opts: DigestHeaderOptions): BlockMessage {
  const { expiring, expired } = content.counts;
  const within = days(content.subscription.withinDays);
  const blocks: KnownBlock[] = [header(title(content, opts.preview))];
  const lines = [
    `:hourglass_flowing_sand: *${expiring}* ${expiring === 1 ? 'image stops' : 'images stop'} being scanned by Amazon Inspector within ${within}.`,
    `:no_entry: *${expired}* ${expired === 1 ? 'image is' : 'images are'} no longer scanned (scan eligibility expired).`,
  ];
  blocks.push(section(lines.join('\n')));
  const accounts = accountFields(content);
  if (accounts) blocks.push(accounts);
  blocks.push(context(scopeLine(content)));
  const hidden = hiddenLine(content);
  if (hidden) blocks.push(context(hidden));
  if (content.errors.length > 0) blocks.push(errorsSection(content.errors));
  blocks.push(context(progressLine(opts), 'Dates are estimates ("around"), from the account\'s re-scan settings.'));
  return {
    blocks,
    text: fallbackText(`${title(content, opts.preview)}: ${expiring} expiring within ${within}, ${expired} expired.`),
  };
}

/** "Nothing expires": posted only by subscriptions that asked for an all-clear. */
export function renderDigestAllClear(content: DigestContent, opts: { preview?: boolean } = {}): BlockMessage {
  const within = days(content.subscription.withinDays);
  const blocks: KnownBlock[] = [
    header(title(content, opts.preview)),
    section(
      `:white_check_mark: All clear: no image stops being scanned by Amazon Inspector within ${within}, and none stopped since the last digest.`,
    ),
    context(scopeLine(content)),
  ];
  const hidden = hiddenLine(content);
  if (hidden) blocks.push(context(hidden));
  return { blocks, text: fallbackText(`${title(content, opts.preview)}: all clear for the next ${within}.`) };
}

function title(content: DigestContent, preview?: boolean): string {
  return preview ? 'ECR scan coverage digest (preview)' : `ECR scan coverage digest · ${content.day}`;
}

function accountFields(content: DigestContent): KnownBlock | undefined {
  const entries = Object.entries(content.counts.byAccount).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return undefined;
  const fields = entries.slice(0, MAX_ACCOUNT_FIELDS).map(([account, c]) => ({
    type: 'mrkdwn' as const,
    text: `*${code(account, 40)}*\n${c.expiring} expiring · ${c.expired} expired`,
    verbatim: true,
  }));
  return { type: 'section', fields };
}

function scopeLine(content: DigestContent): string {
  const { repoFilters, minSeverity, timeZone } = content.subscription;
  const parts = [`Looking at ${describeFilters(repoFilters)}`];
  if (minSeverity) parts.push(`images with ${code(minSeverity, 20)} findings or worse (or of unknown severity)`);
  parts.push(`daily digest for ${code(timeZone, 70)}`);
  return parts.join(' · ');
}

function hiddenLine(content: DigestContent): string | undefined {
  const { snoozed, belowSeverity, overLimit } = content.hidden;
  const parts: string[] = [];
  if (snoozed > 0) parts.push(`:zzz: ${snoozed} snoozed ${snoozed === 1 ? 'image' : 'images'} left out`);
  if (belowSeverity > 0) parts.push(`${belowSeverity} below the minimum severity left out`);
  if (overLimit > 0) {
    parts.push(
      `${overLimit} more not listed: ${code(`ecrscan expiring --within ${content.subscription.withinDays}d --json`)} has them all`,
    );
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function errorsSection(errors: DigestContent['errors']): KnownBlock {
  const lines = errors
    .slice(0, MAX_ERRORS)
    .map((e) => `• ${code(e.target, 60) || 'a target'}: ${proseLine(truncate(e.message, 200))}`);
  if (errors.length > lines.length) lines.push(`• and ${errors.length - lines.length} more`);
  return section(
    `:warning: *Partial digest*: ecrscan could not read everything, so some images may be missing.\n${lines.join('\n')}`,
  );
}

function progressLine(opts: DigestHeaderOptions): string {
  if (opts.pages === 0) return 'Nothing more below.';
  const messages = opts.pages === 1 ? '1 message' : `${opts.pages} messages`;
  return opts.complete
    ? `:thread: The images are in the thread below (${messages}).`
    : `:thread: The images follow in the thread below (${messages})…`;
}
