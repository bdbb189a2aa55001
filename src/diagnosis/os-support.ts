/**
 * Which operating systems ECR scanning supports (domain.md §6.1, Inspector's "Supported operating systems:
 * Amazon ECR scanning" table, which AWS-native basic scanning now shares) and which are discontinued.
 * UNSUPPORTED_IMAGE uses it to say *why* a scan was refused; NO_FINDINGS to say whether zero is believable.
 */
import type { OsDetection } from '../domain/image-facts.js';
import { DISCONTINUED_OS, type DiscontinuedEntry, SUPPORTED_OS } from './os-support-table.js';

export interface OsClassification {
  status: 'supported' | 'eol' | 'unsupported' | 'unknown';
  /** e.g. "Debian 9", "Windows Server (os.version 10.0.20348.2340)", "no operating system (FROM scratch)". */
  label: string;
  reason: string;
  certainty: 'certain' | 'likely';
  /** Versions of the same OS that are supported, for "rebuild on …" advice. */
  supportedVersions?: readonly string[];
}

export function classifyOs(os: OsDetection, scanType: string, now?: Date): OsClassification {
  const enhanced = scanType === 'ENHANCED';
  const scanName = enhanced ? 'enhanced scanning (Amazon Inspector)' : 'basic scanning';
  switch (os.kind) {
    case 'scratch':
      return enhanced
        ? {
            status: 'unsupported',
            label: 'no operating system (FROM scratch)',
            reason:
              'The image has no OS release file and no package database, so there are no OS packages to scan. Enhanced scanning can still find language packages (for example Go binaries, GOBINARY), but users report UNSUPPORTED_IMAGE for scratch images under enhanced scanning too.',
            certainty: 'likely',
          }
        : {
            status: 'unsupported',
            label: 'no operating system (FROM scratch)',
            reason:
              'The image has no OS release file and no package database. Basic scanning covers OS packages only and does not scan FROM scratch images.',
            certainty: 'certain',
          };
    case 'distroless':
      return {
        status: 'unsupported',
        label: os.distro?.prettyName ? `distroless (os-release: "${os.distro.prettyName}")` : 'distroless',
        reason:
          'Distroless is not on the list of supported operating systems. Scanning appears to identify the OS from /etc/os-release, and a distroless image does not present itself as a supported distribution.',
        certainty: 'likely',
      };
    case 'windows':
      return enhanced
        ? {
            status: 'unsupported',
            label: windowsLabel(os),
            reason:
              'Windows Server images are supported by basic scanning only; enhanced scanning (Amazon Inspector) does not support them.',
            certainty: 'certain',
          }
        : {
            status: 'unknown',
            label: windowsLabel(os),
            reason:
              'Basic scanning supports Windows Server 2019, 2022 and 2025; ecrscan does not map the Windows build number to a release, so it cannot tell whether this one is among them.',
            certainty: 'likely',
          };
    case 'linux-distro':
      return os.distro ? classifyDistro(os.distro, enhanced, scanName, now) : unknownOs('no etc/os-release was found');
    default:
      return unknownOs('ecrscan could not determine the operating system');
  }
}

