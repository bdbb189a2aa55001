/** ECR DescribeImageScanFindings and StartImageScan (domain.md §1.2, §1.5). */
import { INDEX_MEDIA_TYPES } from '../../domain/aws-values.js';
import { SandboxError } from '../errors.js';
import { basicFinding, enhancedFinding } from '../findings-render.js';
import type { HandlerContext, Input } from '../handler.js';
import { startBasicScan } from '../scan-lifecycle.js';
import type { SandboxImage, SandboxRegistry, ScanRecord } from '../world.js';
import {
  describeImageId,
  findRepository,
  type ImageId,
  imageNotFound,
  maxResultsOf,
  repositoryNameOf,
  requiredImageId,
  targetRegistry,
} from './input.js';
import { checkImageId, echoImageId, lookupImage } from './lookup.js';
import { cursorOf, tokenFor } from './paging.js';

/** Statuses whose answer carries `imageScanFindings` (the others have no results yet or failed). */
const WITH_RESULTS = ['COMPLETE', 'ACTIVE'];

function scanNotFound(registry: SandboxRegistry, repository: string, id: ImageId): SandboxError {
  return new SandboxError(
    'ScanNotFoundException',
    `Image scan does not exist for the image with '${describeImageId(id)}' in the repository with name '${repository}' in the registry with id '${registry.accountId}'`,
  );
}

/**
 * The scan ECR can show now. Scans made under the other scan type are not available after a switch
 * (domain.md §1.1), and enhanced results need Inspector's ECR scanning enabled.
 */
function visibleScan(registry: SandboxRegistry, image: SandboxImage): ScanRecord | undefined {
  const scan = image.scan;
  if (!scan) return undefined;
  if (registry.scanType === 'ENHANCED') {
    return scan.engine === 'enhanced' && registry.inspector.ecrStatus === 'ENABLED' ? scan : undefined;
  }
  return scan.engine === 'basic' ? scan : undefined;
}

function severityCounts(scan: ScanRecord): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of scan.vulns) counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  return counts;
}

export function describeImageScanFindings(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const id = requiredImageId(input);
  checkImageId(id);
  const limit = maxResultsOf(input, 1000, 100);
  const repository = findRepository(registry, name);
  const image = lookupImage(repository, id);
  if (!image) throw imageNotFound(registry, name, id);
  const scan = visibleScan(registry, image);
  if (!scan) throw scanNotFound(registry, name, id);
  const start = cursorOf(input, 0);
  const answer = {
    registryId: registry.accountId,
    repositoryName: name,
    imageId: echoImageId(image, id),
    imageScanStatus: { status: scan.status, description: scan.description },
  };
  if (!WITH_RESULTS.includes(scan.status)) return answer;
  const page = scan.vulns.slice(start, start + limit);
  const more = start + limit < scan.vulns.length;
  const enhanced = scan.engine === 'enhanced';
  return {
    ...answer,
    imageScanFindings: {
      imageScanCompletedAt: scan.completedAt,
      vulnerabilitySourceUpdatedAt: scan.vulnerabilitySourceUpdatedAt,
      findingSeverityCounts: severityCounts(scan),
      findings: enhanced ? [] : page.map(basicFinding),
      enhancedFindings: enhanced ? page.map((v) => enhancedFinding(registry, name, image, v, scan)) : undefined,
    },
    nextToken: more ? tokenFor(input, start + limit) : undefined,
  };
}

const DAY_MS = 24 * 3600_000;

export function startImageScan(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const id = requiredImageId(input);
  checkImageId(id);
  const repository = findRepository(registry, name);
  const image = lookupImage(repository, id);
  if (!image) throw imageNotFound(registry, name, id);
  if (registry.scanType === 'ENHANCED') {
    // Users report this text when calling StartImageScan under enhanced scanning; the exception
    // class is UNVERIFIED (domain.md §1.5), ValidationException is our best guess.
    throw new SandboxError('ValidationException', 'This feature is disabled');
  }
  if (image.imageStatus !== 'ACTIVE') {
    throw new SandboxError(
      'ImageArchivedException',
      'The image is archived and cannot be scanned. Restore the image first.',
    );
  }
  // Which inputs raise this is UNVERIFIED; manifest lists/indexes and non-image artifacts are our guess.
  if (INDEX_MEDIA_TYPES.includes(image.manifestMediaType) || image.subjectManifestDigest !== undefined) {
    throw new SandboxError('UnsupportedImageTypeException', 'The image is of a type that cannot be scanned.');
  }
  const startedAt = image.scan?.engine === 'basic' ? image.scan.startedAt : undefined;
  if (startedAt && ctx.now().getTime() - startedAt.getTime() < DAY_MS) {
    throw new SandboxError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.');
  }
  const started = startBasicScan(ctx, repository, image);
  return {
    registryId: registry.accountId,
    repositoryName: name,
    imageId: echoImageId(started, id),
    imageScanStatus: { status: 'IN_PROGRESS' },
  };
}
