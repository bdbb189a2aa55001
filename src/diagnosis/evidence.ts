/**
 * Evidence builders: each names the API operation and field a value came from, so a reader can check
 * the claim in the console or with the AWS CLI. Builders return [] when the field is absent.
 */
import type { ImageCoverage, InspectorEcrConfig, ScanFindings } from '../domain/facts.js';
import type { FactError, ImageFacts } from '../domain/image-facts.js';
import type { EffectiveFrequency } from './facts-view.js';
import { instant } from './format.js';
import type { Evidence } from './types.js';

export const SOURCES = {
  scanStatus: 'ecr:DescribeImageScanFindings imageScanStatus.status',
  scanDescription: 'ecr:DescribeImageScanFindings imageScanStatus.description',
  scanCompletedAt: 'ecr:DescribeImageScanFindings imageScanFindings.imageScanCompletedAt',
  severityCounts: 'ecr:DescribeImageScanFindings imageScanFindings.findingSeverityCounts',
  coverageStatus: 'inspector2:ListCoverage coveredResources[].scanStatus.statusCode',
  coverageReason: 'inspector2:ListCoverage coveredResources[].scanStatus.reason',
  coverageFrequency: 'inspector2:ListCoverage coveredResources[].resourceMetadata.ecrRepository.scanFrequency',
  coveragePulledAt: 'inspector2:ListCoverage coveredResources[].resourceMetadata.ecrImage.imagePulledAt',
  coverageLastInUseAt: 'inspector2:ListCoverage coveredResources[].resourceMetadata.ecrImage.lastInUseAt',
  coverageLastScannedAt: 'inspector2:ListCoverage coveredResources[].lastScannedAt',
  scanType: 'ecr:GetRegistryScanningConfiguration scanningConfiguration.scanType',
  rules: 'ecr:GetRegistryScanningConfiguration scanningConfiguration.rules',
  repoFrequency: 'ecr:BatchGetRepositoryScanningConfiguration scanningConfigurations[].scanFrequency',
  imageStatus: 'ecr:DescribeImages imageDetails[].imageStatus',
  pushedAt: 'ecr:DescribeImages imageDetails[].imagePushedAt',
  lastPull: 'ecr:DescribeImages imageDetails[].lastRecordedPullTime',
  lastActivatedAt: 'ecr:DescribeImages imageDetails[].lastActivatedAt',
  lastArchivedAt: 'ecr:DescribeImages imageDetails[].lastArchivedAt',
  manifestMediaType: 'ecr:DescribeImages imageDetails[].imageManifestMediaType',
  artifactMediaType: 'ecr:DescribeImages imageDetails[].artifactMediaType',
  subjectDigest: 'ecr:DescribeImages imageDetails[].subjectManifestDigest',
  encryptionType: 'ecr:DescribeRepositories repositories[].encryptionConfiguration.encryptionType',
  kmsKey: 'ecr:DescribeRepositories repositories[].encryptionConfiguration.kmsKey',
  accountEcrStatus: 'inspector2:BatchGetAccountStatus accounts[].resourceState.ecr.status',
  rescanDuration: 'inspector2:GetConfiguration ecrConfiguration.rescanDurationState.rescanDuration',
  pullDateRescanMode: 'inspector2:GetConfiguration ecrConfiguration.rescanDurationState.pullDateRescanMode',
  pullDateRescanDuration: 'inspector2:GetConfiguration ecrConfiguration.rescanDurationState.pullDateRescanDuration',
  rescanStatus: 'inspector2:GetConfiguration ecrConfiguration.rescanDurationState.status',
  rescanUpdatedAt: 'inspector2:GetConfiguration ecrConfiguration.rescanDurationState.updatedAt',
} as const;

export function scanStatusEvidence(scan: ScanFindings | undefined): Evidence[] {
  if (scan === undefined) return [];
  const out: Evidence[] = [{ label: 'ECR scan status', value: scan.status, source: SOURCES.scanStatus }];
  if (scan.description) {
    out.push({ label: 'ECR scan description', value: scan.description, source: SOURCES.scanDescription });
  }
  return out;
}

export function coverageEvidence(coverage: ImageCoverage | undefined): Evidence[] {
  if (coverage === undefined) return [];
  return [
    { label: 'Inspector coverage status', value: coverage.statusCode, source: SOURCES.coverageStatus },
    { label: 'Inspector coverage reason', value: coverage.reason, source: SOURCES.coverageReason },
  ];
}

export function scanNotFoundEvidence(facts: ImageFacts): Evidence[] {
  if (facts.scan.ok) return [];
  return [factErrorEvidence(facts.scan.error)];
}

export function factErrorEvidence(error: FactError): Evidence {
  return {
    label: `${error.operation} failed`,
    value: `${error.awsName ?? error.code}: ${error.message}`,
    source: error.operation,
  };
}

export function scanTypeEvidence(facts: ImageFacts): Evidence[] {
  if (!facts.registryScanning.ok) return [];
  return [{ label: 'Registry scan type', value: facts.registryScanning.value.scanType, source: SOURCES.scanType }];
}

export function frequencyEvidence(freq: EffectiveFrequency): Evidence[] {
  if (freq.frequency === undefined) return [];
  const label = 'Repository scan frequency';
  switch (freq.source) {
    case 'repository':
      return [{ label, value: freq.frequency, source: SOURCES.repoFrequency }];
    case 'coverage':
      return [{ label, value: freq.frequency, source: SOURCES.coverageFrequency }];
    case 'rules':
      return [
        { label, value: `${freq.frequency} (evaluated by ecrscan from the registry rules)`, source: SOURCES.rules },
      ];
    default:
      return [];
  }
}

export function pushedAtEvidence(facts: ImageFacts): Evidence[] {
  const pushed = facts.image.imagePushedAt;
  return pushed ? [{ label: 'Pushed at', value: instant(pushed), source: SOURCES.pushedAt }] : [];
}

export function configEvidence(config: InspectorEcrConfig | undefined): Evidence[] {
  if (config === undefined) return [];
  const out: Evidence[] = [
    { label: 'Push-date window (rescanDuration)', value: config.rescanDuration, source: SOURCES.rescanDuration },
  ];
  if (config.pullDateRescanMode !== undefined) {
    out.push({
      label: 'Re-scan signal (pullDateRescanMode)',
      value: config.pullDateRescanMode,
      source: SOURCES.pullDateRescanMode,
    });
  }
  if (config.pullDateRescanDuration !== undefined) {
    out.push({
      label: 'Re-scan window (pullDateRescanDuration)',
      value: config.pullDateRescanDuration,
      source: SOURCES.pullDateRescanDuration,
    });
  }
  if (config.status !== undefined) {
    out.push({ label: 'Settings status', value: config.status, source: SOURCES.rescanStatus });
  }
  if (config.updatedAt !== undefined) {
    out.push({ label: 'Settings last changed', value: instant(config.updatedAt), source: SOURCES.rescanUpdatedAt });
  }
  return out;
}

/** Concatenates evidence lists, dropping exact repeats (same label, value and source). */
export function mergeEvidence(...lists: Evidence[][]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of lists.flat()) {
    const key = `${e.label}\u0000${e.value}\u0000${e.source}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}
