/**
 * The digest's pages, posted in the thread under its header: images grouped by repository (a repository that
 * runs on into the next page gets its heading again, marked "continued"), each with its tags, when Inspector
 * stops (or stopped) scanning it, why, and buttons: Explain, Rescan (basic scanning only: there is no rescan
 * API for enhanced scanning), Snooze. Each page stays within Slack's 50 blocks and our ~10k-character budget
 * (platform.md §3.1), so no page is ever refused as `msg_blocks_too_long`. Pure.
 */
import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import { type ExpiringImage, severityLabel } from '../../domain/expiring.js';
import { formatImageReference } from '../../domain/image-reference.js';
import { shortDigest } from '../../domain/text.js';
import type { DigestContent, DigestRepository } from '../../usecases/build-digest.js';
import type { ActionSubject } from '../action-value.js';
import { ACTION_IDS } from './ids.js';
import { BLOCK_KIT_LIMITS, blockTextLength } from './limits.js';
import { actions, type BlockMessage, button, context, fallbackText, section } from './message.js';
import { code, escapeMrkdwn, plainText } from './mrkdwn.js';
import { proseLine, slackDate } from './slack-format.js';
import { truncate } from './truncate.js';

/** block_ids of the digest's button rows start with this, so a button handler can tell a digest page apart. */
export const DIGEST_BLOCK_PREFIX = 'ecrscan.digest.';

export const DIGEST_PAGE_LIMITS = {
  blocks: BLOCK_KIT_LIMITS.messageBlocks,
  /** Under MSG_BLOCKS_TOO_LONG_SAFE_BUDGET, with room for the page heading. */
  chars: 9_000,
  /** Readability: a page is something one reads, not scrolls. */
  images: 20,
} as const;

const PAGE_HEADING_RESERVE = 150;
const MAX_TAGS = 3;

export interface DigestPagesOptions {
  /** Signs a button value (`ActionValueCodec.encode`). */
  encode: (subject: ActionSubject) => string;
  snoozeDays: number;
  preview?: boolean;
}

interface Page {
  blocks: KnownBlock[];
  chars: number;
  images: number;
  repositories: Set<string>;
}

export function renderDigestPages(content: DigestContent, opts: DigestPagesOptions): BlockMessage[] {
  const pages: Page[] = [];
  let page = newPage();
  let lastGroup: string | undefined;
  let n = 0;
  for (const group of content.repositories) {
    const key = `${group.accountId}/${group.region}/${group.repositoryName}`;
    for (const image of group.images) {
      n += 1;
      const rows = imageBlocks(image, n, opts);
      const continuing = lastGroup === key;
      let heading = continuing && page.blocks.length > 0 ? [] : [repositoryHeading(group, continuing)];
      if (!fits(page, [...heading, ...rows])) {
        pages.push(page);
        page = newPage();
        heading = [repositoryHeading(group, continuing)];
      }
      add(page, [...heading, ...rows]);
      page.images += 1;
      page.repositories.add(group.repositoryName);
      lastGroup = key;
    }
  }
  if (page.blocks.length > 0) pages.push(page);
  const title = opts.preview ? 'ECR scan coverage digest (preview)' : `ECR scan coverage digest · ${content.day}`;
  return pages.map((p, i) => {
    const where = `page ${i + 1} of ${pages.length}`;
    const repos = p.repositories.size === 1 ? '1 repository' : `${p.repositories.size} repositories`;
    const images = p.images === 1 ? '1 image' : `${p.images} images`;
    return {
      blocks: [context(`*${title}* · ${where} · ${images} in ${repos}`), ...p.blocks],
      text: fallbackText(`${title}, ${where}: ${images} in ${repos}.`),
    };
  });
}

function newPage(): Page {
  return { blocks: [], chars: PAGE_HEADING_RESERVE, images: 0, repositories: new Set() };
}

function fits(page: Page, blocks: KnownBlock[]): boolean {
  if (page.blocks.length === 0) return true;
  return (
    page.images < DIGEST_PAGE_LIMITS.images &&
    page.blocks.length + blocks.length < DIGEST_PAGE_LIMITS.blocks &&
    page.chars + blockTextLength(blocks) <= DIGEST_PAGE_LIMITS.chars
  );
}

function add(page: Page, blocks: KnownBlock[]): void {
  page.blocks.push(...blocks);
  page.chars += blockTextLength(blocks);
}

function repositoryHeading(group: DigestRepository, continued: boolean): SectionBlock {
  const name = code(group.repositoryName) || '(no name)';
  const where = `${code(group.accountId, 40)} · ${code(group.region, 40)}`;
  return section(`:package: *${name}* · ${where}${continued ? ' (continued)' : ''}`);
}

function imageBlocks(image: ExpiringImage, n: number, opts: DigestPagesOptions): [SectionBlock, ActionsBlock] {
  const value = opts.encode(subjectOf(image));
  const buttons = [button('Explain', ACTION_IDS.digestExplain, value)];
  if (image.scanType === 'BASIC') {
    buttons.push(
      button('Rescan', ACTION_IDS.rescan, value, {
        confirm: {
          title: plainText('Start a basic scan?'),
          text: plainText('ECR allows one basic scan per image per 24 hours.'),
          confirm: plainText('Scan'),
          deny: plainText('Cancel'),
        },
      }),
    );
  }
  buttons.push(button(`Snooze ${opts.snoozeDays} days`, ACTION_IDS.digestSnooze, value));
  return [section(imageText(image)), actions(buttons, `${DIGEST_BLOCK_PREFIX}image.${n}`)];
}

function imageText(image: ExpiringImage): string {
  const tags = image.imageTags.slice(0, MAX_TAGS).map((t) => code(t, 80));
  const more = image.imageTags.length > tags.length ? ` +${image.imageTags.length - tags.length} more` : '';
  const name = tags.length > 0 ? `${tags.join(', ')}${more}` : '_untagged_';
  const severity = image.highestSeverity ? ` · ${escapeMrkdwn(severityLabel(image.highestSeverity))}` : '';
  const digest = code(shortDigest(image.imageDigest), 40);
  const expired = image.state === 'expired';
  const when = image.expiresAt
    ? `${expired ? 'No longer scanned since around' : 'Stops being scanned around'} ${slackDate(image.expiresAt, 'date')}.`
    : expired
      ? 'No longer scanned.'
      : 'Stops being scanned soon (date unknown).';
  const icon = expired ? ':no_entry:' : ':hourglass_flowing_sand:';
  const cause = image.cause ? ` ${proseLine(truncate(image.cause, 400))}` : '';
  return `${icon} ${name} · ${digest}${severity}\n${when}${cause}`;
}

/** The full registry URI, so Explain and Rescan resolve the image's own account and Region. */
function subjectOf(image: ExpiringImage): ActionSubject {
  const { repositoryName, imageDigest: digest, accountId, region } = image;
  return {
    ref: formatImageReference({ repositoryName, digest, accountId, region }),
    repositoryName: image.repositoryName,
    imageDigest: image.imageDigest,
    accountId: image.accountId,
    region: image.region,
  };
}
