/**
 * `highestSeverity` for the listed images of one repository, from Inspector's per-image finding counts
 * (ListFindingAggregations, AWS_ECR_CONTAINER), asked of the Inspector account that listed the coverage, so a
 * delegated administrator answers for its members. Only what a `min-severity` needs is read: up to 10 listed
 * images are named in the call; past that the repository's images with findings are paged until every listed one
 * is seen.
 *
 * What an answer means:
 * - counts found: the highest of CRITICAL, HIGH, MEDIUM, else `LOW` for "below medium" (the API has no count for
 *   LOW, INFORMATIONAL or UNTRIAGED), else `NONE`;
 * - no entry for an image Inspector scanned and still covers (coverage ACTIVE, and SUCCESSFUL or a last scan date):
 *   `NONE`, no active findings;
 * - no entry otherwise (expired: Inspector closed its findings; not scanned yet): unknown, left unset, so a
 *   `min-severity` keeps the image (`build-digest.ts` `meetsSeverity`);
 * - the call fails (it needs the optional `inspector2:ListFindingAggregations`): every image unknown, and the
 *   failure reported, so the report says why the filter could not apply.
 */
import { describeError } from '../aws/aws-error.js';
import type { AwsPorts } from '../aws/ports.js';
import type { ExpiringImage } from '../domain/expiring.js';
import type { ImageCoverage, ImageSeverityCounts } from '../domain/facts.js';
import type { ExpiringStreamError } from './expiring-stream.js';

const MAX_NAMED = 10;

export async function withSeverity(
  inspector: AwsPorts,
  listed: readonly { image: ExpiringImage; coverage: ImageCoverage }[],
): Promise<{ images: ExpiringImage[]; error?: ExpiringStreamError }> {
  const first = listed[0]?.image as ExpiringImage;
  const wanted = new Set(listed.map((l) => l.image.imageDigest));
  const counts = new Map<string, ImageSeverityCounts>();
  try {
    const pages = inspector.inspector.listImageSeverityCounts({
      accountId: first.accountId,
      repositoryName: first.repositoryName,
      ...(wanted.size <= MAX_NAMED ? { imageDigests: [...wanted] } : {}),
    });
    for await (const page of pages) {
      for (const entry of page) if (wanted.delete(entry.imageDigest)) counts.set(entry.imageDigest, entry);
      if (wanted.size === 0) break;
    }
  } catch (err) {
    return {
      images: listed.map((l) => l.image),
      error: {
        kind: 'severity',
        target: inspector.target.name,
        repositoryName: first.repositoryName,
        message: describeError(err),
      },
    };
  }
  return {
    images: listed.map(({ image, coverage }) => {
      const found = counts.get(image.imageDigest);
      const highest = found ? highestOf(found) : scannedWithoutFindings(coverage) ? 'NONE' : undefined;
      return highest ? { ...image, highestSeverity: highest } : image;
    }),
  };
}

export function highestOf(c: Pick<ImageSeverityCounts, 'all' | 'critical' | 'high' | 'medium'>): string {
  if (c.critical > 0) return 'CRITICAL';
  if (c.high > 0) return 'HIGH';
  if (c.medium > 0) return 'MEDIUM';
  return c.all > 0 ? 'LOW' : 'NONE';
}

function scannedWithoutFindings(coverage: ImageCoverage): boolean {
  return coverage.statusCode === 'ACTIVE' && (coverage.reason === 'SUCCESSFUL' || coverage.lastScannedAt !== undefined);
}
