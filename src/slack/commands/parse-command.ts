/**
 * Reads the text after `/ecrscan`. Pure, so every odd input can be tested in a table.
 */
import { closeMatches } from '../../domain/close-matches.js';
import { parseImageReference } from '../../domain/image-reference.js';
import {
  type DigestOptions,
  type ExpiringQuery,
  type Parsed,
  parseExpiringArgs,
  parseSubscribeArgs,
  SUBSCRIBE_EXAMPLE,
} from './parse-digest-options.js';

export const COMMAND_WORDS = ['why', 'help', 'expiring', 'digest'] as const;
export const DIGEST_WORDS = ['subscribe', 'list', 'unsubscribe', 'preview'] as const;

export type ParsedCommand =
  | { kind: 'why'; ref: string; fresh: boolean }
  | { kind: 'help' }
  | { kind: 'expiring'; query: ExpiringQuery }
  | { kind: 'digest-subscribe'; options: DigestOptions }
  | { kind: 'digest-list' }
  | { kind: 'digest-unsubscribe'; id?: string }
  | { kind: 'digest-preview'; id?: string }
  /** `example`: a command that works, when the verb was understood but not its arguments. */
  | { kind: 'unknown'; text: string; closest?: string; problem?: string; example?: string };

/** Subscription ids as `digest list` shows them; anything else cannot name one. */
const SUBSCRIPTION_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const MAX_TEXT = 2000;

export function parseCommand(raw: string | undefined): ParsedCommand {
  const text = (raw ?? '').slice(0, MAX_TEXT).trim();
  const words = text.split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (!first || /^(help|-h|--help|\?)$/i.test(first)) return { kind: 'help' };
  const verb = first.toLowerCase();
  if (verb === 'why') {
    const fresh = rest.includes('--fresh');
    const args = rest.filter((w) => w !== '--fresh');
    if (args.length !== 1) {
      return {
        kind: 'unknown',
        text,
        closest: 'why',
        problem: args.length ? 'give one image reference' : 'no image given',
      };
    }
    return { kind: 'why', ref: args[0]!, fresh };
  }
  if (verb === 'expiring')
    return fromOptions(text, 'expiring', parseExpiringArgs(rest), (query) => ({ kind: 'expiring', query }));
  if (verb === 'digest') return parseDigest(text, rest);
  // A bare reference is what people type most: answer it rather than correct them.
  if (words.length === 1 && parseImageReference(first).ok && (first.includes(':') || first.includes('@'))) {
    return { kind: 'why', ref: first, fresh: false };
  }
  const closest = closeMatches(verb, COMMAND_WORDS, 1)[0];
  return { kind: 'unknown', text, ...(closest ? { closest } : {}) };
}

function parseDigest(text: string, [sub, ...args]: string[]): ParsedCommand {
  const word = sub?.toLowerCase();
  const unknown = (problem: string, example = '/ecrscan digest list'): ParsedCommand => ({
    kind: 'unknown',
    text,
    closest: 'digest',
    problem,
    example,
  });
  switch (word) {
    case 'subscribe':
      return fromOptions(text, 'digest', parseSubscribeArgs(args), (options) => ({
        kind: 'digest-subscribe',
        options,
      }));
    case 'list':
      return args.length === 0 ? { kind: 'digest-list' } : unknown('"digest list" takes nothing after it');
    case 'unsubscribe':
    case 'preview': {
      const kind = word === 'unsubscribe' ? 'digest-unsubscribe' : 'digest-preview';
      const [id, ...more] = args;
      if (more.length > 0 || (id !== undefined && !SUBSCRIPTION_ID.test(id))) {
        return unknown(
          `give at most one subscription id, as "/ecrscan digest list" shows it`,
          `/ecrscan digest ${word}`,
        );
      }
      return id === undefined ? { kind } : { kind, id };
    }
    default: {
      const closest = word ? closeMatches(word, DIGEST_WORDS, 1)[0] : undefined;
      const problem = word
        ? `"${word.slice(0, 40)}" is not a digest command: use ${DIGEST_WORDS.join(', ')}`
        : `say what to do: ${DIGEST_WORDS.join(', ')}`;
      return {
        kind: 'unknown',
        text,
        closest: closest ? `digest ${closest}` : 'digest',
        problem,
        example: SUBSCRIBE_EXAMPLE,
      };
    }
  }
}

function fromOptions<T>(
  text: string,
  verb: string,
  parsed: Parsed<T>,
  make: (value: T) => ParsedCommand,
): ParsedCommand {
  if (parsed.ok) return make(parsed.value);
  return { kind: 'unknown', text, closest: verb, problem: parsed.problem, example: parsed.example };
}
