import {
  BatchGetImageCommand,
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandOutput,
  DescribeImagesCommand,
  type ECRClient,
  GetDownloadUrlForLayerCommand,
  StartImageScanCommand,
} from '@aws-sdk/client-ecr';
import { MEDIA_TYPES } from '../domain/aws-values.js';
import type { ImageIdentifier } from '../domain/facts.js';
import { AwsError } from './aws-error.js';
import { createBlobFetcher } from './blob-fetch.js';
import { mapImageDetail, mapManifest, mapManifestFailure, mapScanFindings } from './ecr-mappers.js';
import { createEcrRegistryReader } from './ecr-registry.js';
import { mapAwsError, redactSecrets, withAwsErrors } from './map-aws-error.js';
import { chunk, paginate } from './paginate.js';
import type { EcrPort, StartScanOutcome } from './ports.js';

export interface EcrAdapterDeps {
  client: ECRClient;
  /** A client with `maxAttempts: 1`, used only for StartImageScan (see `StartScanOutcome`). */
  noRetryClient: ECRClient;
  /** For presigned layer URLs; defaults to the global fetch. */
  fetch?: typeof fetch;
  blobIdleTimeoutMs?: number;
}

const MAX_PAGE = 1000;
const MAX_IMAGE_IDS = 100;
/** Manifest lists and OCI indexes must be accepted explicitly, or ECR refuses to return them as they are. */
const ACCEPTED_MANIFEST_TYPES = [
  MEDIA_TYPES.dockerManifestV2,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.ociIndex,
];

/** `EcrPort` on the SDK v3 ECR client: page sizes at the API maxima, archived images included. */
export function createEcrAdapter(deps: EcrAdapterDeps): EcrPort {
  const { client } = deps;
  const blobs = createBlobFetcher({ fetch: deps.fetch, idleTimeoutMs: deps.blobIdleTimeoutMs });

  return {
    ...createEcrRegistryReader(client),
    ...blobs,

    async describeImage(repositoryName, imageId) {
      const out = await withAwsErrors('ecr:DescribeImages', () =>
        client.send(new DescribeImagesCommand({ repositoryName, imageIds: [imageId], filter: { imageStatus: 'ANY' } })),
      );
      const detail = out.imageDetails?.[0];
      if (detail === undefined) {
        throw new AwsError(
          'IMAGE_NOT_FOUND',
          'ecr:DescribeImages',
          `no image ${describeId(imageId)} in ${repositoryName}`,
        );
      }
      return mapImageDetail(detail);
    },

    describeImages(repositoryName, opts = {}) {
      const filter = {
        imageStatus: 'ANY' as const,
        ...(opts.tagStatus === undefined ? {} : { tagStatus: opts.tagStatus }),
      };
      return paginate(async (nextToken) => {
        const out = await withAwsErrors('ecr:DescribeImages', () =>
          client.send(new DescribeImagesCommand({ repositoryName, filter, maxResults: MAX_PAGE, nextToken })),
        );
        return { items: (out.imageDetails ?? []).map(mapImageDetail), nextToken: out.nextToken };
      });
    },

    async describeImageScanFindings(repositoryName, imageId) {
      const pages: DescribeImageScanFindingsCommandOutput[] = [];
      const stream = paginate(async (nextToken) => {
        const page = await withAwsErrors('ecr:DescribeImageScanFindings', () =>
          client.send(
            new DescribeImageScanFindingsCommand({ repositoryName, imageId, maxResults: MAX_PAGE, nextToken }),
          ),
        );
        return { items: [page], nextToken: page.nextToken };
      });
      for await (const [page] of stream) if (page !== undefined) pages.push(page);
      return mapScanFindings(pages);
    },

    async batchGetImage(repositoryName, imageIds) {
      const batches = await Promise.all(
        chunk(imageIds, MAX_IMAGE_IDS).map((ids) =>
          withAwsErrors('ecr:BatchGetImage', () =>
            client.send(
              new BatchGetImageCommand({ repositoryName, imageIds: ids, acceptedMediaTypes: ACCEPTED_MANIFEST_TYPES }),
            ),
          ),
        ),
      );
      return {
        images: batches.flatMap((b) => (b.images ?? []).map(mapManifest)),
        failures: batches.flatMap((b) => (b.failures ?? []).map(mapManifestFailure)),
      };
    },

    async getDownloadUrlForLayer(repositoryName, layerDigest) {
      const out = await withAwsErrors('ecr:GetDownloadUrlForLayer', () =>
        client.send(new GetDownloadUrlForLayerCommand({ repositoryName, layerDigest })),
      );
      if (out.downloadUrl === undefined) {
        throw new AwsError('UNKNOWN', 'ecr:GetDownloadUrlForLayer', `no download URL for ${layerDigest}`);
      }
      return out.downloadUrl;
    },

    async startImageScan(repositoryName, imageId): Promise<StartScanOutcome> {
      try {
        const out = await deps.noRetryClient.send(new StartImageScanCommand({ repositoryName, imageId }));
        const description = out.imageScanStatus?.description;
        return {
          kind: 'started',
          status: out.imageScanStatus?.status ?? 'UNKNOWN',
          ...(description === undefined ? {} : { description }),
        };
      } catch (err) {
        const mapped = mapAwsError(err, 'ecr:StartImageScan');
        if (mapped.code !== 'LIMIT_EXCEEDED') throw mapped;
        const message = err instanceof Error && err.message !== '' ? redactSecrets(err.message) : mapped.message;
        return { kind: 'limit-exceeded', message };
      }
    },
  };
}

function describeId(imageId: ImageIdentifier): string {
  return imageId.imageDigest ?? (imageId.imageTag === undefined ? '(no tag or digest)' : `:${imageId.imageTag}`);
}
