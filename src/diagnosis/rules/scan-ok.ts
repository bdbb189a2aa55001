import type { ImageFacts } from '../../domain/image-facts.js';
import { describeFindingsCommand } from '../commands.js';
import { coverageEvidence, SOURCES, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan, isEnhanced } from '../facts-view.js';
import { findingsSummary, scanCompleted, summaryLine } from '../findings-summary.js';
import { day, instant } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Rule } from '../types.js';

/** SCAN_OK: the scan worked and found vulnerabilities; a one-line count. Only added when nothing else applies. */
export const scanOkRule: Rule = {
  id: 'scan-ok',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (!scanCompleted(facts)) return [];
    const summary = findingsSummary(facts);
    if (summary.total === 0) return [];
    const scan = ecrScan(facts);
    const line = summaryLine(summary.counts);
    const at = scan?.imageScanCompletedAt;
    const when = at ? ` (${scan?.status === 'ACTIVE' ? 'last scanned' : 'scan completed'} ${day(at)})` : '';
    const how =
      scan?.status === 'ACTIVE'
        ? 'Inspector scans this image continuously'
        : isEnhanced(facts)
          ? 'The enhanced scan completed'
          : 'The basic scan completed';
    return [
      makeDiagnosis('SCAN_OK', {
        title: `Scanned: ${line}`,
        cause: `${how}${when} and found ${summary.total} ${summary.total === 1 ? 'vulnerability' : 'vulnerabilities'}: ${line}.`,
        evidence: [
          ...scanStatusEvidence(scan),
          ...(scan?.imageScanCompletedAt
            ? [
                {
                  label: 'Scan completed at',
                  value: instant(scan.imageScanCompletedAt),
                  source: SOURCES.scanCompletedAt,
                },
              ]
            : []),
          {
            label: 'Findings by severity',
            value: line,
            source:
              summary.source === 'findingSeverityCounts'
                ? SOURCES.severityCounts
                : summary.source === 'inspector'
                  ? 'inspector2:ListFindings findings[].severity'
                  : 'ecr:DescribeImageScanFindings imageScanFindings findings[].severity',
          },
          ...(scan ? [] : coverageEvidence(coverageOf(facts))),
        ],
        fix: [
          'Fix the CRITICAL and HIGH findings first: upgrade the affected packages to their fixed versions, or rebuild on an updated base image.',
          `See every finding: ${describeFindingsCommand(facts)}`,
        ],
        certainty: 'certain',
      }),
    ];
  },
};
