import { blockTextLength } from './limits.js';

/** What {@link fitSections} keeps and what it leaves for a "show all" view. */
export interface Fitted<T> {
  kept: T[];
  omitted: T[];
}

const ENTITY_AT_START = /^&(?:amp|lt|gt);/;

/**
 * Shortens `s` to at most `max` UTF-16 code units (the unit `checkBlockKit` counts), suffix included, cutting
 * only between code points and never inside an `&amp;` / `&lt;` / `&gt;` entity, so escaped text stays escaped and
 * no lone surrogate reaches Slack. When even the suffix does not fit, the text is cut without one.
 */
export function truncate(s: string, max: number, suffix = '…'): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  if (suffix.length >= max) return s.slice(0, safeEnd(s, max));
  return s.slice(0, safeEnd(s, max - suffix.length)).trimEnd() + suffix;
}

/**
 * Like {@link truncate}, and also never leaves a cut-open `<…>` link or mention, or an unclosed inline-code span,
 * which Slack would show as raw syntax. For mrkdwn the caller built (user text inside it must already be escaped,
 * so every `<` left is the caller's own syntax).
 */
export function truncateMrkdwn(s: string, max: number, suffix = '…'): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  const room = suffix.length >= max ? max : max - suffix.length;
  let end = safeEnd(s, room);
  for (;;) {
    const kept = s.slice(0, end);
    const open = kept.lastIndexOf('<');
    if (open > kept.lastIndexOf('>')) {
      end = open;
      continue;
    }
    const ticks = kept.split('`').length - 1;
    if (ticks % 2 === 1) {
      end = kept.lastIndexOf('`');
      continue;
    }
    break;
  }
  const head = s.slice(0, end).trimEnd();
  return room === max ? head : head + suffix;
}

/**
 * Keeps the longest leading run of `items` whose summed size fits `budget.chars` (and `budget.count` items, when
 * given), so a renderer can show what fits and offer the rest behind a "show all" path. Items are assumed to be in
 * order of importance: the first that does not fit ends the run, even if a later, smaller one would fit.
 * By default an item is measured like the message budget in `checkBlockKit` (its summed `text` strings).
 */
export function fitSections<T>(
  items: readonly T[],
  budget: { chars: number; count?: number },
  measure: (item: T) => number = blockTextLength,
): Fitted<T> {
  let used = 0;
  let n = 0;
  const maxCount = budget.count ?? Number.POSITIVE_INFINITY;
  for (const item of items) {
    const size = measure(item);
    if (n >= maxCount || used + size > budget.chars) break;
    used += size;
    n += 1;
  }
  return { kept: items.slice(0, n), omitted: items.slice(n) };
}

function safeEnd(s: string, end: number): number {
  let cut = end;
  const code = s.charCodeAt(cut - 1);
  if (cut < s.length && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp !== -1 && cut - amp < 5) {
    const entity = ENTITY_AT_START.exec(s.slice(amp, amp + 5));
    if (entity && amp + entity[0].length > cut) cut = amp;
  }
  return cut;
}
