/**
 * Reading what ecrscan posted to Slack (a response_url post or a Web API body as the fake Slack recorded it, or what
 * a listener passed to `respond`): its text and buttons, looking notes, internal-error replies, stack traces, and
 * mrkdwn markup that did not come from ecrscan itself (an unescaped `<!channel>`, `<@U…>` or foreign link).
 */

/** A message as ecrscan sent it. */
export interface SlackMessage {
  blocks?: unknown[];
  text?: string;
  response_type?: string;
  replace_original?: boolean;
  [key: string]: unknown;
}

interface Button {
  action_id?: string;
  value?: string;
}

/** Where ecrscan's blocks hold buttons: an actions block's elements, or a section's accessory. */
interface ButtonHolder {
  elements?: Button[];
  accessory?: Button;
}

/** All the text of a message's blocks, for assertions. */
export function textOf(message: SlackMessage): string {
  return JSON.stringify(message.blocks ?? []) + (message.text ?? '');
}

/** The value of the first button with this action id. */
export function buttonValue(message: SlackMessage | undefined, actionId: string): string | undefined {
  for (const block of (message?.blocks ?? []) as ButtonHolder[]) {
    for (const element of block.elements ?? []) if (element.action_id === actionId) return element.value;
    if (block.accessory?.action_id === actionId) return block.accessory.value;
  }
  return undefined;
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
function mrkdwnTexts(message: SlackMessage): string[] {
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
