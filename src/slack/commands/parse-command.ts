/**
 * Reads the text after `/ecrscan`. Pure, so every odd input can be tested in a table.
 */
import { closeMatches } from '../../domain/close-matches.js';
import { parseImageReference } from '../../domain/image-reference.js';

export const COMMAND_WORDS = ['why', 'help', 'expiring', 'digest'] as const;

export type ParsedCommand =
  | { kind: 'why'; ref: string; fresh: boolean }
  | { kind: 'help' }
  | { kind: 'later'; word: 'expiring' | 'digest'; args: string[] }
  | { kind: 'unknown'; text: string; closest?: string; problem?: string };

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
  if (verb === 'expiring' || verb === 'digest') return { kind: 'later', word: verb, args: rest };
  // A bare reference is what people type most: answer it rather than correct them.
  if (words.length === 1 && parseImageReference(first).ok && (first.includes(':') || first.includes('@'))) {
    return { kind: 'why', ref: first, fresh: false };
  }
  const closest = closeMatches(verb, COMMAND_WORDS, 1)[0];
  return { kind: 'unknown', text, ...(closest ? { closest } : {}) };
}
