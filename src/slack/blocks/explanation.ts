/**
 * The answer to `/ecrscan why`: what the image is, how it is scanned, every diagnosis (most urgent first) with its
 * evidence and fix, the severity counts and the buttons. Pure: the view and options in, blocks out. Everything
 * that came from AWS or a user is escaped; the message always fits Slack's block count and text budget, cutting
 * whole diagnoses (named in a closing line) rather than truncating in the middle of one.
 */
import type { Button, KnownBlock } from '@slack/types';
import { type Diagnosis, SEVERITY_ORDER } from '../../diagnosis/types.js';
import type { ExplanationView } from '../../usecases/explanation-view.js';
import { diagnosisBlocks } from './diagnosis-blocks.js';
import { FINDING_SEVERITY_ORDER } from './finding-line.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { BLOCK_KIT_LIMITS, blockTextLength, MSG_BLOCKS_TOO_LONG_SAFE_BUDGET } from './limits.js';
import { actions, type BlockMessage, button, context, fallbackText, header, section } from './message.js';
import { code, plainText } from './mrkdwn.js';
import { mention, proseLine, slackDate } from './slack-format.js';
import { fitSections, truncate } from './truncate.js';

/** "How to rescan" belongs with the answer it is pressed on; it lives in enhanced-options.ts. */
export { renderEnhancedOptions } from './enhanced-options.js';

export interface ExplanationOptions {
  /** Opaque, signed by the caller; every button carries it. Listeners re-check permissions, never trust it. */
  actionValue: string;
  /** Already posted to the channel: no Share button. */
  shared?: boolean;
  /** Slack user id of who shared it to the channel, shown as "Shared by …". */
  sharedBy?: string;
  /** Answered from cache: say so, and point at Refresh. */
  cached?: boolean;
  /** A short caveat from the caller, e.g. "answered without cache". */
  notice?: string;
}

/** Room kept for the closing "N more diagnoses" line. */
const OMITTED_RESERVE = 400;

export function renderExplanation(view: ExplanationView, opts: ExplanationOptions): BlockMessage {
  return composeExplanation(view, opts, []);
}

/**
 * {@link renderExplanation} with extra blocks right under the header (e.g. "Rescanned by …"), counted in the same
 * block and text budget so the message still fits.
 */
export function composeExplanation(view: ExplanationView, opts: ExplanationOptions, lead: KnownBlock[]): BlockMessage {
  const top: KnownBlock[] = [header(view.image.reference), ...lead, imageContext(view)];
  const bottom: KnownBlock[] = [];
  const counts = severityCountsText(view.severityCounts);
  if (counts) bottom.push(section(counts));
  bottom.push(actions(buttons(view, opts), BLOCK_IDS.explanationActions));
  const footer = footerText(view, opts);
  if (footer.length) bottom.push(context(...footer));

  const groups = sortDiagnoses(view.diagnoses).map((d) => ({ d, blocks: diagnosisBlocks(d) }));
  const fixedBlocks = top.length + bottom.length + 1;
  const fixedChars = blockTextLength([...top, ...bottom]) + OMITTED_RESERVE;
  const { kept, omitted } = fitSections(
    groups,
    {
      chars: MSG_BLOCKS_TOO_LONG_SAFE_BUDGET - fixedChars,
      count: groupsWithin(groups, BLOCK_KIT_LIMITS.messageBlocks - fixedBlocks),
    },
    (g) => blockTextLength(g.blocks),
  );
  const middle = kept.flatMap((g) => g.blocks);
  const left = omitted.map((g) => g.d);
  if (left.length) middle.push(omittedBlock(view, left));
  return { blocks: [...top, ...middle, ...bottom], text: fallback(view) };
}

/** Blocking first, then warning, then info; the rules' own order within a severity. */
function sortDiagnoses(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  const rank = (d: Diagnosis) => SEVERITY_ORDER.indexOf(d.severity);
  return [...diagnoses].sort((a, b) => rank(a) - rank(b));
}

function groupsWithin(groups: readonly { blocks: KnownBlock[] }[], maxBlocks: number): number {
  let used = 0;
  let n = 0;
  for (const g of groups) {
    if (used + g.blocks.length > maxBlocks) break;
    used += g.blocks.length;
    n += 1;
  }
  return n;
}

function imageContext(view: ExplanationView): KnownBlock {
  const { image, scan } = view;
  const where = [`Account ${code(image.accountId, 40)}`, `Region ${code(image.region, 40)}`];
  if (image.target !== 'default') where.push(`target ${code(image.target, 60)}`);
  const how = [
    `Scan type ${code(scan.type ?? 'unknown', 30)}`,
    `frequency ${code(scan.frequency ?? 'unknown', 40)}`,
    `status ${code(scan.status, 60)}${scan.description ? `: ${proseLine(truncate(scan.description, 160))}` : ''}`,
  ];
  if (image.imageStatus !== 'ACTIVE') how.push(`image ${code(image.imageStatus, 40)}`);
  const when = [
    image.pushedAt && `pushed ${slackDate(image.pushedAt, 'date')}`,
    image.lastPulledAt && `last pulled ${slackDate(image.lastPulledAt, 'date')}`,
    scan.completedAt && `scanned ${slackDate(scan.completedAt)}`,
  ].filter((s): s is string => typeof s === 'string');
  return context([...where, code(image.digest, 80)].join(' · '), how.join(' · '), when.join(' · '));
}

