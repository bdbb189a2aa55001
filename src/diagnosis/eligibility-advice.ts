/**
 * What can keep or bring back Inspector's rescanning of an image, limited to what is valid for the
 * account's re-scan mode and the repository's frequency (domain.md §5.1.7, §5.2). Never re-tagging:
 * ECR keeps the original push time, so a new tag on the same digest is probably not a push to Inspector.
 */
import type { InspectorEcrConfig } from '../domain/facts.js';
import type { ImageFacts } from '../domain/image-facts.js';
import { lengthenWindowsCommand, pullImageCommand } from './commands.js';
import { around } from './format.js';
import type { ExpiryEstimate } from './types.js';

const NEW_DIGEST =
  'Rebuild and push a new image (a new digest). Re-tagging the existing digest, or pushing the identical image again, probably does not count: ECR keeps the original push time, and an unchanged manifest pushed with the same tag is rejected (ImageAlreadyExistsException).';

const EXCLUSIONS =
  'The pull must come from a principal that is not on the pull-time exclusion list (aws ecr list-pull-time-update-exclusions), and ECR updates the recorded pull time at least once every 24 hours, so it can take up to a day to count.';

/** Revive options for an image whose eligibility has expired. */
export function reviveOptions(
  facts: ImageFacts,
  config: InspectorEcrConfig | undefined,
  est: ExpiryEstimate | undefined,
  frequency: string | undefined,
): string[] {
  if (frequency === 'SCAN_ON_PUSH') {
    return [
      `This repository is scan-on-push: only a push resumes scanning. ${NEW_DIGEST}`,
      ...settingsAdvice(facts, config, 'future'),
    ];
  }
  const out = [NEW_DIGEST];
  const mode = config?.pullDateRescanMode;
  if (mode === 'LAST_PULL_DATE') {
    out.push(`Pull the image to make it eligible again: ${pullImageCommand(facts)}. ${EXCLUSIONS}`);
  } else if (mode === 'LAST_IN_USE_AT') {
    out.push(
      est?.useWindow.ignoredBecause === 'multi-arch'
        ? 'Running the image on ECS or EKS does not help here: AWS does not track last-in-use time for multi-arch images, and pulls do not count in the LAST_IN_USE_AT mode.'
        : 'Run the image in an ECS task or EKS pod: in the LAST_IN_USE_AT mode Inspector counts use, not pulls (a pull alone does not help). In-use data can take up to 36 hours to appear, then refreshes once every 24 hours.',
    );
  }
  out.push('aws ecr start-image-scan does not help: manual scans are not supported with enhanced scanning.');
  return [...out, ...settingsAdvice(facts, config, 'future')];
}

/**
 * Options for an image of a scan-on-push repository that will lapse soon. Whether a pull keeps such an image
 * eligible is not documented (AWS says only "push again" to revive one), so no pull is offered.
 */
export function onPushOptions(facts: ImageFacts, config: InspectorEcrConfig, est: ExpiryEstimate): string[] {
  const by = est.expiresAt ? `, before ${around(est.expiresAt)},` : '';
  return [
    `If the image is still needed, ${NEW_DIGEST.charAt(0).toLowerCase()}${NEW_DIGEST.slice(1)} A new push${by} is scanned and its findings kept.`,
    'Or scan the repository continuously (the "Scanned once at push only" part of this answer has the command): continuous scanning also rescans for new CVEs.',
    ...settingsAdvice(facts, config, 'now'),
    'If the image is no longer used, letting it lapse is fine: its findings are closed and deleted about 3 days later.',
  ];
}

/** Options for an image that is still scanned but will lapse soon. */
export function keepOptions(facts: ImageFacts, config: InspectorEcrConfig, est: ExpiryEstimate): string[] {
  const out: string[] = [];
  const by = est.expiresAt ? ` before scanning stops (${around(est.expiresAt)})` : '';
  if (config.pullDateRescanMode === 'LAST_PULL_DATE') {
    out.push(
      `If the image is still needed, pull it${by} to restart the pull window: ${pullImageCommand(facts)}. ${EXCLUSIONS}`,
    );
  } else if (config.pullDateRescanMode === 'LAST_IN_USE_AT' && est.useWindow.ignoredBecause !== 'multi-arch') {
    out.push(
      'Images that keep running in ECS tasks or EKS pods stay eligible: in the LAST_IN_USE_AT mode use counts, pulls do not.',
    );
  }
  out.push(`Or ${NEW_DIGEST.charAt(0).toLowerCase()}${NEW_DIGEST.slice(1)}`);
  out.push(...settingsAdvice(facts, config, 'now'));
  out.push(
    'If the image is no longer used, letting it lapse is fine: its findings are closed and deleted about 3 days later.',
  );
  return out;
}

function settingsAdvice(facts: ImageFacts, config: InspectorEcrConfig | undefined, when: 'now' | 'future'): string[] {
  if (config === undefined) return [];
  const effect =
    when === 'now'
      ? 'Lengthening the windows keeps this image eligible longer, as long as it is still active when the change applies.'
      : 'Lengthening the windows does not bring back images that are already inactive; it only keeps active images eligible longer.';
  return [
    `To lengthen the windows: ${lengthenWindowsCommand(config, facts.target.region)}. ${effect} With an Inspector delegated administrator, only that account can change this setting, and it applies to every member account.`,
  ];
}
