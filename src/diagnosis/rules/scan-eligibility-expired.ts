import type { ImageFacts } from '../../domain/image-facts.js';
import { reviveOptions } from '../eligibility-advice.js';
import {
  configEvidence,
  coverageEvidence,
  factErrorEvidence,
  frequencyEvidence,
  pushedAtEvidence,
  scanStatusEvidence,
} from '../evidence.js';
import { estimateExpiry } from '../expiry.js';
import { describePushWindow, describeUseWindow, expiryInputEvidence, lapsedText } from '../expiry-text.js';
import {
  coverageOf,
  ecrScan,
  ecrStatus,
  effectiveFrequency,
  inspectorConfig,
  isMultiArchChild,
} from '../facts-view.js';
import { around, day } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/**
 * SCAN_ELIGIBILITY_EXPIRED: Inspector stopped monitoring the image. Shows the account's real settings,
 * the computed windows, which one lapsed, and the revive options valid for the mode (domain.md §5).
 */
export const scanEligibilityExpiredRule: Rule = {
  id: 'scan-eligibility-expired',
  evaluate(facts: ImageFacts): Diagnosis[] {
    const coverage = coverageOf(facts);
    const ecrSays = ecrStatus(facts) === 'SCAN_ELIGIBILITY_EXPIRED';
    const inspectorSays = coverage?.reason === 'SCAN_ELIGIBILITY_EXPIRED';
    if (!ecrSays && !inspectorSays) return [];

    const config = inspectorConfig(facts);
    const est = config
      ? estimateExpiry(facts.image, config, coverage, facts.now, { multiArch: isMultiArchChild(facts) })
      : undefined;
    const frequency = effectiveFrequency(facts);
    const cause: string[] = [];
    if (est) {
      cause.push(
        `Amazon Inspector no longer rescans this image: it keeps scanning an image only while it was pushed within the push-date window or pulled (or used) within the re-scan window, and for this image ${lapsedText(est)}.`,
        describePushWindow(est, facts.now),
        describeUseWindow(est, facts.now),
      );
      if (est.expiresAt && est.expiresAt <= facts.now) {
        cause.push(`By ecrscan's estimate scanning stopped ${around(est.expiresAt)}.`);
      } else {
        const until = est.expiresAt ? `until ${around(est.expiresAt)}` : 'indefinitely';
        const changed = config?.updatedAt ? ` (the settings last changed on ${day(config.updatedAt)})` : '';
        cause.push(
          `With today's settings it would still be eligible ${until}, so it probably expired under earlier, shorter settings${changed}: lengthening the windows does not bring back images that are already inactive. It may also have been pushed too long before Inspector's ECR scanning was enabled: Inspector only picks up images pushed in the last 14 days at that point (one AWS page says 30), and older ones start out expired.`,
        );
      }
      if (est.settingsPending) {
        cause.push(
          `A change to the re-scan settings is still PENDING${config?.updatedAt ? ` (changed on ${day(config.updatedAt)})` : ''}: the windows above may change once it has rolled out.`,
        );
      }
    } else {
      cause.push(
        "Amazon Inspector no longer rescans this image: the push-date window and the re-scan window have both lapsed. ecrscan could not read Inspector's re-scan settings, so it cannot say when.",
      );
    }
    cause.push(
      'Inspector closes the findings of an expired image and deletes them about 3 days later, so its last results may already be gone.',
    );

    const configFact = facts.inspector?.configuration;
    return [
      makeDiagnosis('SCAN_ELIGIBILITY_EXPIRED', {
        title: est?.expiresAt
          ? `Inspector stopped scanning this image (eligibility expired ${around(est.expiresAt)})`
          : 'Inspector stopped scanning this image (scan eligibility expired)',
        cause: cause.join(' '),
        evidence: [
          ...(ecrSays ? scanStatusEvidence(ecrScan(facts)) : []),
          ...(inspectorSays ? coverageEvidence(coverage) : []),
          ...(est ? expiryInputEvidence(est) : pushedAtEvidence(facts)),
          ...configEvidence(config),
          ...(configFact && !configFact.ok ? [factErrorEvidence(configFact.error)] : []),
          ...frequencyEvidence(frequency),
        ],
        fix: reviveOptions(facts, config, est, frequency.frequency),
        certainty: 'certain',
        ...(est ? { expiry: est } : {}),
      }),
    ];
  },
};
