/**
 * ECR PutImage, so that the AWS CLI seeding script that runs against moto also runs against the sandbox.
 * Like moto, it does not require the layers to have been uploaded. A push starts the scan the registry's
 * rules ask for (basic scan on push, or Inspector's initial scan).
 */
import { ecrInvalidParameter, SandboxError } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import { manifestFacts } from '../manifest-facts.js';
import { startBasicScan, startEnhancedScan } from '../scan-lifecycle.js';
import { effectiveScanning } from '../scan-rules.js';
import type { SandboxImage } from '../world.js';
import { findRepository, optionalString, repositoryNameOf, requiredString, targetRegistry } from './input.js';

export function putImage(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const manifest = requiredString(input, 'imageManifest');
  const tag = optionalString(input, 'imageTag');
  const askedDigest = optionalString(input, 'imageDigest');
  const repository = findRepository(registry, name);
  let facts: ReturnType<typeof manifestFacts>;
  try {
    facts = manifestFacts(manifest, optionalString(input, 'imageManifestMediaType'));
  } catch {
    throw ecrInvalidParameter('ImageManifest', 'Invalid JSON syntax');
  }
  if (!facts.mediaType)
    throw new SandboxError(
      'InvalidParameterException',
      'image manifest mediatype not provided in manifest or parameter',
    );
  if (askedDigest !== undefined && askedDigest !== facts.digest) {
    throw new SandboxError(
      'ImageDigestDoesNotMatchException',
      `The specified digest ${askedDigest} does not match the digest of the manifest ${facts.digest}.`,
    );
  }
  const existing = repository.images.byDigest(facts.digest);
  if (existing && (tag === undefined || existing.tags.includes(tag))) {
    throw new SandboxError(
      'ImageAlreadyExistsException',
      `Image with digest '${facts.digest}' and tag '${tag ?? 'null'}' already exists in the repository with name '${name}' in registry with id '${registry.accountId}'`,
    );
  }
  const holder = tag === undefined ? undefined : repository.images.byTag(tag);
  if (holder && repository.imageTagMutability === 'IMMUTABLE') {
    throw new SandboxError(
      'ImageTagAlreadyExistsException',
      `The image tag '${tag}' already exists in the '${name}' repository and cannot be overwritten because the repository is immutable.`,
    );
  }
  const answer = {
    image: {
      registryId: registry.accountId,
      repositoryName: name,
      imageId: { imageDigest: facts.digest, imageTag: tag },
      imageManifest: manifest,
      imageManifestMediaType: facts.mediaType,
    },
  };
  if (existing) {
    // Re-tagging an existing digest is not a push: the push time stays (domain.md §5.2).
    repository.images.put({ ...existing, tags: [...existing.tags, tag!] });
    return answer;
  }
  const image: SandboxImage = {
    digest: facts.digest,
    tags: tag === undefined ? [] : [tag],
    pushedAt: ctx.now(),
    imageStatus: 'ACTIVE',
    manifest,
    manifestMediaType: facts.mediaType,
    artifactMediaType: facts.artifactMediaType,
    subjectManifestDigest: facts.subjectManifestDigest,
    sizeInBytes: facts.sizeInBytes,
    blobDigests: facts.blobDigests,
  };
  repository.images.put(image);
  const { frequency } = effectiveScanning(registry, name);
  if (registry.scanType === 'BASIC' && frequency === 'SCAN_ON_PUSH') startBasicScan(ctx, repository, image);
  if (registry.scanType === 'ENHANCED' && registry.inspector.ecrStatus === 'ENABLED' && frequency !== 'MANUAL') {
    startEnhancedScan(ctx, repository, image, frequency);
  }
  return answer;
}
