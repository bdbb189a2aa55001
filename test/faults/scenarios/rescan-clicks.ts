/**
 * Rescan under double clicks and unauthorised clicks: for each of K freshly pushed, never-scanned images,
 * one allowed user clicks Rescan D times at once while U other users click it too. Exactly one scan may start
 * per image, every click must be answered once (started / already requested / not allowed), every refusal
 * audited, and the started click must get its "finished" update.
 */
import { buildImage } from '../../../src/sandbox/image-builder.js';
import { seededImage } from '../../../src/sandbox/seeded-images.js';
import { registryKey, type SandboxImage } from '../../../src/sandbox/world.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { buttonValue, hasStackTrace, isInternalError, textOf, unescapedMarkup } from '../../support/slack-messages.js';
import { type DrillApp, startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';

export interface RescanClicksOptions {
  images: number;
  /** Concurrent clicks by the allowed user, per image. */
  doubleClicks: number;
  /** Clicks by users who may not rescan, per image. */
  strangers: number;
}

export interface RescanClicksResult extends DrillSummary {
  scansStarted: number;
  /** Images whose sandbox record shows a scan was started. */
  imagesScanned: number;
  audit: Record<string, number>;
  finishedUpdates: number;
  problems: string[];
}

const allowedUser = (i: number) => `U0OK${i}`;

/** Pushes K distinct never-scanned images into the repository of the seeded `never-scanned` image. */
function pushImages(app: DrillApp, count: number): { ref: string; digest: string }[] {
  const base = seededImage('never-scanned');
  const registry = app.sandbox.world.registries.get(registryKey(base.accountId, base.region))!;
  const repository = registry.repositories.get(base.repositoryName)!;
  const pushed: { ref: string; digest: string }[] = [];
  for (let i = 0; i < count; i++) {
    const built = buildImage({
      flavor: 'debian12',
      format: 'oci',
      app: {
        path: 'app/drill.txt',
        content: `rescan drill image ${i}\n`,
        createdBy: 'COPY drill.txt /app/ # buildkit',
      },
      cmd: ['cat', '/app/drill.txt'],
      created: '2026-01-01T00:00:00Z',
    });
    for (const [digest, bytes] of built.blobs) app.sandbox.world.blobs.set(digest, bytes);
    const image: SandboxImage = {
      digest: built.digest,
      tags: [`drill-${i}`],
      pushedAt: new Date(),
      imageStatus: 'ACTIVE',
      manifest: built.manifest,
      manifestMediaType: built.mediaType,
      sizeInBytes: built.sizeInBytes,
      blobDigests: built.blobDigests,
      platform: { architecture: built.platform.architecture, inspectorPlatform: built.platform.inspectorPlatform },
    };
    repository.images.put(image);
    pushed.push({ ref: base.ref.replace(/:[^:/]+$/, `:drill-${i}`), digest: built.digest });
  }
  return pushed;
}

export async function rescanClicksDrill(opts: RescanClicksOptions): Promise<RescanClicksResult> {
  const app = await startDrillApp({
    env: { ECRSCAN_RESCAN_ALLOWED_USERS: Array.from({ length: opts.images }, (_, i) => allowedUser(i)).join(',') },
  });
  const problems: string[] = [];
  try {
    const images = pushImages(app, opts.images);
    const values: string[] = [];
    for (const image of images) {
      const answer = await app.command(`why ${image.ref}`);
      await app.waitForReplies([answer.id], 15_000);
      const value = buttonValue(app.replies(answer.id)[0], ACTION_IDS.rescan);
      if (!value) throw new Error(`no Rescan button in the answer for ${image.ref}`);
      values.push(value);
    }
    const startsBefore = app.sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0;
    const auditBefore = app.logs.length;

    const clicks = await Promise.all(
      images.flatMap((_, i) => [
        ...Array.from({ length: opts.doubleClicks }, () =>
          app
            .press(ACTION_IDS.rescan, values[i], { userId: allowedUser(i) })
            .then((r) => ({ ...r, image: i, user: allowedUser(i) })),
        ),
        ...Array.from({ length: opts.strangers }, (_, s) =>
          app
            .press(ACTION_IDS.rescan, values[i], { userId: `U0STRANGER${s}` })
            .then((r) => ({ ...r, image: i, user: `U0STRANGER${s}` })),
        ),
      ]),
    );
    await app.waitForReplies(
      clicks.map((c) => c.id),
      30_000,
    );
    // The started clicks get a second post when the scan finishes (the sandbox finishes scans in 100 ms).
    const finished = () => clicks.filter((c) => app.replies(c.id).length >= 2).length;
    await app.slack.waitFor(() => finished() >= opts.images, 30_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));

    let lost = 0;
    let crashed = 0;
    let duplicated = 0;
    const twoReplies = new Map<number, number>();
    for (const click of clicks) {
      const replies = app.replies(click.id);
      if (replies.length === 0) lost++;
      // One click per image gets "started" and then "finished"; every other click exactly one reply.
      if (replies.length === 2) twoReplies.set(click.image, (twoReplies.get(click.image) ?? 0) + 1);
      if (replies.length > 2) duplicated++;
      for (const reply of replies) {
        if (isInternalError(reply) || hasStackTrace(reply)) crashed++;
        const markup = unescapedMarkup(reply, [click.user]);
        if (markup.length) problems.push(`unescaped ${JSON.stringify(markup)} in ${textOf(reply).slice(0, 100)}`);
      }
    }
    for (const n of twoReplies.values()) duplicated += n - 1;
    const audit: Record<string, number> = {};
    for (const entry of app.logs.slice(auditBefore).filter((l) => l.audit === true)) {
      const outcome = String(entry.outcome);
      audit[outcome] = (audit[outcome] ?? 0) + 1;
    }
    const scansStarted = (app.sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0) - startsBefore;
    const base = seededImage('never-scanned');
    const repository = app.sandbox.world.registries
      .get(registryKey(base.accountId, base.region))!
      .repositories.get(base.repositoryName)!;
    const imagesScanned = images.filter((image) => repository.images.byDigest(image.digest)?.scan !== undefined).length;
    const finishedUpdates = finished();
    return {
      ...printDrill({
        drill: 'Unauthorised and double clicks on Rescan',
        tried: `${opts.images} never-scanned images; per image ${opts.doubleClicks} simultaneous clicks by the allowed user and ${opts.strangers} by users not allowed, all at once`,
        requests: clicks.length,
        lost,
        duplicated,
        crashed,
        details: {
          'StartImageScan calls': scansStarted,
          'images scanned': imagesScanned,
          'finished updates': finishedUpdates,
          ...Object.fromEntries(Object.entries(audit).map(([k, v]) => [`audit ${k}`, v])),
          problems: problems.length,
        },
      }),
      scansStarted,
      imagesScanned,
      audit,
      finishedUpdates,
      problems,
    };
  } finally {
    await app.close();
  }
}
