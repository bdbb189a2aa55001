import type { ImageFacts } from '../../domain/image-facts.js';
import { putRegistryScanningCommand, rulesWithRepository, startImageScanCommand } from '../commands.js';
import { coverageEvidence, frequencyEvidence, SOURCES, scanNotFoundEvidence, scanTypeEvidence } from '../evidence.js';
import { coverageOf, effectiveFrequency, isEnhanced, isIndex, scanNotFound } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import { scanFilterMatch } from '../scan-filter-match.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';
import { isArtifact } from './unsupported-image.js';

/**
 * NO_MATCHING_SCAN_RULE: basic scanning with no scan-on-push filter matching a never-scanned image, or enhanced
 * scanning with frequency "Off". The evidence walks every filter with ECR's substring / glob semantics, so
 * the reader sees exactly why the repository name is not covered.
 */
export const noMatchingScanRuleRule: Rule = {
  id: 'no-matching-scan-rule',
  evaluate(facts: ImageFacts): Diagnosis[] {
    // Lists are reported per platform child; artifacts need no scanning at all.
    if (isIndex(facts) || isArtifact(facts)) return [];
    const freq = effectiveFrequency(facts);
    const coverage = coverageOf(facts);
    const enhanced = isEnhanced(facts);
    const coverageManual = coverage?.reason === 'SCAN_FREQUENCY_MANUAL';
    const manual = freq.frequency === 'MANUAL';
    if (enhanced ? !manual && !coverageManual : !(manual && scanNotFound(facts))) return [];

    const repo = facts.image.repositoryName;
    const rules = facts.registryScanning.ok ? facts.registryScanning.value.rules : [];
    const matches = scanFilterMatch(rules, repo);
    const filterEvidence: Evidence[] =
      matches.length === 0 && facts.registryScanning.ok
        ? [{ label: 'Registry scanning rules', value: 'none', source: SOURCES.rules }]
        : matches.flatMap((rule, i) =>
            rule.filters.map((f) => ({
              label: `Rule ${i + 1} (${rule.scanFrequency}) filter "${f.filter}"`,
              value: f.why,
              source: SOURCES.rules,
            })),
          );
    const disagree = matches.some((m) => m.matches) && freq.source === 'repository';
    const disagreement = disagree
      ? " By ecrscan's reading of the filters a rule should match, but ECR's own answer for the repository is MANUAL, and ECR's answer is what counts."
      : '';
    const region = facts.target.region;
    const evidence = [
      ...scanTypeEvidence(facts),
      ...frequencyEvidence(freq),
      ...(coverageManual ? coverageEvidence(coverage) : []),
      ...filterEvidence,
      ...scanNotFoundEvidence(facts),
    ];
    const certainty = freq.reported || coverageManual ? 'certain' : 'likely';

    if (!enhanced) {
      return [
        makeDiagnosis('NO_MATCHING_SCAN_RULE', {
          title: `No scan-on-push rule covers repository "${repo}", and this image was never scanned`,
          cause: `This registry uses basic scanning. A repository that matches no scan-on-push filter is MANUAL: its images are scanned only when someone starts a scan, and nobody has for this image.${disagreement}`,
          evidence,
          fix: [
            `Scan this image now (one scan per image per 24 hours): ${startImageScanCommand(facts)}`,
            `Scan every future push: ${putRegistryScanningCommand('BASIC', rulesWithRepository(rules, 'SCAN_ON_PUSH', repo), region)}`,
            `That command replaces the registry's rules, so it repeats the existing ones and adds "${repo}". A filter without "*" matches every repository whose name contains it; with "*" it must match the whole name.`,
          ],
          certainty,
        }),
      ];
    }
    return [
      makeDiagnosis('NO_MATCHING_SCAN_RULE', {
        title: `Enhanced scanning is off for repository "${repo}": no filter matches`,
        cause: `This registry uses enhanced scanning (Amazon Inspector). A repository that matches no continuous or scan-on-push filter has frequency "Off" and its images are not scanned at all.${disagreement}`,
        evidence,
        fix: [
          `Scan it continuously: ${putRegistryScanningCommand('ENHANCED', rulesWithRepository(rules, 'CONTINUOUS_SCAN', repo), region)}`,
          `That command replaces the registry's rules, so it repeats the existing ones and adds "${repo}". A filter without "*" matches every repository whose name contains it; with "*" it must match the whole name.`,
          'Then push a rebuilt image: images already in the repository are probably picked up only if they were pushed recently (AWS documents a 14-day look-back when enhanced scanning is first enabled). Manual scans (aws ecr start-image-scan) are not supported with enhanced scanning.',
        ],
        certainty,
      }),
    ];
  },
};
