/**
 * From an expiring report to what one channel's digest says: snoozed images and images below the subscription's
 * minimum severity left out (and counted, so the header can say so), the rest grouped by repository, most urgent
 * first, and capped so a digest stays a digest. Pure: the report, the snoozes and the day come in as data.
 *
 * An image whose highest severity is not known is kept whatever the minimum: Inspector closes an image's findings
 * when its scan eligibility expires (domain.md §5.1.5), so "no severity" says nothing about the image, and
 * hiding it would hide exactly the images that just stopped being scanned.
 */
import { byUrgency, countImages, type ExpiringImage, type ExpiringReport, SEVERITY_RANK } from '../domain/expiring.js';
import { imageKey } from '../state/snoozes.js';
import type { Subscription } from './digest-service.js';

/** A digest lists at most this many images (about 25 pages of ~20); the rest are counted, not listed. */
export const DIGEST_MAX_IMAGES = 500;

export interface DigestRepository {
  accountId: string;
  region: string;
  repositoryName: string;
  images: ExpiringImage[];
}

export interface DigestContent {
  subscription: Pick<
    Subscription,
    'id' | 'teamId' | 'channelId' | 'repoFilters' | 'withinDays' | 'minSeverity' | 'timeZone' | 'allClear'
  >;
  /** `yyyy-mm-dd` in the subscription's zone. */
  day: string;
  generatedAt: Date;
  /** Of the images the digest is about (after snoozes and severity), listed or not. */
  counts: ExpiringReport['counts'];
  hidden: { snoozed: number; belowSeverity: number; overLimit: number };
  repositories: DigestRepository[];
  errors: ExpiringReport['errors'];
}

export interface BuildDigestInput {
  report: ExpiringReport;
  subscription: DigestContent['subscription'];
  /** Image keys (`state/snoozes.ts` `imageKey`) snoozed in the subscription's channel. */
  snoozed: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  day: string;
  maxImages?: number;
}

/** Kept by a `min-severity`: at or above it, or of unknown severity (see the module comment). */
export function meetsSeverity(image: Pick<ExpiringImage, 'highestSeverity'>, minSeverity?: string): boolean {
  if (minSeverity === undefined) return true;
  const rank = SEVERITY_RANK[image.highestSeverity?.toUpperCase() ?? ''];
  const min = SEVERITY_RANK[minSeverity.toUpperCase()];
  return rank === undefined || min === undefined || rank >= min;
}

/** The report a subscription's `min-severity` leaves (what `DigestService.report` answers). */
export function filterBySeverity(report: ExpiringReport, minSeverity?: string): ExpiringReport {
  if (minSeverity === undefined) return report;
  const images = report.images.filter((i) => meetsSeverity(i, minSeverity));
  return { ...report, images, counts: countImages(images) };
}

export function buildDigest(input: BuildDigestInput): DigestContent {
  const { report, subscription } = input;
  let snoozed = 0;
  let belowSeverity = 0;
  const kept: ExpiringImage[] = [];
  for (const image of report.images) {
    if (input.snoozed.has(imageKey(image))) snoozed += 1;
    else if (!meetsSeverity(image, subscription.minSeverity)) belowSeverity += 1;
    else kept.push(image);
  }
  kept.sort(byUrgency);
  const maxImages = input.maxImages ?? DIGEST_MAX_IMAGES;
  const listed = kept.slice(0, maxImages);
  return {
    subscription: pickSubscription(subscription),
    day: input.day,
    generatedAt: report.generatedAt,
    counts: countImages(kept),
    hidden: { snoozed, belowSeverity, overLimit: kept.length - listed.length },
    repositories: groupByRepository(listed),
    errors: report.errors,
  };
}

/** Something to post: images to list, or targets that could not be read (silence would read as "all clear"). */
export function hasNews(content: DigestContent): boolean {
  return content.counts.expiring + content.counts.expired > 0 || content.errors.length > 0;
}

/** Repositories in order of their most urgent image; images keep their order. */
function groupByRepository(images: readonly ExpiringImage[]): DigestRepository[] {
  const groups = new Map<string, DigestRepository>();
  for (const image of images) {
    const key = `${image.accountId}/${image.region}/${image.repositoryName}`;
    let group = groups.get(key);
    if (!group) {
      const { accountId, region, repositoryName } = image;
      group = { accountId, region, repositoryName, images: [] };
      groups.set(key, group);
    }
    group.images.push(image);
  }
  return [...groups.values()];
}

function pickSubscription(s: DigestContent['subscription']): DigestContent['subscription'] {
  const { id, teamId, channelId, repoFilters, withinDays, timeZone, allClear } = s;
  return {
    id,
    teamId,
    channelId,
    repoFilters: [...repoFilters],
    withinDays,
    timeZone,
    allClear,
    ...(s.minSeverity === undefined ? {} : { minSeverity: s.minSeverity }),
  };
}
