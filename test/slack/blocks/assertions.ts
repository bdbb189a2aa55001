/**
 * Checks shared by the renderer tests: Slack's limits (checkBlockKit) and "no Slack control sequence we did not
 * write ourselves" in any text Slack parses as mrkdwn.
 */
import { expect } from 'vitest';
import { checkBlockKit, type Surface } from '../../../src/slack/blocks/limits.js';
import { escapeMrkdwn } from '../../../src/slack/blocks/mrkdwn.js';
import { USER } from './fixtures.js';

export function expectFits(payload: unknown, surface: Surface): void {
  expect(checkBlockKit(payload, surface)).toEqual([]);
}

/** Every string Slack reads as mrkdwn: mrkdwn text objects, plus a message's top-level fallback `text`. */
export function mrkdwnStrings(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const value of Object.values(o)) walk(value);
    }
  };
  walk(payload);
  const top = (payload as { text?: unknown }).text;
  if (typeof top === 'string') out.push(top);
  return out;
}

const OUR_DATE = /<!date\^\d+\^\{date_short_pretty\}(?: \{time\})?\|[0-9: -]+(?: UTC)?>/g;

/**
 * Removes the constructs the renderers are allowed to write (dates, the fixture user's mention, links to the given
 * trusted URLs) and returns what is left, in which no `<` may remain: everything else must have been escaped.
 */
export function foreignControls(payload: unknown, trustedUrls: readonly string[] = []): string[] {
  const hrefs = new Set(trustedUrls.map((u) => escapeMrkdwn(new URL(u).href.replace(/\|/g, '%7C'))));
  const leftovers: string[] = [];
  for (const text of mrkdwnStrings(payload)) {
    const rest = text
      .replace(OUR_DATE, '')
      .replaceAll(`<@${USER}>`, '')
      .replace(/<([^|<>\s]+)\|[^<>]*>/g, (all, href: string) => (hrefs.has(href) ? '' : all));
    if (rest.includes('<') || rest.includes('>')) leftovers.push(rest);
  }
  return leftovers;
}

/** The attack text used in every string field by the injection tests. */
export const ATTACK = '<!channel> <https://evil.example|x> <@U1> <#C1|gen> *bold* `tick` ```fence``` a\nb & &lt;';
