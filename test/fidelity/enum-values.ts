/**
 * Value checks for the moto/sandbox contract: which fields must carry the same value in both answers
 * (they do not depend on the implementation once account ids are normalised) and which must hold a
 * value of the ECR model's enum (domain.md §1–§3).
 */
import {
  FINDING_SEVERITIES,
  IMAGE_STATUSES,
  SCAN_FREQUENCIES,
  SCAN_STATUSES,
  SCAN_TYPES,
} from '../../src/domain/aws-values.js';
import type { Shape } from './wire-shape.js';

/** ECR `ImageFailureCode` plus the one `ScanningConfigurationFailureCode` (domain.md §2.2, §3.2). */
const FAILURE_CODES = [
  'InvalidImageDigest',
  'InvalidImageTag',
  'ImageTagDoesNotMatchDigest',
  'ImageNotFound',
  'MissingDigestAndTag',
  'ImageReferencedByManifestList',
  'KmsError',
  'UpstreamAccessDenied',
  'UpstreamTooManyRequests',
  'UpstreamUnavailable',
  'ImageInaccessible',
  'REPOSITORY_NOT_FOUND',
];

/** Enum-typed fields, by their last path segment (`{key}` = the keys of a severity-count map). */
const ENUMS: Record<string, readonly string[]> = {
  status: SCAN_STATUSES,
  severity: FINDING_SEVERITIES,
  '{key}': FINDING_SEVERITIES,
  scanType: SCAN_TYPES,
  scanFrequency: SCAN_FREQUENCIES,
  imageStatus: IMAGE_STATUSES,
  filterType: ['WILDCARD'],
  failureCode: FAILURE_CODES,
  imageTagMutability: ['MUTABLE', 'IMMUTABLE', 'MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'],
  encryptionType: ['AES256', 'KMS', 'KMS_DSSE'],
};

/** Fields whose value is fixed by the seeded data and ECR's rules, not by the implementation. */
const SAME_VALUE_FIELDS = new Set([
  'registryId',
  'repositoryName',
  'repositoryArn',
  'repositoryUri',
  'imageDigest',
  'imageTag',
  'imageTags[]',
  'imageManifest',
  'imageManifestMediaType',
  'status',
  'description',
  'scanType',
  'scanFrequency',
  'filter',
  'filterType',
  'failureCode',
  'failureReason',
  'imageTagMutability',
  'encryptionType',
  'scanOnPush',
]);

function lastSegment(path: string): string {
  const tail = path.slice(path.lastIndexOf('.') + 1);
  return tail.endsWith('{key}') ? '{key}' : tail;
}

export interface ValueDifference {
  path: string;
  moto: string[];
  sandbox: string[];
}

/**
 * Differences in the values of {@link SAME_VALUE_FIELDS} present on both sides, after replacing each
 * side's account id with `<account>` (moto's default account and the sandbox's differ legitimately).
 */
export function compareValues(
  moto: Map<string, Set<string>>,
  sandbox: Map<string, Set<string>>,
  accounts: { moto: string; sandbox: string },
): ValueDifference[] {
  const normalise = (values: Set<string>, account: string) =>
    [...values].map((v) => v.replaceAll(account, '<account>')).sort();
  const differences: ValueDifference[] = [];
  for (const [path, motoValues] of moto) {
    const sandboxValues = sandbox.get(path);
    if (!sandboxValues || !SAME_VALUE_FIELDS.has(lastSegment(path))) continue;
    const a = normalise(motoValues, accounts.moto);
    const b = normalise(sandboxValues, accounts.sandbox);
    if (a.join('\n') !== b.join('\n')) differences.push({ path, moto: a, sandbox: b });
  }
  return differences;
}

/** `"<side> <path> = <value>"` for every enum-typed string outside its enum. */
export function checkEnums(side: string, values: Map<string, Set<string>>, shape: Shape): string[] {
  const problems: string[] = [];
  for (const [path, seen] of values) {
    const allowed = ENUMS[lastSegment(path)];
    if (!allowed) continue;
    for (const value of seen) if (!allowed.includes(value)) problems.push(`${side} ${path} = ${value}`);
  }
  for (const [path, types] of shape) {
    if (ENUMS[lastSegment(path)] && !types.has('string')) {
      problems.push(`${side} ${path} is ${[...types].join('|')}, not an enum string`);
    }
  }
  return problems;
}