function severityCountsText(counts: Record<string, number>): string {
  const known: readonly string[] = FINDING_SEVERITY_ORDER;
  const keys = Object.keys(counts)
    .filter((k) => (counts[k] ?? 0) > 0)
    .sort((a, b) => rankOf(known, a) - rankOf(known, b) || a.localeCompare(b));
  if (keys.length === 0) return '';
  return `*Findings by severity:* ${keys.map((k) => `${proseLine(truncate(k, 30))} ${counts[k]}`).join(' · ')}`;
}

function rankOf(order: readonly string[], key: string): number {
  const i = order.indexOf(key.toUpperCase());
  return i === -1 ? order.length : i;
}

function buttons(view: ExplanationView, opts: ExplanationOptions): Button[] {
  const value = opts.actionValue;
  const out: Button[] = [];
  if (view.rescan.kind === 'start-image-scan') {
    out.push(button('Rescan', ACTION_IDS.rescan, value, { style: 'primary', confirm: rescanConfirm(view) }));
  } else if (view.rescan.kind === 'enhanced-options') {
    out.push(button('How to rescan', ACTION_IDS.enhancedOptions, value));
  }
  out.push(button('Refresh', ACTION_IDS.refresh, value));
  if (hasFindings(view)) out.push(button('Show findings', ACTION_IDS.showFindings, value));
  if (isConsoleUrl(view.consoleUrl)) {
    out.push(button('Open in console', ACTION_IDS.openConsole, value, { url: view.consoleUrl }));
  }
  if (!opts.shared) out.push(button('Share to channel', ACTION_IDS.share, value));
  return out;
}

function rescanConfirm(view: ExplanationView): NonNullable<Button['confirm']> {
  const ref = truncate(view.image.reference, 120);
  return {
    title: plainText('Start a basic scan?', BLOCK_KIT_LIMITS.confirmTitle),
    text: plainText(
      `ECR StartImageScan starts a basic scan of ${ref}. ECR allows one scan per image per 24 hours, and the scan on push counts.`,
      BLOCK_KIT_LIMITS.confirmText,
    ),
    confirm: plainText('Rescan', BLOCK_KIT_LIMITS.confirmButton),
    deny: plainText('Cancel', BLOCK_KIT_LIMITS.confirmButton),
  };
}

function hasFindings(view: ExplanationView): boolean {
  return (
    Object.values(view.severityCounts).some((n) => n > 0) || view.diagnoses.some((d) => (d.findings?.length ?? 0) > 0)
  );
}

/** Only an https console link becomes a URL button; anything else is left out rather than linked. */
function isConsoleUrl(url: string): boolean {
  return url.length <= BLOCK_KIT_LIMITS.buttonUrl && /^https:\/\/[^\s<>|]+$/.test(url);
}

function footerText(view: ExplanationView, opts: ExplanationOptions): string[] {
  const out: string[] = [];
  if (opts.sharedBy) out.push(`Shared by ${mention(opts.sharedBy)}`);
  if (opts.cached) out.push(':floppy_disk: Answered from cache: press *Refresh* to read AWS again.');
  if (opts.notice) out.push(`:warning: ${proseLine(truncate(opts.notice, 300))}`);
  if (view.rescan.kind === 'none') out.push(`No Rescan button: ${proseLine(truncate(view.rescan.why, 300))}.`);
  return out;
}

function omittedBlock(view: ExplanationView, omitted: readonly Diagnosis[]): KnownBlock {
  const codes = omitted.slice(0, 5).map((d) => code(d.code));
  const others = omitted.length > 5 ? `, +${omitted.length - 5} more` : '';
  const noun = omitted.length === 1 ? 'diagnosis' : 'diagnoses';
  const cli = code(`ecrscan why ${view.image.reference}`, 200);
  const where = hasFindings(view) ? `use *Show findings* or the CLI: ${cli}` : `use the CLI: ${cli}`;
  return context(
    `:heavy_plus_sign: ${omitted.length} more ${noun} not shown (${codes.join(', ')}${others}) — ${where}`,
  );
}

/** "payments-api:1.4.2 — UNSUPPORTED_IMAGE: Unsupported image: built FROM scratch (no operating system)". */
function fallback(view: ExplanationView): string {
  const first = sortDiagnoses(view.diagnoses)[0];
  const what = first ? `${first.code}: ${first.title}` : `scan status ${view.scan.status}`;
  const more = view.diagnoses.length > 1 ? ` (+${view.diagnoses.length - 1} more)` : '';
  return fallbackText(`${view.image.reference} — ${what}${more}`);
}
