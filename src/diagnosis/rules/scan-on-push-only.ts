import type { ImageFacts } from '../../domain/image-facts.js';
import { putRegistryScanningCommand, rulesWithRepository } from '../commands.js';
import { coverageEvidence, frequencyEvidence, pushedAtEvidence, SOURCES } from '../evidence.js';
import { coverageOf, ecrScan, effectiveFrequency, isEnhanced } from '../facts-view.js';
import { day, instant } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

/**
 * SCAN_ON_PUSH_ONLY: under enhanced scanning a scan-on-push repository is scanned once, at push, and never
 * rescanned for CVEs published later (domain.md §5.1.13), so its findings silently age.
 */
export const scanOnPushOnlyRule: Rule = {
  id: 'scan-on-push-only',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (!isEnhanced(facts)) return [];
    const freq = effectiveFrequency(facts);
    const coverage = coverageOf(facts);
    const coverageSays = coverage?.reason === 'SCAN_FREQUENCY_SCAN_ON_PUSH';
    if (freq.frequency !== 'SCAN_ON_PUSH' && !coverageSays) return [];

    const completed = ecrScan(facts)?.imageScanCompletedAt ?? coverage?.lastScannedAt;
    const evidence: Evidence[] = [
      ...frequencyEvidence(freq),
      ...(coverageSays ? coverageEvidence(coverage) : []),
      ...pushedAtEvidence(facts),
      ...(completed
        ? [
            {
              label: 'Last scanned at',
              value: instant(completed),
              source: ecrScan(facts)?.imageScanCompletedAt ? SOURCES.scanCompletedAt : SOURCES.coverageLastScannedAt,
            },
          ]
        : []),
    ];
    const repo = facts.image.repositoryName;
    const rules = facts.registryScanning.ok ? facts.registryScanning.value.rules : [];
    const when = completed ? ` (last scan ${day(completed)})` : '';
    return [
      makeDiagnosis('SCAN_ON_PUSH_ONLY', {
        title: 'Scanned once at push only: no rescans for new CVEs',
        cause: `Repository "${repo}" matches a scan-on-push filter under enhanced scanning. Inspector scanned this image when it was pushed${when} and does not rescan it when new CVEs are published, so its findings only reflect what was known at that time.`,
        evidence,
        fix: [
          `Scan it continuously instead (continuous wins when a repository matches both kinds of filter): ${putRegistryScanningCommand('ENHANCED', rulesWithRepository(rules, 'CONTINUOUS_SCAN', repo), facts.target.region)}`,
          `That command replaces the registry's rules, so it repeats the existing ones and adds "${repo}". New pushes are then scanned continuously; AWS does not document whether images pushed earlier are picked up.`,
          'Or rebuild and push regularly: every push is scanned once.',
        ],
        certainty: 'certain',
      }),
    ];
  },
};
