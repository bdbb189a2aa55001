/** ECR image reads: DescribeImages, ListImages, BatchGetImage, GetDownloadUrlForLayer (domain.md §3). */
import { presignedBlobUrl } from '../blobs.js';
import { ecrInvalidParameter, SandboxError } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import type { SandboxImage } from '../world.js';
import {
  findRepository,
  imageIdListOf,
  imageNotFound,
  LAYER_DIGEST,
  maxResultsOf,
  repositoryNameOf,
  requiredString,
  stringListOf,
  targetRegistry,
} from './input.js';
import { checkImageId, lookupImage } from './lookup.js';
import { collectPage, cursorOf, tokenFor } from './paging.js';
import { imageDetail } from './render.js';

const TAG_STATUSES = ['TAGGED', 'UNTAGGED', 'ANY'];
const IMAGE_STATUSES = ['ACTIVE', 'ARCHIVED', 'ACTIVATING', 'ANY'];

/** `filter{tagStatus, imageStatus}`; without imageStatus only ACTIVE images are returned (domain.md §3.1). */
function imageFilter(input: Input): (image: SandboxImage) => boolean {
  const filter = (input.filter ?? {}) as Record<string, unknown>;
  const tagStatus = filter.tagStatus ?? 'ANY';
  const imageStatus = filter.imageStatus ?? 'ACTIVE';
  if (typeof tagStatus !== 'string' || !TAG_STATUSES.includes(tagStatus)) {
    throw ecrInvalidParameter('filter.tagStatus', `Member must satisfy enum value set: [${TAG_STATUSES.join(', ')}]`);
  }
  if (typeof imageStatus !== 'string' || !IMAGE_STATUSES.includes(imageStatus)) {
    throw ecrInvalidParameter(
      'filter.imageStatus',
      `Member must satisfy enum value set: [${IMAGE_STATUSES.join(', ')}]`,
    );
  }
  return (image) =>
    (imageStatus === 'ANY' || image.imageStatus === imageStatus) &&
    (tagStatus === 'ANY' || (tagStatus === 'TAGGED') === image.tags.length > 0);
}

function rejectPagingWithIds(input: Input): void {
  if (input.nextToken != null || input.maxResults != null) {
    throw ecrInvalidParameter('imageIds', 'cannot be used together with nextToken or maxResults');
  }
}

export function describeImages(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const ids = imageIdListOf(input, 'imageIds', 100, false);
  const repository = findRepository(registry, name);
  const accept = imageFilter(input);
  if (ids) {
    rejectPagingWithIds(input);
    const imageDetails = ids.map((id) => {
      checkImageId(id);
      const image = lookupImage(repository, id);
      if (!image || !accept(image)) throw imageNotFound(registry, name, id);
      return imageDetail(registry, name, image);
    });
    return { imageDetails };
  }
  const limit = maxResultsOf(input, 1000, 100);
  const start = cursorOf(input, 0);
  const { items, next } = collectPage(repository.images.size, start, limit, (i) => {
    const image = repository.images.at(i);
    return accept(image) ? imageDetail(registry, name, image) : undefined;
  });
  return { imageDetails: items, nextToken: next === undefined ? undefined : tokenFor(input, next) };
}

export function listImages(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const repository = findRepository(registry, name);
  const accept = imageFilter(input);
  const limit = maxResultsOf(input, 1000, 100);
  let [index, tagIndex] = cursorOf<[number, number]>(input, [0, 0]);
  const imageIds: { imageDigest: string; imageTag?: string }[] = [];
  for (; index < repository.images.size; index++, tagIndex = 0) {
    const image = repository.images.at(index);
    if (!accept(image)) continue;
    const tags = image.tags.length > 0 ? image.tags : [undefined];
    for (; tagIndex < tags.length; tagIndex++) {
      if (imageIds.length === limit) return { imageIds, nextToken: tokenFor(input, [index, tagIndex]) };
      imageIds.push({ imageDigest: image.digest, imageTag: tags[tagIndex] });
    }
  }
  return { imageIds };
}

/**
 * `acceptedMediaTypes` is validated but manifests come back as stored: ECR's conversion between Docker and
 * OCI formats on pull-by-tag is not emulated. How an archived image answers is UNVERIFIED; we fail it
 * with ImageInaccessible.
 */
export function batchGetImage(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const ids = imageIdListOf(input, 'imageIds', 100, true) ?? [];
  stringListOf(input, 'acceptedMediaTypes', 1, 100);
  const repository = findRepository(registry, name);
  const images: unknown[] = [];
  const failures: unknown[] = [];
  for (const id of ids) {
    const fail = (failureCode: string, failureReason: string) =>
      failures.push({ imageId: id, failureCode, failureReason });
    if (id.imageDigest === undefined && id.imageTag === undefined) {
      fail('MissingDigestAndTag', 'Invalid request parameters: both tag and digest cannot be null');
    } else if (id.imageDigest !== undefined && !LAYER_DIGEST.test(id.imageDigest)) {
      fail(
        'InvalidImageDigest',
        "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
      );
    } else {
      const image = lookupImage(repository, id);
      if (!image) {
        const byDigest = id.imageDigest && repository.images.byDigest(id.imageDigest);
        if (byDigest) fail('ImageTagDoesNotMatchDigest', 'Invalid request parameters: image tag does not match digest');
        else fail('ImageNotFound', 'Requested image not found');
      } else if (image.imageStatus !== 'ACTIVE') {
        fail('ImageInaccessible', 'The image is archived. Restore it before pulling.');
      } else {
        images.push({
          registryId: registry.accountId,
          repositoryName: name,
          imageId: { imageDigest: image.digest, imageTag: id.imageTag },
          imageManifest: image.manifest,
          imageManifestMediaType: image.manifestMediaType,
        });
      }
    }
  }
  return { images, failures };
}

export function getDownloadUrlForLayer(ctx: HandlerContext, input: Input) {
  const registry = targetRegistry(ctx, input);
  const name = repositoryNameOf(input);
  const layerDigest = requiredString(input, 'layerDigest');
  if (!LAYER_DIGEST.test(layerDigest)) {
    throw ecrInvalidParameter('layerDigest', `must satisfy regular expression '${LAYER_DIGEST.source}'`);
  }
  const repository = findRepository(registry, name);
  const stored = ctx.world.blobs.has(layerDigest);
  if (!repository.images.references(layerDigest)) {
    if (stored) {
      throw new SandboxError(
        'LayerInaccessibleException',
        'The specified layer is not available because it is not associated with an image.',
      );
    }
    throw new SandboxError('LayersNotFoundException', `The specified layers ${layerDigest} could not be found.`);
  }
  if (!stored)
    throw new SandboxError('LayersNotFoundException', `The specified layers ${layerDigest} could not be found.`);
  const scoped = { ...ctx, registry };
  return { downloadUrl: presignedBlobUrl(scoped, name, layerDigest), layerDigest };
}
