/**
 * Reading what ecrscan posted back: looking notes, internal-error replies, user-error codes, stack traces, and
 * mrkdwn markup that did not come from ecrscan itself (an unescaped `<!channel>`, `<@U…>` or foreign link).
 */
export interface SlackMessage {
  blocks?: unknown[];
  text?: string;
  response_type?: string;
  replace_original?: boolean;
  [key: string]: unknown;
}

export function textOf(message: SlackMessage): string {
  return JSON.stringify(message.blocks ?? []) + (message.text ?? '');
}

/** "Looking at …" appears while a slow answer is computed; it is not the answer. */
export function isLookingNote(message: SlackMessage): boolean {
  return JSON.stringify(message.blocks ?? []).includes(':mag: Looking at');
}

/** The generic "something went wrong inside ecrscan" reply: an unexpected error reached the user. */
export function isInternalError(message: SlackMessage): boolean {
  return textOf(message).includes('Something went wrong inside ecrscan');
}

/** A JavaScript stack frame or error class leaked into a reply. */
export function hasStackTrace(message: SlackMessage): boolean {
  return /\bat [\w$.<>]+ \(|\bnode:internal\/|\.[jt]s:\d+:\d+|\b(TypeError|ReferenceError|SyntaxError|RangeError):/.test(
    textOf(message),
  );
}

/** Every mrkdwn text in a message (block texts, fields, context elements) plus the top-level fallback text. */
export function mrkdwnTexts(message: SlackMessage): string[] {
  const out: string[] = typeof message.text === 'string' ? [message.text] : [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      for (const value of Object.values(record)) visit(value);
    }
  };
  visit(message.blocks ?? []);
  return out;
}

/** The hostile host fuzzed inputs use: a link to it in a reply can only have come from the input. */
export const HOSTILE_HOST = 'evil.example';

const DATE_TOKEN = /^<!date\^\d+\^[^|<>]*\|[^<>]*>$/;
const LINK = /^<https?:\/\/[^\s<>|]+(\|[^<>]*)?>$/;

/**
 * Markup in mrkdwn that ecrscan did not write on purpose: any `<…>` that is neither one of its date tokens nor a
 * well-formed http(s) link (ecrscan links documentation, the console and AWS's finding URLs), a link to the
 * hostile host, and any `&` that is not an entity. `allowedMentions` lists the user (`<@U…>`) and channel (`<#C…>`)
 * ids the message may name: the clicking user, the channel the command came from.
 */
export function unescapedMarkup(message: SlackMessage, allowedMentions: string[] = []): string[] {
  const found: string[] = [];
  for (const text of mrkdwnTexts(message)) {
    for (const match of text.matchAll(/<[^>]*>?/g)) {
      const token = match[0];
      if (allowedMentions.some((id) => token === `<@${id}>` || token === `<#${id}>`)) continue;
      const own = DATE_TOKEN.test(token) || (LINK.test(token) && !token.includes(HOSTILE_HOST));
      if (!own) found.push(token);
    }
    for (const match of text.matchAll(/&(?!amp;|lt;|gt;)[^\s]{0,8}/g)) found.push(match[0]);
    if (/(^|[^<])>/.test(text.replace(/<[^>]*>/g, ''))) found.push(`stray > in ${text.slice(0, 80)}`);
  }
  return found;
}

/** The user-error code shown in a reply's context line (`AWS_UNAVAILABLE`, `INVALID_REFERENCE`, …), if any. */
export function userErrorCode(message: SlackMessage): string | undefined {
  return /`([A-Z_]{5,})`/.exec(JSON.stringify(message.blocks ?? []).match(/"context".*$/)?.[0] ?? '')?.[1];
}
