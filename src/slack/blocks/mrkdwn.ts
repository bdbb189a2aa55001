import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import { BLOCK_KIT_LIMITS } from './limits.js';
import { truncate } from './truncate.js';

/** Default cap for one inline-code value (an image tag, a package name): long enough to read, short enough to scan. */
export const CODE_MAX = 200;

/**
 * Escapes the three characters Slack treats as control characters in mrkdwn (platform.md §3.2), which is what turns
 * `<!channel>`, `<@U123>` and `<https://evil|click>` in untrusted text into harmless literal text. Nothing else is
 * entity-encoded: Slack documents only these three, and has no escape for `*`, `_`, `~` or backticks.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders an untrusted value as inline code: backticks are removed (they would close the span and there is no
 * escape for them), line breaks become spaces (a code span cannot cross lines), the result is escaped and capped at
 * `max` characters including the two backticks. Returns '' when nothing printable is left, so the caller chooses
 * what to show instead.
 */
export function code(s: string, max = CODE_MAX): string {
  const clean = s
    .replace(/`/g, '')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .trim();
  if (clean === '' || max < 3) return '';
  return `\`${truncate(escapeMrkdwn(clean), max - 2)}\``;
}

/**
 * A plain_text object capped at `max` characters. plain_text needs no escaping (Slack renders no links or mentions
 * in it); prefer it for untrusted values wherever the field allows.
 */
export function plainText(s: string, max: number = BLOCK_KIT_LIMITS.textObject): PlainTextElement {
  return { type: 'plain_text', text: truncate(s, max) };
}

/**
 * A mrkdwn object with `verbatim: true`, which stops Slack from auto-linking URLs and channel names and parsing
 * mentions typed as plain words; the text must already be escaped with {@link escapeMrkdwn} where untrusted.
 */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/**
 * A mrkdwn link `<url|label>`. Only absolute http(s) URLs are linked: anything else (javascript:, slack://, relative
 * or unparsable) yields just the escaped label, so AWS- or user-supplied URLs cannot smuggle other schemes or link
 * syntax. The label is escaped and kept on one line; an empty label shows the URL itself.
 */
export function link(url: string, label: string): string {
  const text = escapeMrkdwn(label.replace(/[\r\n\u2028\u2029]+/g, ' ').trim());
  const href = safeHref(url);
  if (href === undefined) return text || escapeMrkdwn(url);
  return text === '' ? `<${href}>` : `<${href}|${text}>`;
}

function safeHref(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return escapeMrkdwn(parsed.href.replace(/\|/g, '%7C'));
}
