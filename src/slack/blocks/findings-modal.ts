/**
 * The "Show findings" modal: every finding of the last scan, a page at a time, so the answer message can stay
 * short. `filter: 'undefined'` lists only the findings AWS did not rate (UNDEFINED / UNTRIAGED), which is what the
 * answer's capped list leads to; `'all'` lists every finding, most severe first. The page, the filter and the
 * caller's opaque reference travel in `private_metadata`, which Slack sends back with each button press.
 */
import type { Button, KnownBlock, ModalView } from '@slack/types';
import type { VulnerabilityFinding } from '../../domain/facts.js';
import { FINDING_SEVERITY_ORDER, findingId, isUnrated, packageText, ratingText } from './finding-line.js';
import { BLOCK_IDS, CALLBACK_IDS, findingsPageActionId } from './ids.js';
import { BLOCK_KIT_LIMITS } from './limits.js';
import { actions, button, context, section } from './message.js';
import { code, plainText } from './mrkdwn.js';
import { prose } from './slack-format.js';
import { truncate, truncateMrkdwn } from './truncate.js';

export type FindingsFilter = 'undefined' | 'all';

export interface FindingsModalInput {
  title: string;
  /** The image reference, shown at the top. */
  image: string;
  findings: readonly VulnerabilityFinding[];
  filter: FindingsFilter;
  /** Zero-based; clamped to the pages that exist. */
  page: number;
  /** Findings per page, clamped to 1–{@link MAX_PAGE_SIZE} so the modal stays within 100 blocks. */
  pageSize: number;
  /** Opaque (e.g. signed) reference to the image, returned in `private_metadata`; never shown. */
  ref: string;
  /** Open the modal at once (a trigger_id lives 3 seconds) and fill it in with `views.update` when ready. */
  loading?: boolean;
}

/** What `private_metadata` holds, for the listener of the page buttons. */
export interface FindingsModalState {
  page: number;
  filter: FindingsFilter;
  ref: string;
}

/** Value of each page button: where it leads. */
export interface FindingsPageTarget {
  page: number;
  filter: FindingsFilter;
}

export const MAX_PAGE_SIZE = 50;
const DESCRIPTION_MAX = 300;

export function renderFindingsModal(input: FindingsModalInput): ModalView {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize) || 1));
  const unrated = input.findings.filter(isUnrated);
  const list = sortFindings(input.filter === 'undefined' ? unrated : input.findings);
  const pages = Math.max(1, Math.ceil(list.length / pageSize));
  const page = Math.min(pages - 1, Math.max(0, Math.floor(input.page) || 0));
  const shown = list.slice(page * pageSize, (page + 1) * pageSize);

  const blocks: KnownBlock[] = [];
  if (input.loading) {
    blocks.push(section(`:hourglass_flowing_sand: Reading the findings of ${code(input.image, 200)}…`));
  } else {
    blocks.push(context(summary(input, list.length, unrated.length, page, pages)));
    if (shown.length === 0) blocks.push(section(emptyText(input.filter, input.findings.length)));
    for (const f of shown) blocks.push(section(findingText(f)));
    const nav = navigation(input, page, pages, unrated.length);
    if (nav.length) blocks.push(actions(nav, BLOCK_IDS.findingsNavigation));
  }

  const state: FindingsModalState = { page, filter: input.filter, ref: input.ref };
  const privateMetadata = JSON.stringify(state);
  if (privateMetadata.length > BLOCK_KIT_LIMITS.privateMetadata) {
    throw new RangeError(`findings modal ref is too long for private_metadata (${privateMetadata.length} characters)`);
  }
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.findingsModal,
    title: plainText(input.title.replace(/\s+/g, ' ').trim() || 'Findings', BLOCK_KIT_LIMITS.viewTitle),
    close: plainText('Close', BLOCK_KIT_LIMITS.viewButton),
    private_metadata: privateMetadata,
    blocks,
  };
}

