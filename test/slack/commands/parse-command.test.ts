import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/slack/commands/parse-command.js';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['why payments-api:1.4.2', { kind: 'why', ref: 'payments-api:1.4.2', fresh: false }],
    ['WHY  payments-api:1.4.2  --fresh', { kind: 'why', ref: 'payments-api:1.4.2', fresh: true }],
    ['payments-api:1.4.2', { kind: 'why', ref: 'payments-api:1.4.2', fresh: false }],
    ['why', { kind: 'unknown', text: 'why', closest: 'why', problem: 'no image given' }],
    ['why a:1 b:2', { kind: 'unknown', text: 'why a:1 b:2', closest: 'why', problem: 'give one image reference' }],
    ['wyh payments:1', { kind: 'unknown', text: 'wyh payments:1', closest: 'why' }],
    ['hepl', { kind: 'unknown', text: 'hepl', closest: 'help' }],
    ['expiring within 7d', { kind: 'later', word: 'expiring', args: ['within', '7d'] }],
    ['digest list', { kind: 'later', word: 'digest', args: ['list'] }],
    ['<!channel> hi', { kind: 'unknown', text: '<!channel> hi' }],
    ['payments', { kind: 'unknown', text: 'payments' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('bounds very long input', () => {
    const parsed = parseCommand(`why ${'a'.repeat(10_000)}`);
    expect(parsed.kind).toBe('why');
    if (parsed.kind === 'why') expect(parsed.ref.length).toBeLessThan(2000);
  });
});
