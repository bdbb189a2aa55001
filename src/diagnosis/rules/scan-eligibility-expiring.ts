import type { ImageFacts } from '../../domain/image-facts.js';
import { keepOptions, onPushOptions } from '../eligibility-advice.js';
import { configEvidence, coverageEvidence, frequencyEvidence, scanStatusEvidence } from '../evidence.js';
import { estimateExpiry } from '../expiry.js';
import { describePushWindow, describeUseWindow, expiryInputEvidence } from '../expiry-text.js';
import {
  coverageOf,
  ecrScan,
  ecrStatus,
  effectiveFrequency,
  inspectorConfig,
  isEnhanced,
  isMultiArchChild,
} from '../facts-view.js';
import { around, day, relativeDays } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

export const DEFAULT_EXPIRY_WARNING_DAYS = 7;

/**
 * SCAN_ELIGIBILITY_EXPIRING: a still active image of a continuous or scan-on-push repository whose computed expiry
 * (domain.md §5.2) falls within the warning window, the same images the expiring digest lists. `likely`, because
 * the expiry rules are inferred, not documented as formulas. For scan-on-push there is no rescanning to lose, but
 * the lapse closes the findings Inspector holds (domain.md §5.1.5), and only a push revives it (§5.1.7).
 */
export function makeScanEligibilityExpiringRule(warningDays: number = DEFAULT_EXPIRY_WARNING_DAYS): Rule {
  return {
    id: 'scan-eligibility-expiring',
    evaluate(facts: ImageFacts): Diagnosis[] {
      if (!isEnhanced(facts)) return [];
      const frequency = effectiveFrequency(facts);
      const coverage = coverageOf(facts);
      const scanned = frequency.frequency ?? coverage?.scanFrequency;
      const onPush = scanned === 'SCAN_ON_PUSH';
      const active = coverage ? coverage.statusCode === 'ACTIVE' : ecrStatus(facts) === 'ACTIVE';
      const config = inspectorConfig(facts);
      if ((scanned !== 'CONTINUOUS_SCAN' && !onPush) || !active || config === undefined) return [];

      const est = estimateExpiry(facts.image, config, coverage, facts.now, { multiArch: isMultiArchChild(facts) });
      const expiresAt = est.expiresAt;
      if (expiresAt === undefined) return [];
      const horizon = facts.now.getTime() + warningDays * 86_400_000;
      if (expiresAt.getTime() > horizon) return [];

      const passed = expiresAt <= facts.now;
      const when = passed
        ? `any time now (the computed date, ${day(expiresAt)}, has passed)`
        : `${around(expiresAt)} (${relativeDays(facts.now, expiresAt)})`;
      const cause = [
        onPush
          ? 'This repository is scan-on-push: Inspector scanned the image once, at push, and does not rescan it for new CVEs. It still keeps the image (and its findings) only while it was pushed within the push-date window or pulled (or used) within the re-scan window. Once both have lapsed it marks the image INACTIVE / SCAN_ELIGIBILITY_EXPIRED and closes its findings, so they disappear from Inspector and ECR.'
          : 'Inspector keeps rescanning an image only while it was pushed within the push-date window or pulled (or used) within the re-scan window. Once both have lapsed it marks the image INACTIVE / SCAN_ELIGIBILITY_EXPIRED, stops scanning it for new CVEs, and closes its findings.',
        describePushWindow(est, facts.now),
        describeUseWindow(est, facts.now),
        `So scanning stops ${when}.`,
        "The date is approximate: it follows AWS's description of the windows, and AWS does not document how often Inspector checks them.",
      ];
      if (est.settingsPending) {
        cause.push(
          `A change to the re-scan settings is still PENDING${config.updatedAt ? ` (changed on ${day(config.updatedAt)})` : ''}: the date may move once it has rolled out.`,
        );
      }
      return [
        makeDiagnosis('SCAN_ELIGIBILITY_EXPIRING', {
          title: passed
            ? 'Inspector may stop scanning this image any time now'
            : `Inspector stops scanning this image ${around(expiresAt)} (${relativeDays(facts.now, expiresAt)})`,
          cause: cause.join(' '),
          evidence: [
            ...coverageEvidence(coverage),
            ...(coverage ? [] : scanStatusEvidence(ecrScan(facts))),
            ...expiryInputEvidence(est),
            ...configEvidence(config),
            ...frequencyEvidence(frequency),
          ],
          fix: onPush ? onPushOptions(facts, config, est) : keepOptions(facts, config, est),
          certainty: 'likely',
          expiry: est,
        }),
      ];
    },
  };
}

export const scanEligibilityExpiringRule: Rule = makeScanEligibilityExpiringRule();
