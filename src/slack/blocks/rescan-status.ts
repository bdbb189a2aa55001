/**
 * Messages of a basic-scan rescan (StartImageScan): started, refused by ECR's one-scan-per-24-hours quota,
 * finished (the updated answer), and timed out. Dates use Slack's date syntax so each reader sees their own time.
 */
import type { KnownBlock } from '@slack/types';
import type { ExplanationView } from '../../usecases/explanation-view.js';
import { composeExplanation } from './explanation.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { actions, type BlockMessage, button, context, fallbackText, section } from './message.js';
import { code } from './mrkdwn.js';
import { mention, slackDate } from './slack-format.js';

export interface RescanStartedInput {
  ref: string;
  /** Slack user id of who pressed Rescan. */
  by: string;
}

export function renderRescanStarted(input: RescanStartedInput): BlockMessage {
  return {
    blocks: [
      section(
        `:hourglass_flowing_sand: ${mention(input.by)} started a basic scan of ${code(input.ref)} (ECR StartImageScan). This message is updated when the scan finishes.`,
      ),
    ],
    text: fallbackText(`Rescan of ${input.ref} started.`),
  };
}

/** A second press while the first is still being handled: one scan only, and say so. */
export function renderRescanAlreadyRequested(input: { ref: string }): BlockMessage {
  return {
    blocks: [
      section(
        `:hourglass_flowing_sand: A rescan of ${code(input.ref)} was requested moments ago; ecrscan starts one scan only. The answer is updated when it finishes.`,
      ),
    ],
    text: fallbackText(`A rescan of ${input.ref} was already requested.`),
  };
}

export interface RescanLimitInput {
  ref: string;
  lastScanAt?: Date;
  nextPossibleAt?: Date;
}

/** ECR's LimitExceededException on StartImageScan is an answer, not an error (platform.md §6, domain.md §1.5). */
export function renderRescanLimit(input: RescanLimitInput): BlockMessage {
  const when = input.lastScanAt
    ? `was already scanned at ${slackDate(input.lastScanAt)}`
    : 'was already scanned in the last 24 hours';
  const next = input.nextPossibleAt
    ? `The next scan is possible after ${slackDate(input.nextPossibleAt)}.`
    : 'The next scan is possible 24 hours after the last one.';
  return {
    blocks: [
      section(
        `:stopwatch: ${code(input.ref)} ${when}. ECR allows one basic scan per image per 24 hours, and the scan on push counts. ${next}`,
      ),
    ],
    text: fallbackText(
      `${input.ref} was already scanned in the last 24 hours; ECR allows one scan per image per 24 hours.`,
    ),
  };
}

export interface RescanFinishedInput {
  view: ExplanationView;
  by: string;
  /** The signed value for the buttons of the updated answer, as for `renderExplanation`. */
  actionValue: string;
  shared?: boolean;
}

/** The answer again, with fresh data, and a line saying who rescanned and how it ended. */
export function renderRescanFinished(input: RescanFinishedInput): BlockMessage {
  const { scan } = input.view;
  const at = scan.completedAt ? ` at ${slackDate(scan.completedAt)}` : '';
  const line = context(`:white_check_mark: Rescanned by ${mention(input.by)} — finished ${code(scan.status, 60)}${at}`);
  return composeExplanation(input.view, { actionValue: input.actionValue, shared: input.shared }, [line]);
}

export interface RescanTimedOutInput {
  ref: string;
  by: string;
  waitedMinutes: number;
  /** With it, a Refresh button is added. */
  actionValue?: string;
}

export function renderRescanTimedOut(input: RescanTimedOutInput): BlockMessage {
  const minutes = Math.max(1, Math.round(input.waitedMinutes));
  const blocks: KnownBlock[] = [
    section(
      `:hourglass: The scan of ${code(input.ref)} that ${mention(input.by)} started has not finished after ${minutes} minutes. ECR may still be scanning: press *Refresh* later to read the status again.`,
    ),
  ];
  if (input.actionValue) {
    blocks.push(actions([button('Refresh', ACTION_IDS.refresh, input.actionValue)], BLOCK_IDS.rescanActions));
  }
  return { blocks, text: fallbackText(`The scan of ${input.ref} has not finished after ${minutes} minutes.`) };
}
