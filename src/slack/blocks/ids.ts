/**
 * Every action_id, callback_id and block_id the renderers put on Slack surfaces, in one place, so the listeners
 * register exactly what the blocks send (style.md habit 2). Values are part of the contract with messages already
 * posted in channels: never rename one, add a new id instead.
 */
export const ACTION_IDS = {
  rescan: 'ecrscan.rescan',
  refresh: 'ecrscan.refresh',
  showFindings: 'ecrscan.show-findings',
  openConsole: 'ecrscan.open-console',
  share: 'ecrscan.share',
  enhancedOptions: 'ecrscan.enhanced-options',
  /** Prefix only: Slack wants distinct action_ids within a block, see {@link findingsPageActionId}. */
  findingsPage: 'ecrscan.findings-page',
  /** Digest rows: the full `why` answer, ephemeral; the value is the signed image subject. */
  digestExplain: 'ecrscan.digest-explain',
  /** Digest rows: leave the image out of this channel's digests for 7 days; the value is the signed image subject. */
  digestSnooze: 'ecrscan.digest-snooze',
} as const;
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

export const FINDINGS_PAGE_CONTROLS = ['previous', 'next', 'filter'] as const;
export type FindingsPageControl = (typeof FINDINGS_PAGE_CONTROLS)[number];

/**
 * The findings modal's Previous / Next / filter buttons share one actions block, and Slack requires action_ids to
 * be unique within a block, so each gets a suffix; listeners match them all with {@link FINDINGS_PAGE_ACTION}.
 */
export function findingsPageActionId(control: FindingsPageControl): string {
  return `${ACTION_IDS.findingsPage}.${control}`;
}

/** Matches every findings-page button, for `app.action(FINDINGS_PAGE_ACTION, …)`. */
export const FINDINGS_PAGE_ACTION = /^ecrscan\.findings-page\.(previous|next|filter)$/;

export const CALLBACK_IDS = {
  findingsModal: 'ecrscan.findings-modal',
} as const;

export const BLOCK_IDS = {
  explanationActions: 'ecrscan.explanation.actions',
  enhancedOptionsActions: 'ecrscan.enhanced-options.actions',
  findingsNavigation: 'ecrscan.findings.navigation',
  rescanActions: 'ecrscan.rescan.actions',
} as const;
