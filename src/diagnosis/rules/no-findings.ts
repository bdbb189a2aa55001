import type { ImageFacts, OsDetection } from '../../domain/image-facts.js';
import { coverageEvidence, SOURCES, scanStatusEvidence } from '../evidence.js';
import { coverageOf, ecrScan, isEnhanced } from '../facts-view.js';
import { findingsSummary, scanCompleted } from '../findings-summary.js';
import { day, instant } from '../format.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import { classifyOs } from '../os-support.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

/**
 * NO_FINDINGS: the scan finished and found nothing. Whether that is good news depends on what could be
 * scanned at all, so the cause says whether zero is believable for the OS seen.
 */
export const noFindingsRule: Rule = {
  id: 'no-findings',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (!scanCompleted(facts) || findingsSummary(facts).total > 0) return [];
    const scan = ecrScan(facts);
    const enhanced = isEnhanced(facts);
    const os = facts.os?.ok ? facts.os.value : undefined;
    const verdict = believability(os, enhanced, facts.now);
    const cause = [
      `The scan finished${scan?.imageScanCompletedAt ? ` on ${day(scan.imageScanCompletedAt)}` : ''} and reported no vulnerabilities.`,
      verdict.text,
    ];
    if (enhanced && scan?.status === 'COMPLETE') {
      cause.push(
        "Right after a push, ECR has been seen to report COMPLETE with empty lists before Inspector's findings arrive: if the image was pushed minutes ago, ask again shortly.",
      );
    }
    const evidence: Evidence[] = [
      ...scanStatusEvidence(scan),
      ...(scan?.imageScanCompletedAt
        ? [{ label: 'Scan completed at', value: instant(scan.imageScanCompletedAt), source: SOURCES.scanCompletedAt }]
        : []),
      { label: 'Findings', value: '0', source: SOURCES.severityCounts },
      ...(scan ? [] : coverageEvidence(coverageOf(facts))),
      ...(os ? os.evidence.map((value) => ({ label: 'OS detection', value, source: osSource(os) })) : []),
    ];
    return [
      makeDiagnosis('NO_FINDINGS', {
        title: verdict.believable
          ? 'Scanned: no vulnerabilities found'
          : 'Scanned: no vulnerabilities found, but zero proves little here',
        cause: cause.join(' '),
        evidence,
        fix: verdict.fix,
        certainty: verdict.certainty,
      }),
    ];
  },
};

interface Verdict {
  believable: boolean;
  text: string;
  fix: string[];
  certainty: 'certain' | 'likely';
}

function believability(os: OsDetection | undefined, enhanced: boolean, now: Date): Verdict {
  if (os === undefined) {
    return {
      believable: true,
      text: "ecrscan did not inspect the image's operating system, so it cannot say whether zero findings is believable.",
      fix: ['Nothing to fix.'],
      certainty: 'certain',
    };
  }
  const c = classifyOs(os, enhanced ? 'ENHANCED' : 'BASIC', now);
  if (os.kind === 'scratch') {
    return enhanced
      ? {
          believable: true,
          text: 'The image has no OS packages; enhanced scanning still reads language packages (for example Go binaries), so zero findings is believable if those have no known vulnerabilities.',
          fix: ['Nothing to fix.'],
          certainty: 'likely',
        }
      : {
          believable: false,
          text: 'An image with no OS packages (FROM scratch) always shows zero findings under basic scanning: basic scanning covers OS packages only, and language packages are only scanned by enhanced scanning. Zero here says nothing about the application and its dependencies.',
          fix: [
            'To cover language packages (Go, Java, Python, Node.js and others), use enhanced scanning (Amazon Inspector) for this registry, or scan the dependencies in CI.',
          ],
          certainty: 'certain',
        };
  }
  if (os.kind === 'distroless') {
    return {
      believable: false,
      text: 'Zero findings is not reliable for a distroless image: distroless is not on the supported list, and under the older basic scanner distroless images finished with no findings and no error. AWS does not document the current behaviour.',
      fix: [
        'Rebuild on a supported minimal base (for example Chainguard, Wolfi, Alpine 3.22 or Debian 12) so the scan can see the packages.',
      ],
      certainty: 'likely',
    };
  }
  if (os.kind === 'linux-distro' && os.packageDb === 'none') {
    return {
      believable: false,
      text: `The image names its OS (${c.label}) but has no package database, so the scanner has no OS packages to check: zero findings says little here.`,
      fix: [
        "Keep the distribution's package database in the final image (do not delete it in the build) so its packages can be scanned.",
      ],
      certainty: 'likely',
    };
  }
  switch (c.status) {
    case 'supported':
      return {
        believable: true,
        text: `Zero findings is believable for ${c.label}: a supported, current OS with few packages often has no known vulnerabilities.`,
        fix: ['Nothing to fix.'],
        certainty: 'certain',
      };
    case 'eol':
      return {
        believable: false,
        text: `Zero findings is surprising for ${c.label}. ${c.reason}`,
        fix: c.supportedVersions
          ? [`Rebuild on a supported version: ${c.supportedVersions.join(', ')}.`]
          : ['Rebuild on a supported base image.'],
        certainty: c.certainty,
      };
    default:
      return {
        believable: false,
        text: `ecrscan cannot tell whether zero findings is believable: ${c.reason}`,
        fix: ['Check the base image against the supported list; an unrecognised OS yields no OS findings.'],
        certainty: 'likely',
      };
  }
}

function osSource(os: OsDetection): string {
  return os.source === 'config'
    ? 'image config blob (ecr:GetDownloadUrlForLayer config.digest)'
    : 'image layers (streamed)';
}
