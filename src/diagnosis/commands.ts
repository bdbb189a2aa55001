/**
 * AWS CLI (and docker) command lines for fix steps, built from the image's own identifiers so they can be
 * pasted as they are. Only real, documented CLI operations and parameters appear here.
 */
import type { InspectorEcrConfig, ScanningRule } from '../domain/facts.js';
import type { ImageFacts } from '../domain/image-facts.js';
import { repositoryUri } from './facts-view.js';

function imageArgs(facts: ImageFacts): string {
  return `--repository-name ${facts.image.repositoryName} --image-id imageDigest=${facts.image.imageDigest} --region ${facts.target.region}`;
}

export function startImageScanCommand(facts: ImageFacts): string {
  return `aws ecr start-image-scan ${imageArgs(facts)}`;
}

export function waitForScanCommand(facts: ImageFacts): string {
  return `aws ecr wait image-scan-complete ${imageArgs(facts)}`;
}

export function describeFindingsCommand(facts: ImageFacts): string {
  return `aws ecr describe-image-scan-findings ${imageArgs(facts)}`;
}

export function restoreImageCommand(facts: ImageFacts): string {
  return `aws ecr update-image-storage-class ${imageArgs(facts)} --target-storage-class STANDARD`;
}

export function pullImageCommand(facts: ImageFacts): string {
  return `docker pull ${repositoryUri(facts)}@${facts.image.imageDigest}`;
}

export function enableInspectorCommand(facts: ImageFacts): string {
  return `aws inspector2 enable --resource-types ECR --account-ids ${facts.image.registryId} --region ${facts.target.region}`;
}

export function imageArn(facts: ImageFacts): string {
  const partition = facts.repository?.repositoryArn.split(':')[1] ?? 'aws';
  return `arn:${partition}:ecr:${facts.target.region}:${facts.image.registryId}:repository/${facts.image.repositoryName}/${facts.image.imageDigest}`;
}

export function listCoverageCommand(facts: ImageFacts): string {
  const criteria = JSON.stringify({ resourceId: [{ comparison: 'EQUALS', value: imageArn(facts) }] });
  return `aws inspector2 list-coverage --filter-criteria '${criteria}' --region ${facts.target.region}`;
}

export function listFindingsCommand(facts: ImageFacts): string {
  const criteria = JSON.stringify({ resourceId: [{ comparison: 'EQUALS', value: imageArn(facts) }] });
  return `aws inspector2 list-findings --filter-criteria '${criteria}' --region ${facts.target.region}`;
}

export function keyPolicyCommand(kmsKey: string, region: string): string {
  return `aws kms get-key-policy --key-id ${kmsKey} --policy-name default --query Policy --output text --region ${region}`;
}

/**
 * The registry's rules with `repositoryName` added as a filter of a `frequency` rule (created when missing).
 * PutRegistryScanningConfiguration replaces every rule, so the existing ones must be sent back too.
 */
export function rulesWithRepository(
  rules: readonly ScanningRule[],
  frequency: string,
  repositoryName: string,
): ScanningRule[] {
  const filter = { filter: repositoryName, filterType: 'WILDCARD' };
  const copy = rules.map((r) => ({
    scanFrequency: r.scanFrequency,
    repositoryFilters: r.repositoryFilters.map((f) => ({ ...f })),
  }));
  const target = copy.find((r) => r.scanFrequency === frequency);
  if (target) target.repositoryFilters.push(filter);
  else copy.push({ scanFrequency: frequency, repositoryFilters: [filter] });
  return copy;
}

export function putRegistryScanningCommand(scanType: string, rules: readonly ScanningRule[], region: string): string {
  const json = JSON.stringify(
    rules.map((r) => ({
      scanFrequency: r.scanFrequency,
      repositoryFilters: r.repositoryFilters.map((f) => ({ filter: f.filter, filterType: f.filterType })),
    })),
  );
  return `aws ecr put-registry-scanning-configuration --scan-type ${scanType} --rules '${json}' --region ${region}`;
}

const LONGER = ['DAYS_14', 'DAYS_30', 'DAYS_60', 'DAYS_90', 'DAYS_180'] as const;

/** The next longer duration than `current` (DAYS_180 stays), for "lengthen the window" advice. */
export function longerDuration(current: string | undefined): string {
  const i = LONGER.indexOf(current as (typeof LONGER)[number]);
  return i === -1 ? 'DAYS_90' : (LONGER[Math.min(i + 1, LONGER.length - 1)] as string);
}

/** UpdateConfiguration needs rescanDuration; the pull-date fields are repeated so they are not changed by accident. */
export function lengthenWindowsCommand(config: InspectorEcrConfig, region: string): string {
  const push = config.rescanDuration === 'LIFETIME' ? 'LIFETIME' : longerDuration(config.rescanDuration);
  const parts = [`rescanDuration=${push}`];
  if (config.pullDateRescanMode !== undefined) parts.push(`pullDateRescanMode=${config.pullDateRescanMode}`);
  parts.push(`pullDateRescanDuration=${longerDuration(config.pullDateRescanDuration)}`);
  return `aws inspector2 update-configuration --ecr-configuration ${parts.join(',')} --region ${region}`;
}
