/**
 * `/ecrscan help` and the answer to input ecrscan does not understand. Command syntax is shown in inline code,
 * escaped, because `<repo:tag>` in plain mrkdwn would be read by Slack as a link.
 */
import type { KnownBlock } from '@slack/types';
import { type BlockMessage, context, fallbackText, header, section } from './message.js';
import { code, escapeMrkdwn } from './mrkdwn.js';
import { prose } from './slack-format.js';
import { truncate } from './truncate.js';

const COMMAND = '/ecrscan';

const WHY_EXAMPLES = [
  `${COMMAND} why payments-api:1.4.2`,
  `${COMMAND} why payments-api@sha256:4f1c…`,
  `${COMMAND} why 123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2`,
];

const EXPIRING = `${COMMAND} expiring [within 7d] [min-severity HIGH] [repo filters]`;
const SUBSCRIBE = `${COMMAND} digest subscribe [repo filters] [at 09:00 Europe/Berlin] [within 7d] [min-severity HIGH] [all-clear]`;
const DIGEST_OTHERS = `${COMMAND} digest list | unsubscribe [id] | preview [id]`;

export function renderHelp(): BlockMessage {
  const blocks: KnownBlock[] = [
    header('ecrscan'),
    section(
      'Explains why an Amazon ECR image has no usable vulnerability scan (failed, missing, unrated findings, scanning expired) and what to do about it.',
    ),
    ...commandSections(),
    context(`The same answers in a terminal or CI job: ${code('ecrscan why payments-api:1.4.2')}`),
  ];
  return {
    blocks,
    text: fallbackText(
      `ecrscan: ${COMMAND} why <repo:tag> explains an image's scan. ${COMMAND} help lists the commands.`,
    ),
  };
}

/** One section per command, for `/ecrscan help` and the App Home. */
export function commandSections(): KnownBlock[] {
  return [
    section(
      `*${code(`${COMMAND} why <repo:tag | repo@sha256:… | full URI>`)}*\n` +
        'Scan type and frequency, scan status, every problem found with its evidence and fix, and severity counts. ' +
        `Buttons: Rescan (basic scanning), How to rescan (enhanced), Refresh, Show findings, Open in console, Share to channel.\nExamples: ${WHY_EXAMPLES.map((e) => code(e)).join(' · ')}`,
    ),
    section(
      `*${code(EXPIRING)}*\n` +
        'Images whose Amazon Inspector scanning ends within the window (default 7 days) or has ended, by repository, with the estimated dates. ' +
        `A filter without ${code('*')} matches every repository name containing it; with ${code('*')} it must match the whole name, as in ECR.`,
    ),
    section(
      `*${code(SUBSCRIBE)}*\n` +
        "A daily digest of those images in this channel, with Explain, Rescan (where possible) and Snooze 7 days buttons. Defaults: every repository, 09:00 UTC, 7 days. Subscribing and unsubscribing need ecrscan's admin permission.\n" +
        `*${code(DIGEST_OTHERS)}*\n${escapeMrkdwn("This channel's digests; preview posts now what the next digest would say.")}`,
    ),
    section(`*${code(`${COMMAND} help`)}*\nLists these commands.`),
  ];
}

export interface NotUnderstoodInput {
  /** What the user typed: untrusted. */
  text: string;
  /** The nearest known command, e.g. `why`. */
  closest?: string;
  /** What is wrong with it, e.g. "no image given"; may quote the user's text, so it is escaped. */
  problem?: string;
  /** A complete command that works, e.g. `/ecrscan why payments-api:1.4.2`. */
  example: string;
}

export function renderNotUnderstood(input: NotUnderstoodInput): BlockMessage {
  const typed = code(`${COMMAND} ${input.text}`, 200) || code(COMMAND);
  const lines = [`:thinking_face: I did not understand ${typed}.`];
  const problem = input.problem?.trim();
  if (problem) {
    const sentence = `${problem.charAt(0).toUpperCase()}${problem.slice(1)}${/[.!?]$/.test(problem) ? '' : '.'}`;
    lines.push(prose(truncate(sentence, 300)));
  }
  if (input.closest && !typedAlready(input.text, input.closest))
    lines.push(`Did you mean ${code(withCommand(input.closest), 120)}?`);
  lines.push(`For example: ${code(input.example, 200)}`);
  return {
    blocks: [section(lines.join('\n')), context(`${code(`${COMMAND} help`)} lists every command.`)],
    text: fallbackText(`I did not understand "${input.text}". For example: ${input.example}`),
  };
}

/** "Did you mean why?" is no help to someone who typed `why` and got its arguments wrong. */
function typedAlready(text: string, closest: string): boolean {
  const first = text.trim().split(/\s+/)[0]?.toLowerCase();
  return (
    first !== undefined &&
    first ===
      closest
        .trim()
        .replace(/^\/ecrscan\s+/, '')
        .toLowerCase()
  );
}

function withCommand(s: string): string {
  const t = s.trim();
  return t.startsWith('/') ? t : `${COMMAND} ${t}`;
}
