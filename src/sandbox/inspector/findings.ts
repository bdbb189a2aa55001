/**
 * Inspector2 ListFindings for ECR images (domain.md §4.4). Findings exist for enhanced scans of images
 * Inspector actively covers; expired, archived or unscanned images have none (Inspector closes and then
 * deletes them). Every finding is ACTIVE: the sandbox models no suppression. `sortCriteria` is accepted
 * but results keep the registry's order.
 */

import { inspectorFinding } from '../findings-render.js';
import type { HandlerContext, Input } from '../handler.js';
import type { SandboxImage, SandboxRegistry, SandboxRepository, VulnSpec } from '../world.js';
import { imageArn } from '../world.js';
import { imageCoverage, inspectorCoversEcr } from './coverage-state.js';
import { type Criteria, exactValues, matchString, stringFilters, unsupportedFields } from './filters.js';
import { cursorOf, maxResultsOf, tokenFor } from './input.js';

const STRING_FIELDS = [
  'resourceType',
  'resourceId',
  'ecrImageHash',
  'ecrImageRepositoryName',
  'ecrImageRegistry',
  'ecrImageTags',
  'awsAccountId',
  'findingStatus',
  'findingType',
  'severity',
  'vendorSeverity',
  'vulnerabilityId',
  'vulnerabilitySource',
  'fixAvailable',
  'exploitAvailable',
] as const;
const COMPARISONS = ['EQUALS', 'PREFIX', 'NOT_EQUALS'] as const;

type Cursor = [number, number, number];

function criteriaOf(input: Input) {
  const raw = (input.filterCriteria ?? {}) as Criteria;
  const f = Object.fromEntries(STRING_FIELDS.map((field) => [field, stringFilters(raw, field, COMPARISONS)]));
  const impossible = unsupportedFields(raw, STRING_FIELDS);
  const imageMatches = (registry: SandboxRegistry, repository: SandboxRepository, image: SandboxImage) =>
    !impossible &&
    matchString(f.resourceType, 'AWS_ECR_CONTAINER_IMAGE') &&
    matchString(f.resourceId, imageArn(registry, repository.name, image.digest)) &&
    matchString(f.ecrImageHash, image.digest) &&
    matchString(f.ecrImageRepositoryName, repository.name) &&
    matchString(f.ecrImageRegistry, registry.accountId) &&
    matchString(f.ecrImageTags, image.tags) &&
    matchString(f.awsAccountId, registry.accountId) &&
    matchString(f.findingStatus, 'ACTIVE') &&
    matchString(f.findingType, 'PACKAGE_VULNERABILITY');
  const vulnMatches = (v: VulnSpec) =>
    matchString(f.severity, v.severity) &&
    matchString(f.vendorSeverity, v.vendorSeverity) &&
    matchString(f.vulnerabilityId, v.id) &&
    matchString(f.vulnerabilitySource, v.source) &&
    matchString(f.fixAvailable, v.fixedInVersion ? 'YES' : 'NO') &&
    matchString(f.exploitAvailable, v.exploitAvailable ?? 'NO');
  const names = exactValues(f.ecrImageRepositoryName);
  const hashes = exactValues(f.ecrImageHash);
  return { imageMatches, vulnMatches, names, hashes };
}

/** The ACTIVE findings Inspector holds for an image (none unless an enhanced scan of an actively covered image). */
export function activeFindings(
  registry: SandboxRegistry,
  repository: SandboxRepository,
  image: SandboxImage,
): readonly VulnSpec[] {
  const scan = image.scan;
  if (scan?.engine !== 'enhanced' || (scan.status !== 'ACTIVE' && scan.status !== 'COMPLETE')) return [];
  return imageCoverage(registry, repository, image).statusCode === 'ACTIVE' ? scan.vulns : [];
}

export function listFindings(ctx: HandlerContext, input: Input) {
  const { registry } = ctx;
  const limit = maxResultsOf(input, 100);
  const [r0, i0, v0] = cursorOf<Cursor>(input, [0, 0, 0]);
  if (!inspectorCoversEcr(registry)) return { findings: [] };
  const { imageMatches, vulnMatches, names, hashes } = criteriaOf(input);
  const repositories = names
    ? names.flatMap((n) => registry.repositories.get(n) ?? [])
    : [...registry.repositories.values()];
  const findings: unknown[] = [];
  for (let r = r0; r < repositories.length; r++) {
    const repository = repositories[r]!;
    const images: SandboxImage[] | undefined = hashes?.flatMap((h) => repository.images.byDigest(h) ?? []);
    const count = images ? images.length : repository.images.size;
    for (let i = r === r0 ? i0 : 0; i < count; i++) {
      const image = images ? images[i]! : repository.images.at(i);
      if (!imageMatches(registry, repository, image)) continue;
      const vulns = activeFindings(registry, repository, image);
      for (let v = r === r0 && i === i0 ? v0 : 0; v < vulns.length; v++) {
        if (!vulnMatches(vulns[v]!)) continue;
        if (findings.length === limit) return { findings, nextToken: tokenFor(input, [r, i, v]) };
        findings.push(inspectorFinding(registry, repository.name, image, vulns[v]!, image.scan!));
      }
    }
  }
  return { findings };
}
