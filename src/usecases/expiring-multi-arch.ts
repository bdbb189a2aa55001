/**
 * Which images of a repository are platform children of a manifest list / OCI index. AWS does not track
 * last-in-use time for multi-arch images (domain.md §5.1.9), so in the LAST_IN_USE_AT mode only their push
 * window counts. Only the indexes' manifests are read (BatchGetImage, 100 a call), and only in that mode.
 */
import type { EcrPort } from '../aws/ports.js';
import { INDEX_MEDIA_TYPES } from '../domain/aws-values.js';
import type { ImageDetail } from '../domain/facts.js';
import { parseManifest } from '../facts/parse-manifest.js';

const BATCH = 100;

export function isIndex(image: ImageDetail): boolean {
  return image.imageManifestMediaType !== undefined && INDEX_MEDIA_TYPES.includes(image.imageManifestMediaType);
}

/** Digests of every child of the given indexes. An index that cannot be read or parsed adds nothing. */
export async function multiArchChildren(
  ecr: EcrPort,
  repositoryName: string,
  indexDigests: readonly string[],
): Promise<Set<string>> {
  const children = new Set<string>();
  for (let i = 0; i < indexDigests.length; i += BATCH) {
    const ids = indexDigests.slice(i, i + BATCH).map((imageDigest) => ({ imageDigest }));
    const { images } = await ecr.batchGetImage(repositoryName, ids);
    for (const record of images) {
      try {
        const manifest = parseManifest(record.manifest, record.mediaType);
        for (const child of manifest.platforms ?? []) children.add(child.digest);
      } catch {
        // A manifest that does not parse has no children we could name; its images keep both windows.
      }
    }
  }
  return children;
}
