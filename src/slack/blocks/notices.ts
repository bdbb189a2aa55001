/**
 * The small messages around an answer: "looking", user errors, internal errors, rate limits, not allowed.
 * Every text that may carry user or AWS input (a reference, an error message, hints) is escaped.
 */
import { type BlockMessage, context, fallbackText, section } from './message.js';
import { code } from './mrkdwn.js';
import { prose, proseLine } from './slack-format.js';
import { truncate } from './truncate.js';

/** Shown at once, replaced by the answer. */
export function renderLooking(ref: string): BlockMessage {
  const shown = code(ref) || '(no image)';
  return {
    blocks: [context(`:mag: Looking at ${shown}…`)],
    text: fallbackText(`Looking at ${ref}…`),
  };
}

export interface UserErrorNotice {
  /** A `UserErrorCode` such as INVALID_REFERENCE. */
  code: string;
  /** Safe to show, but may quote the user's input or AWS names: escaped here. */
  message: string;
  hints: readonly string[];
}

/** A problem with the question (bad reference, unknown repository, no access): what is wrong and what to try. */
export function renderUserError(error: UserErrorNotice): BlockMessage {
  const hints = error.hints.slice(0, 10).map((h) => `• ${proseLine(truncate(h, 300))}`);
  const text = [`:warning: ${prose(truncate(error.message, 1000))}`, ...hints].join('\n');
  return {
    blocks: [section(text), context(code(error.code, 60))],
    text: fallbackText(error.message),
  };
}

/** Anything unexpected: no details, just a reference to find the full error in the logs. */
export function renderInternalError(reference: string): BlockMessage {
  const ref = code(reference, 40) || '(none)';
  return {
    blocks: [
      section(
        `:x: Something went wrong inside ecrscan, and the question could not be answered. Reference ${ref}: give it to whoever runs ecrscan so they can find the details in the logs.`,
      ),
    ],
    text: fallbackText(`Something went wrong inside ecrscan (reference ${reference}).`),
  };
}

/** The caller is asking faster than ecrscan (or AWS behind it) allows. */
export function renderRateLimited(retryAfterSeconds: number): BlockMessage {
  const wait = waitText(retryAfterSeconds);
  return {
    blocks: [section(`:hourglass: Too many requests right now. Try again ${wait}.`)],
    text: fallbackText(`Too many requests right now. Try again ${wait}.`),
  };
}

function waitText(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : 60;
  if (s < 90) return `in ${s} ${s === 1 ? 'second' : 'seconds'}`;
  return `in about ${Math.round(s / 60)} minutes`;
}

export interface NotAllowedNotice {
  /** What was refused, e.g. "start a rescan". */
  action: string;
  /** How it is granted, e.g. "Rescans are limited to the user groups in ECRSCAN_RESCAN_ALLOWED_USERGROUPS and the users in ECRSCAN_RESCAN_ALLOWED_USERS." */
  how: string;
}

export function renderNotAllowed(notice: NotAllowedNotice): BlockMessage {
  const action = proseLine(truncate(notice.action, 200));
  return {
    blocks: [
      section(`:lock: You are not allowed to ${action}.`),
      context(`:information_source: ${prose(truncate(notice.how, 600))}`),
    ],
    text: fallbackText(`You are not allowed to ${notice.action}.`),
  };
}