/** Most severe first, then highest CVSS, then id, so pages are stable between presses. */
export function sortFindings(findings: readonly VulnerabilityFinding[]): VulnerabilityFinding[] {
  const order: readonly string[] = FINDING_SEVERITY_ORDER;
  const rank = (f: VulnerabilityFinding) => {
    const i = order.indexOf(f.severity.toUpperCase());
    return i === -1 ? order.length : i;
  };
  const score = (f: VulnerabilityFinding) => f.cvss?.score ?? -1;
  return [...findings].sort((a, b) => rank(a) - rank(b) || score(b) - score(a) || a.id.localeCompare(b.id));
}

function summary(input: FindingsModalInput, listed: number, unrated: number, page: number, pages: number): string {
  const what =
    input.filter === 'undefined'
      ? `${listed} without a usable severity (UNDEFINED / UNTRIAGED), of ${input.findings.length} in total`
      : `${listed} ${listed === 1 ? 'finding' : 'findings'}, ${unrated} without a usable severity`;
  const pageText = pages > 1 ? ` · page ${page + 1} of ${pages}` : '';
  return `${code(input.image, 200)} · ${what}${pageText}`;
}

function emptyText(filter: FindingsFilter, total: number): string {
  if (filter === 'undefined') {
    return total > 0
      ? ':white_check_mark: Every finding of the last scan has a severity: none is UNDEFINED or UNTRIAGED.'
      : ':white_check_mark: The last scan reported no findings.';
  }
  return ':white_check_mark: The last scan reported no findings.';
}

function findingText(f: VulnerabilityFinding): string {
  const head = `*${findingId(f)}* · ${ratingText(f, true)}`;
  const pkg = packageText(f);
  const about = (f.title ?? f.description)?.trim();
  const lines = [head];
  if (pkg) lines.push(pkg);
  if (about) lines.push(truncateMrkdwn(prose(truncate(about, DESCRIPTION_MAX)), DESCRIPTION_MAX * 2));
  return lines.join('\n');
}

function navigation(input: FindingsModalInput, page: number, pages: number, unrated: number): Button[] {
  const go = (target: FindingsPageTarget) => JSON.stringify(target);
  const out: Button[] = [];
  if (page > 0) {
    out.push(button('Previous', findingsPageActionId('previous'), go({ page: page - 1, filter: input.filter })));
  }
  if (page < pages - 1) {
    out.push(button('Next', findingsPageActionId('next'), go({ page: page + 1, filter: input.filter })));
  }
  if (input.filter === 'undefined' && input.findings.length > unrated) {
    out.push(button('Show all findings', findingsPageActionId('filter'), go({ page: 0, filter: 'all' })));
  } else if (input.filter === 'all' && unrated > 0) {
    out.push(button('Only unrated', findingsPageActionId('filter'), go({ page: 0, filter: 'undefined' })));
  }
  return out;
}

/** Reads `private_metadata` back; undefined when it is not what {@link renderFindingsModal} wrote. */
export function parseFindingsModalState(privateMetadata: string | undefined): FindingsModalState | undefined {
  const data = parseJson(privateMetadata);
  const target = toTarget(data);
  if (!target || typeof data?.ref !== 'string') return undefined;
  return { ...target, ref: data.ref };
}

/** Reads a page button's value back; undefined when malformed. Only says where to go: the ref comes from the view. */
export function parseFindingsPageTarget(value: string | undefined): FindingsPageTarget | undefined {
  return toTarget(parseJson(value));
}

function parseJson(s: string | undefined): Record<string, unknown> | undefined {
  if (s === undefined || s.length > BLOCK_KIT_LIMITS.privateMetadata) return undefined;
  try {
    const data: unknown = JSON.parse(s);
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function toTarget(data: Record<string, unknown> | undefined): FindingsPageTarget | undefined {
  const { page, filter } = data ?? {};
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 0) return undefined;
  if (filter !== 'undefined' && filter !== 'all') return undefined;
  return { page, filter };
}
