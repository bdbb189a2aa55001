/**
 * The answer to `/ecrscan expiring`: images whose Inspector scan eligibility ends within the window or has ended,
 * grouped by repository, most urgent first, with counts and each image's expiry "around" a date (the date is an
 * estimate, domain.md §5.2). Pure. Repository names, tags and causes come from AWS and are escaped; what does not
 * fit one message is counted and pointed at `ecrscan expiring --json`, never cut mid-line.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import { type ExpiringImage, type ExpiringReport, severityLabel } from '../../domain/expiring.js';
import { shortDigest } from '../../domain/text.js';
import { BLOCK_KIT_LIMITS, blockTextLength, MSG_BLOCKS_TOO_LONG_SAFE_BUDGET } from './limits.js';
import { type BlockMessage, context, fallbackText, header, section } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { proseLine, slackDate } from './slack-format.js';
import { fitSections, truncate } from './truncate.js';

export interface ExpiringQueryView {
  repoFilters: readonly string[];
  withinDays: number;
  minSeverity?: string;
}

/** Lines shown per repository before "and N more here". */
export const MAX_IMAGES_PER_REPOSITORY = 10;
const OMITTED_RESERVE = 400;
const GROUP_TEXT_MAX = 2600;

interface Group {
  accountId: string;
  region: string;
  repositoryName: string;
  images: ExpiringImage[];
}

export function renderExpiring(report: ExpiringReport, query: ExpiringQueryView): BlockMessage {
  const groups = groupByRepository(report.images);
  const multiWhere = new Set(groups.map((g) => `${g.accountId}/${g.region}`)).size > 1;
  const top: KnownBlock[] = [
    header(`Inspector scanning that ends within ${days(report.withinDays)}`),
    summary(report, query),
  ];
  const accounts = accountsLine(report);
  if (accounts) top.push(context(accounts));
  if (report.unsupported) {
    const n = report.unsupported;
    top.push(
      context(
        `${n} ${n === 1 ? 'image' : 'images'} here Inspector cannot scan at all (unsupported OS or media type): they never expire because they are never scanned. ${code('/ecrscan why')} explains each.`,
      ),
    );
  }
  if (report.errors.length) top.push(errorsBlock(report.errors));
  const footer = context(
    'Dates are estimates ("around"), from the push, pull and last-in-use dates and the account\'s re-scan settings.',
    `${code('/ecrscan why <repo@sha256:…>')} explains one image.`,
  );
  const sections = groups.map((g) => groupSection(g, multiWhere));
  const fixed = [...top, footer];
  const { kept, omitted } = fitSections(sections, {
    chars: MSG_BLOCKS_TOO_LONG_SAFE_BUDGET - blockTextLength(fixed) - OMITTED_RESERVE,
    count: BLOCK_KIT_LIMITS.messageBlocks - fixed.length - 1,
  });
  const shown = kept.reduce((n, s) => n + s.shown, 0);
  const left = report.images.length - shown;
  const middle: KnownBlock[] = kept.map((s) => s.block);
  if (left > 0) middle.push(omittedBlock(left, omitted.length + kept.filter((s) => s.shown < s.total).length, query));
  return { blocks: [...top, ...middle, footer], text: fallbackText(summaryText(report, query)) };
}

/** "all repositories" or "repositories matching `a`, `b`": escaped mrkdwn. */
export function describeFilters(repoFilters: readonly string[]): string {
  if (repoFilters.length === 0) return 'all repositories';
  const shown = repoFilters.slice(0, 10).map((f) => code(f, 80));
  const more = repoFilters.length > shown.length ? ` and ${repoFilters.length - shown.length} more` : '';
  return `repositories matching ${shown.join(', ')}${more}`;
}

export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

function summary(report: ExpiringReport, query: ExpiringQueryView): SectionBlock {
  const { expiring, expired } = report.counts;
  const severity = query.minSeverity
    ? `, images with ${code(query.minSeverity, 20)} findings or worse (or of unknown severity)`
    : '';
  const scope = `Looking at ${describeFilters(query.repoFilters)}${severity}.`;
  if (expiring === 0 && expired === 0) {
    return section(
      `:white_check_mark: Nothing to report: no image stops being scanned within ${days(report.withinDays)}, and none has stopped.\n${scope}`,
    );
  }
  return section(
    `*${expiring}* ${expiring === 1 ? 'image stops' : 'images stop'} being scanned by Amazon Inspector within ${days(report.withinDays)}; *${expired}* stopped already.\n${scope}`,
  );
}

function summaryText(report: ExpiringReport, query: ExpiringQueryView): string {
  const { expiring, expired } = report.counts;
  const scope = query.repoFilters.length ? ` (repositories matching ${query.repoFilters.join(', ')})` : '';
  return `${expiring} ${expiring === 1 ? 'image stops' : 'images stop'} being scanned within ${days(report.withinDays)}; ${expired} stopped already${scope}.`;
}

