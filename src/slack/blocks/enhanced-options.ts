/**
 * "How to rescan" for an ENHANCED registry, where no API starts a scan on demand (StartImageScan is basic only,
 * domain.md §1.5). Lists only what can work for this account's re-scan mode (domain.md §5.1, §5.2, §10.5): a new
 * digest always does; a pull only in LAST_PULL_DATE mode; running on ECS/EKS only in LAST_IN_USE_AT mode. Never
 * suggests re-tagging: ECR keeps the original push time, so a new tag on the same digest is probably not a push.
 */
import type { KnownBlock } from '@slack/types';
import type { ExplanationView } from '../../usecases/explanation-view.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { actions, type BlockMessage, button, context, fallbackText, section } from './message.js';
import { code } from './mrkdwn.js';

/** Options for {@link renderEnhancedOptions}: with `actionValue`, a Refresh button is added. */
export interface EnhancedOptionsOptions {
  actionValue?: string;
}

export function renderEnhancedOptions(view: ExplanationView, opts: EnhancedOptionsOptions = {}): BlockMessage {
  const ref = code(view.image.reference);
  const mode = view.scan.pullDateRescanMode;
  const multiArch = view.scan.multiArchChild ?? false;
  const frequency = view.scan.frequency;
  const blocks: KnownBlock[] = [
    section(
      `:arrows_counterclockwise: *How to get ${ref} scanned again*\n` +
        'This registry uses enhanced scanning (Amazon Inspector), and no AWS API starts an enhanced scan on demand: ' +
        "ECR's StartImageScan runs basic scans only. So there is no Rescan button; these are the ways that work:",
    ),
  ];
  const situation = situationText(view, frequency);
  if (situation) blocks.push(section(situation));
  const steps = [
    '*Push a new digest:* rebuild the image and push it. A new digest is a new image, and Inspector scans it on push.',
    pullText(view, mode, frequency),
    runText(mode, multiArch, frequency),
  ];
  blocks.push(section(steps.map((s, i) => `${i + 1}. ${s}`).join('\n')));
  blocks.push(
    context(
      ':no_entry_sign: Re-tagging the same digest, or pushing the identical image again, probably does not help: ECR keeps the original push time, and an unchanged manifest pushed with the same tag is rejected (ImageAlreadyExistsException).',
      `Afterwards, press *Refresh* to read the scan status again.${mode ? '' : ` The account's re-scan mode: ${code(`aws inspector2 get-configuration --region ${view.image.region}`, 120)}`}`,
    ),
  );
  if (opts.actionValue) {
    blocks.push(actions([button('Refresh', ACTION_IDS.refresh, opts.actionValue)], BLOCK_IDS.enhancedOptionsActions));
  }
  return {
    blocks,
    text: fallbackText(
      `How to get ${view.image.reference} scanned again: no API starts an enhanced scan; push a new digest${mode === 'LAST_PULL_DATE' ? ' or pull it' : ''}.`,
    ),
  };
}

function situationText(view: ExplanationView, frequency: string | undefined): string {
  if (frequency === 'OFF') {
    return ':warning: This repository matches no enhanced scanning filter (frequency Off): none of the steps below gets it scanned until a scanning rule includes the repository. See the diagnosis in the answer.';
  }
  if (frequency === 'CONTINUOUS_SCAN' && view.scan.status === 'ACTIVE') {
    return ':white_check_mark: Inspector is already scanning this image continuously: it rescans by itself whenever Inspector adds a relevant CVE to its database, so there is nothing to trigger while the image stays eligible.';
  }
  return '';
}

function pullText(view: ExplanationView, mode: string | undefined, frequency: string | undefined): string {
  if (frequency === 'SCAN_ON_PUSH') {
    return '*Pulling does not rescan:* this repository is scan-on-push, so Inspector scans only when an image is pushed.';
  }
  if (mode === 'LAST_IN_USE_AT') {
    return "*Pulling does not help:* this account's re-scan mode is LAST_IN_USE_AT, which counts use on ECS or EKS, not pulls.";
  }
  const pull = code(`docker pull ${pullTarget(view)}`, 400);
  const rules =
    'The pull must come from a principal that is not on the pull-time exclusion list, and ECR records pull times at least once every 24 hours, so it can take up to a day to count.';
  if (mode === 'LAST_PULL_DATE') {
    return `*Pull it:* ${pull}. In this account's LAST_PULL_DATE mode a pull restarts the re-scan window and makes an expired image eligible again. ${rules}`;
  }
  return `*Pull it, only if the account's re-scan mode is LAST_PULL_DATE:* ${pull}. ecrscan could not tell the mode (Inspector's pullDateRescanMode) from this answer; in LAST_IN_USE_AT mode a pull does not count. ${rules}`;
}

function runText(mode: string | undefined, multiArch: boolean, frequency: string | undefined): string {
  if (frequency === 'SCAN_ON_PUSH') {
    return '*Running it does not rescan either:* only a push does, in a scan-on-push repository.';
  }
  if (mode === 'LAST_IN_USE_AT') {
    return multiArch
      ? '*Running it on ECS or EKS does not help here:* AWS does not track last-in-use time for the images of a multi-arch manifest list.'
      : '*Run it in an ECS task or EKS pod:* in this LAST_IN_USE_AT mode that keeps it eligible. In-use data can take up to 36 hours to appear, then refreshes once every 24 hours.';
  }
  if (mode === 'LAST_PULL_DATE') {
    return "*Running it on ECS or EKS counts only in LAST_IN_USE_AT mode;* in this account's LAST_PULL_DATE mode, what counts is the pull.";
  }
  return '*Run it in an ECS task or EKS pod, only if the re-scan mode is LAST_IN_USE_AT:* in-use data can take up to 36 hours to appear.';
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>@<digest>`: pull by digest so it is this exact image. */
function pullTarget(view: ExplanationView): string {
  const slash = view.image.uri.indexOf('/');
  const host =
    slash > 0 && view.image.uri.slice(0, slash).includes('.')
      ? view.image.uri.slice(0, slash)
      : `${view.image.accountId}.dkr.ecr.${view.image.region}.amazonaws.com`;
  return `${host}/${view.image.repositoryName}@${view.image.digest}`;
}