function classifyDistro(
  distro: NonNullable<OsDetection['distro']>,
  enhanced: boolean,
  scanName: string,
  now: Date | undefined,
): OsClassification {
  const id = distro.id.toLowerCase();
  const version = distro.versionId;
  const entry = SUPPORTED_OS.find((e) => e.ids.includes(id));
  const label = `${entry?.name ?? distro.prettyName ?? distro.id}${version ? ` ${version}` : ''}`;
  const discontinued = DISCONTINUED_OS.find(
    (d) => d.ids.includes(id) && version !== undefined && isDiscontinued(d, version),
  );
  if (discontinued) {
    if (discontinued.from !== undefined && now !== undefined && now < new Date(`${discontinued.from}T00:00:00Z`)) {
      return {
        status: 'supported',
        label,
        reason: `${label} is supported until ${discontinued.from}, then discontinued.`,
        certainty: 'certain',
      };
    }
    return {
      status: 'eol',
      label,
      reason: `${label}${discontinued.atOrBelow ? ` (${discontinued.name} ${discontinued.atOrBelow} and older)` : ''}${discontinued.from ? ` (from ${discontinued.from})` : ''} is on AWS's list of discontinued operating systems. Inspector keeps scanning such images for a while with an added CRITICAL finding that recommends an upgrade, and stops producing findings 12 months after the discontinuation date.`,
      certainty: 'certain',
      ...(entry?.versions ? { supportedVersions: entry.versions } : {}),
    };
  }
  if (entry === undefined) {
    return {
      status: 'unsupported',
      label,
      reason: `"${distro.prettyName ?? distro.id}" (os-release ID=${distro.id}) is not on the list of supported operating systems. Derivatives that keep their own os-release name are reported unsupported even when based on a supported distribution.`,
      certainty: 'likely',
    };
  }
  if (!(enhanced ? entry.enhanced : entry.basic)) {
    return {
      status: 'unsupported',
      label,
      reason: `${entry.name} is not supported by ${scanName}.`,
      certainty: 'certain',
    };
  }
  if (entry.versions === undefined) {
    return { status: 'supported', label, reason: `${entry.name} is supported by ${scanName}.`, certainty: 'certain' };
  }
  const supportedVersions = entry.versions;
  if (version === undefined) {
    return { ...unknownOs(`${entry.name} without a VERSION_ID in os-release`), supportedVersions };
  }
  if (supportedVersions.some((v) => versionMatches(version, v))) {
    return { status: 'supported', label, reason: `${label} is supported by ${scanName}.`, certainty: 'certain' };
  }
  const oldest = supportedVersions[0] as string;
  const newest = supportedVersions[supportedVersions.length - 1] as string;
  if (compareVersions(version, oldest) < 0) {
    return {
      status: 'eol',
      label,
      reason: `${label} is older than every supported ${entry.name} version (${supportedVersions.join(', ')}); it is probably end-of-life.`,
      certainty: 'likely',
      supportedVersions,
    };
  }
  if (compareVersions(version, newest) > 0) {
    return {
      status: 'unknown',
      label,
      reason: `${label} is newer than the ${entry.name} versions AWS lists (${supportedVersions.join(', ')}); support probably follows, but it is not listed yet.`,
      certainty: 'likely',
      supportedVersions,
    };
  }
  return {
    status: 'unsupported',
    label,
    reason: `${label} is not one of the supported ${entry.name} versions (${supportedVersions.join(', ')}).`,
    certainty: 'certain',
    supportedVersions,
  };
}

function unknownOs(why: string): OsClassification {
  return { status: 'unknown', label: 'unknown operating system', reason: `${why}.`, certainty: 'likely' };
}

function windowsLabel(os: OsDetection): string {
  return os.osVersion ? `Windows Server (os.version ${os.osVersion})` : 'Windows Server';
}

function isDiscontinued(entry: DiscontinuedEntry, version: string): boolean {
  if (entry.versions?.some((v) => versionMatches(version, v))) return true;
  return entry.atOrBelow !== undefined && compareVersions(version, entry.atOrBelow) <= 0;
}

/** `3.22.1` is version `3.22`; `9.4` is version `9`; `10` is not version `1`. */
export function versionMatches(version: string, listed: string): boolean {
  return version === listed || version.startsWith(`${listed}.`);
}

/** Numeric, component-wise, comparing only as many components as `b` has (so 3.20.7 ≤ 3.20). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10));
  const pb = b.split('.').map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < pb.length; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return a.localeCompare(b);
    if (x !== y) return x - y;
  }
  return 0;
}

export { DISCONTINUED_OS, SUPPORTED_OS } from './os-support-table.js';