function accountsLine(report: ExpiringReport): string {
  const entries = Object.entries(report.counts.byAccount).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length < 2) return '';
  const shown = entries
    .slice(0, 10)
    .map(([account, c]) => `${code(account, 40)} ${c.expiring} expiring, ${c.expired} expired`);
  const more = entries.length > shown.length ? ` · ${entries.length - shown.length} more accounts` : '';
  return `By account: ${shown.join(' · ')}${more}`;
}

function errorsBlock(errors: ExpiringReport['errors']): SectionBlock {
  const lines = errors
    .slice(0, 5)
    .map((e) => `• ${code(e.target, 60) || 'a target'}: ${proseLine(truncate(e.message, 200))}`);
  if (errors.length > lines.length) lines.push(`• and ${errors.length - lines.length} more`);
  return section(
    `:warning: *Partial answer*: ecrscan could not read ${errors.length === 1 ? 'one target' : `${errors.length} targets`}, so images there are missing.\n${lines.join('\n')}`,
  );
}

function groupByRepository(images: readonly ExpiringImage[]): Group[] {
  const groups = new Map<string, Group>();
  for (const image of images) {
    const key = `${image.accountId}/${image.region}/${image.repositoryName}`;
    const group = groups.get(key) ?? {
      accountId: image.accountId,
      region: image.region,
      repositoryName: image.repositoryName,
      images: [],
    };
    group.images.push(image);
    groups.set(key, group);
  }
  const sorted = [...groups.values()];
  for (const g of sorted) g.images.sort(byUrgency);
  return sorted.sort(
    (a, b) =>
      byUrgency(a.images[0]!, b.images[0]!) ||
      a.repositoryName.localeCompare(b.repositoryName) ||
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region),
  );
}

/** Earliest expiry first (an expired image's date is in the past); unknown dates last; expired before expiring. */
function byUrgency(a: ExpiringImage, b: ExpiringImage): number {
  const at = (i: ExpiringImage) => i.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const diff = at(a) - at(b);
  if (diff !== 0 && !Number.isNaN(diff)) return diff;
  if (a.state !== b.state) return a.state === 'expired' ? -1 : 1;
  return a.imageDigest.localeCompare(b.imageDigest);
}

function groupSection(group: Group, multiWhere: boolean): { block: SectionBlock; shown: number; total: number } {
  const expired = group.images.filter((i) => i.state === 'expired').length;
  const expiring = group.images.length - expired;
  const counts = [expiring && `${expiring} expiring`, expired && `${expired} expired`].filter(Boolean).join(', ');
  const where = multiWhere ? ` · ${code(group.accountId, 40)} ${code(group.region, 40)}` : '';
  let text = `*${code(group.repositoryName) || '(no name)'}*${where} — ${counts}`;
  let shown = 0;
  for (const image of group.images.slice(0, MAX_IMAGES_PER_REPOSITORY)) {
    const line = `\n• ${imageLine(image)}`;
    if (text.length + line.length > GROUP_TEXT_MAX) break;
    text += line;
    shown += 1;
  }
  if (shown < group.images.length) text += `\n• _and ${group.images.length - shown} more in this repository_`;
  return { block: section(text), shown, total: group.images.length };
}

function imageLine(image: ExpiringImage): string {
  const cause = image.cause.trim() ? ` — ${proseLine(truncate(image.cause.trim(), 220))}` : '';
  const severity = image.highestSeverity ? ` (${escapeMrkdwn(severityLabel(image.highestSeverity))})` : '';
  return `${imageLabel(image)} — ${whenText(image)}${severity}${cause}`;
}

function imageLabel(image: ExpiringImage): string {
  const tags = image.imageTags.slice(0, 3).map((t) => code(t, 80));
  const extra = image.imageTags.length - tags.length;
  const more = extra > 0 ? ` +${extra} more ${extra === 1 ? 'tag' : 'tags'}` : '';
  if (tags.length) return `${tags.join(', ')}${more}`;
  return `${code(shortDigest(image.imageDigest), 40)} (untagged)`;
}

function whenText(image: ExpiringImage): string {
  if (image.state === 'expired') {
    return image.expiresAt ? `*stopped* around ${slackDate(image.expiresAt, 'date')}` : '*stopped* (date unknown)';
  }
  return image.expiresAt ? `ends around ${slackDate(image.expiresAt, 'date')}` : 'ends soon (date unknown)';
}

function omittedBlock(images: number, repositories: number, query: ExpiringQueryView): KnownBlock {
  const cli = [
    'ecrscan expiring',
    `--within ${query.withinDays}d`,
    ...query.repoFilters.slice(0, 5).map((f) => `--repo ${f.includes('*') ? `'${f}'` : f}`),
    '--json',
  ].join(' ');
  const where = repositories === 1 ? 'one repository' : `${repositories} repositories`;
  return context(
    `:information_source: ${images} more ${images === 1 ? 'image' : 'images'} in ${where} not shown — use ${code(cli, 300)} for the full list.`,
  );
}
