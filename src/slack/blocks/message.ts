/**
 * The shape every renderer returns and the few block builders they share. Builders take text that is already
 * escaped mrkdwn (or plain text for plain_text fields): escaping happens where the untrusted value is known.
 */
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { BLOCK_KIT_LIMITS } from './limits.js';
import { escapeMrkdwn, mrkdwn, plainText } from './mrkdwn.js';
import { truncate, truncateMrkdwn } from './truncate.js';

/** A Slack message body: blocks plus the fallback `text` Slack shows in notifications and old clients. */
export interface BlockMessage {
  blocks: KnownBlock[];
  text: string;
}

/** One-line fallback text: escaped (Slack parses `text` as mrkdwn too), no line breaks, capped. */
export function fallbackText(s: string, max = 300): string {
  const line = s
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(escapeMrkdwn(line), max);
}

/** A plain_text header; Slack rejects an empty one, so blank text becomes `fallback`. */
export function header(text: string, fallback = '(no name)'): HeaderBlock {
  const line = text.replace(/\s+/g, ' ').trim() || fallback;
  return { type: 'header', text: plainText(line, BLOCK_KIT_LIMITS.headerText) };
}

/** A section of mrkdwn the caller built and escaped, cut to the section limit without breaking its syntax. */
export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(truncateMrkdwn(text, BLOCK_KIT_LIMITS.sectionText)) };
}

export function context(...texts: string[]): ContextBlock {
  const elements = texts
    .filter((t) => t !== '')
    .slice(0, BLOCK_KIT_LIMITS.contextElements)
    .map((t) => mrkdwn(truncateMrkdwn(t, BLOCK_KIT_LIMITS.textObject)));
  return { type: 'context', elements };
}

export function actions(elements: Button[], blockId?: string): ActionsBlock {
  return {
    type: 'actions',
    ...(blockId ? { block_id: blockId } : {}),
    elements: elements.slice(0, BLOCK_KIT_LIMITS.actionsElements),
  };
}

export function button(label: string, actionId: string, value: string, extra: Partial<Button> = {}): Button {
  return {
    type: 'button',
    text: plainText(label, BLOCK_KIT_LIMITS.buttonText),
    action_id: actionId,
    value,
    ...extra,
  };
}
