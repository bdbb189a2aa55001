/** Resolving an ImageIdentifier (digest, tag, or both) inside a repository, with ECR's errors. */
import { ecrInvalidParameter } from '../errors.js';
import type { SandboxImage, SandboxRepository } from '../world.js';
import { type ImageId, LAYER_DIGEST } from './input.js';

export function checkImageId(id: ImageId, field = 'imageId'): void {
  if (id.imageDigest === undefined && id.imageTag === undefined) {
    throw ecrInvalidParameter(field, 'Invalid request parameters: both tag and digest cannot be null');
  }
  if (id.imageDigest !== undefined && !LAYER_DIGEST.test(id.imageDigest)) {
    throw ecrInvalidParameter(`${field}.imageDigest`, `must satisfy regular expression '${LAYER_DIGEST.source}'`);
  }
}

/** The image both the digest and the tag (when given) point at, or undefined. */
export function lookupImage(repository: SandboxRepository, id: ImageId): SandboxImage | undefined {
  if (id.imageDigest !== undefined) {
    const image = repository.images.byDigest(id.imageDigest);
    return image && (id.imageTag === undefined || image.tags.includes(id.imageTag)) ? image : undefined;
  }
  return id.imageTag === undefined ? undefined : repository.images.byTag(id.imageTag);
}

/** The imageId echoed in answers: the digest plus the tag asked for (or the image's first tag). */
export function echoImageId(image: SandboxImage, asked: ImageId): { imageDigest: string; imageTag?: string } {
  return { imageDigest: image.digest, imageTag: asked.imageTag ?? image.tags[0] };
}
