/**
 * Fix steps as a numbered mrkdwn list. The diagnosis rules write commands into their sentences
 * ("Restore the image: aws ecr update-image-storage-class …"); here each command is found and put in inline
 * code so it reads and copies as a command, while the prose around it is escaped.
 */
import { code } from './mrkdwn.js';
import { prose } from './slack-format.js';
import { truncateMrkdwn } from './truncate.js';

/** Longer commands are not shown: a command cut short is worse than none when pasted into a shell. */
export const COMMAND_MAX = 1000;
const STEP_MAX = 1400;

/** A command's head and how many positional arguments follow it before its `--flags`. */
const HEADS: { pattern: RegExp; positional: number }[] = [
  { pattern: /aws (?:ecr|inspector2|kms|sts|iam|organizations|ecs|eks) [a-z0-9-]+/y, positional: 0 },
  { pattern: /docker (?:manifest inspect|pull|push|run)/y, positional: 1 },
  { pattern: /ecrscan (?:why|expiring|digest [a-z]+)/y, positional: 1 },
];

export interface StepPart {
  kind: 'prose' | 'command';
  text: string;
}

/** Splits a step into prose and command parts. Exported for tests. */
export function splitCommands(step: string): StepPart[] {
  const parts: StepPart[] = [];
  let proseStart = 0;
  let i = 0;
  while (i < step.length) {
    const end = i === 0 || /[\s(:'"]/.test(step[i - 1] ?? '') ? commandEnd(step, i) : undefined;
    if (end === undefined) {
      i += 1;
      continue;
    }
    if (i > proseStart) parts.push({ kind: 'prose', text: step.slice(proseStart, i) });
    parts.push({ kind: 'command', text: step.slice(i, end) });
    proseStart = end;
    i = end;
  }
  if (proseStart < step.length) parts.push({ kind: 'prose', text: step.slice(proseStart) });
  return parts;
}

function commandEnd(s: string, start: number): number | undefined {
  for (const head of HEADS) {
    head.pattern.lastIndex = start;
    const m = head.pattern.exec(s);
    if (!m) continue;
    let end = start + m[0].length;
    if (end < s.length && !/[\s.,;)]/.test(s[end] ?? '')) continue;
    let positional = head.positional;
    let expectValue = false;
    for (;;) {
      const next = /^\s+(\S+)/.exec(s.slice(end));
      if (!next?.[1]) break;
      const token = next[1];
      if (token.startsWith('--')) expectValue = true;
      else if (expectValue) expectValue = false;
      else if (positional > 0) positional -= 1;
      else break;
      end += next[0].length;
    }
    const trailing = /[.,;)]+$/.exec(s.slice(start, end));
    return trailing ? end - trailing[0].length : end;
  }
  return undefined;
}

function renderPart(part: StepPart): string {
  if (part.kind === 'prose') return prose(part.text);
  if (part.text.length <= COMMAND_MAX) return code(part.text, COMMAND_MAX + 2);
  const head = part.text.split(' ').slice(0, 3).join(' ');
  return `${code(head)} … (too long to show here: \`ecrscan why\` in a terminal prints it in full)`;
}

/** One step as mrkdwn, commands in inline code, capped at {@link STEP_MAX} without breaking a code span. */
export function formatFixStep(step: string): string {
  return truncateMrkdwn(splitCommands(step).map(renderPart).join(''), STEP_MAX);
}

/**
 * `1. …\n2. …` within `max` characters: steps that no longer fit are counted in a closing line rather than cut,
 * since the first steps are the most useful ones.
 */
export function formatFixSteps(steps: readonly string[], max: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [i, step] of steps.entries()) {
    const line = `${i + 1}. ${formatFixStep(step)}`;
    const rest = steps.length - i - 1;
    const reserve = rest > 0 ? 60 : 0;
    if (used + line.length + 1 + reserve > max && lines.length > 0) {
      const more = steps.length - i;
      lines.push(`_… and ${more} more ${more === 1 ? 'step' : 'steps'}: \`ecrscan why\` in a terminal lists them all_`);
      return lines.join('\n');
    }
    lines.push(line);
    used += line.length + 1;
  }
  return truncateMrkdwn(lines.join('\n'), max);
}
