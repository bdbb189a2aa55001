/**
 * The digest messages: header (posted, then completed in place), pages for the thread, and "all clear". Golden
 * files for the shapes; Block Kit limits checked on every page of a digest as large as ecrscan lists.
 */
import { describe, expect, it } from 'vitest';
import { createActionValueCodec } from '../../../src/slack/action-value.js';
import { renderDigestAllClear, renderDigestHeader } from '../../../src/slack/blocks/digest.js';
import { DIGEST_BLOCK_PREFIX, DIGEST_PAGE_LIMITS, renderDigestPages } from '../../../src/slack/blocks/digest-pages.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { BLOCK_KIT_LIMITS, blockTextLength } from '../../../src/slack/blocks/limits.js';
import { buildDigest, DIGEST_MAX_IMAGES, type DigestContent } from '../../../src/usecases/build-digest.js';
import { expiringImage, manyImages, reportOf, subscription } from '../../jobs/support/digest-fixtures.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';

const codec = createActionValueCodec('digest-golden-key');
const opts = { encode: codec.encode, snoozeDays: 7 };
const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

function small(): DigestContent {
  const images = [
    expiringImage({
      repositoryName: 'payments/api',
      seed: 'api-1',
      imageTags: ['1.4.2', 'latest', 'stable', 'release-2026-03'],
      highestSeverity: 'HIGH',
    }),
    expiringImage({
      repositoryName: 'payments/api',
      seed: 'api-0',
      imageTags: [],
      state: 'expired',
      expiresAt: new Date('2026-04-28T00:00:00Z'),
      cause: 'Pushed 2026-02-01 and last pulled 2026-03-14; both 45-day windows lapsed.',
    }),
    expiringImage({
      repositoryName: 'tools/runner',
      seed: 'runner',
      accountId: '222222222222',
      region: 'us-east-1',
      scanType: 'BASIC',
      expiresAt: undefined,
      cause: 'The re-scan settings could not be read.',
    }),
  ];
  return buildDigest({
    report: reportOf(images, { errors: [{ target: 'staging', message: 'AccessDeniedException: not authorized' }] }),
    subscription: subscription({ repoFilters: ['payments/*', 'tools/runner'], minSeverity: 'MEDIUM' }),
    snoozed: new Set(['111111111111/eu-west-1/payments/api@sha256:none']),
    day: '2026-05-01',
  });
}

function large(n = DIGEST_MAX_IMAGES + 40): DigestContent {
  return buildDigest({
    report: reportOf(manyImages(n, 7)),
    subscription: subscription(),
    snoozed: new Set(),
    day: '2026-05-01',
  });
}

describe('digest golden files', () => {
  it.each([
    ['digest-header-posting', () => renderDigestHeader(small(), { pages: 1, complete: false })],
    ['digest-header-complete', () => renderDigestHeader(small(), { pages: 1, complete: true })],
    ['digest-page', () => renderDigestPages(small(), opts)[0]],
    [
      'digest-all-clear',
      () =>
        renderDigestAllClear(
          buildDigest({
            report: reportOf([]),
            subscription: subscription({ allClear: true }),
            snoozed: new Set(),
            day: '2026-05-01',
          }),
        ),
    ],
    ['digest-header-preview', () => renderDigestHeader(small(), { pages: 1, complete: true, preview: true })],
  ] as const)('%s', async (name, render) => {
    const message = render();
    expectFits(message, 'message');
    await golden(name, message);
  });
});

describe('digest pages', () => {
  it('each image has Explain and Snooze 7 days; Rescan only where scanning is basic', () => {
    const [page] = renderDigestPages(small(), opts);
    const rows = (page?.blocks ?? []).filter((b) => b.type === 'actions');
    const ids = rows.map((b) =>
      b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : [],
    );
    expect(ids).toEqual([
      [ACTION_IDS.digestExplain, ACTION_IDS.digestSnooze],
      [ACTION_IDS.digestExplain, ACTION_IDS.digestSnooze],
      [ACTION_IDS.digestExplain, ACTION_IDS.rescan, ACTION_IDS.digestSnooze],
    ]);
    expect(rows.every((b) => b.block_id?.startsWith(DIGEST_BLOCK_PREFIX))).toBe(true);
    expect(new Set(rows.map((b) => b.block_id)).size).toBe(rows.length);
  });

  it('button values are signed subjects naming the image by its full registry URI', () => {
    const [page] = renderDigestPages(small(), opts);
    const row = page?.blocks.find((b) => b.type === 'actions');
    const value =
      row?.type === 'actions' && 'value' in (row.elements[0] ?? {}) ? (row.elements[0] as { value: string }).value : '';
    const subject = codec.decode(value);
    expect(subject).toMatchObject({ accountId: '111111111111', region: 'eu-west-1', repositoryName: 'payments/api' });
    expect(subject?.ref).toMatch(
      /^111111111111\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/payments\/api@sha256:[0-9a-f]{64}$/,
    );
    expect(createActionValueCodec('another-key').decode(value)).toBeUndefined();
  });

  it('writes expiry as a Slack date with a plain fallback, "around" it', () => {
    const text = JSON.stringify(renderDigestPages(small(), opts));
    expect(text).toContain('Stops being scanned around <!date^1777852800^{date_short_pretty}|2026-05-04>.');
    expect(text).toContain('No longer scanned since around <!date^1777334400^{date_short_pretty}|2026-04-28>.');
    expect(text).toContain('Stops being scanned soon (date unknown).');
  });

  it('pages a digest of the largest size within Block Kit limits, every image exactly once, in order', () => {
    const content = large();
    const pages = renderDigestPages(content, opts);
    expect(pages.length).toBeGreaterThan(DIGEST_MAX_IMAGES / DIGEST_PAGE_LIMITS.images - 1);
    for (const page of pages) {
      expectFits(page, 'message');
      expect(page.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageBlocks);
      expect(blockTextLength(page.blocks)).toBeLessThanOrEqual(DIGEST_PAGE_LIMITS.chars);
    }
    const shown = pages.flatMap((p) => JSON.stringify(p.blocks).match(/sha256:[0-9a-f]{12}`/g) ?? []);
    const expected = content.repositories.flatMap((r) => r.images.map((i) => `${i.imageDigest.slice(0, 19)}\``));
    expect(shown).toEqual(expected);
    expect(shown).toHaveLength(DIGEST_MAX_IMAGES);
    expect(pages.map((p) => p.text)).toContain(
      `ECR scan coverage digest · 2026-05-01, page ${pages.length} of ${pages.length}: ${pages.at(-1)?.text.match(/: (.*)\.$/)?.[1]}.`,
    );
  });

  it('repeats a repository heading, marked continued, when the repository runs on into the next page', () => {
    const content = buildDigest({
      report: reportOf(manyImages(45, 1)),
      subscription: subscription(),
      snoozed: new Set(),
      day: '2026-05-01',
    });
    const pages = renderDigestPages(content, opts);
    expect(pages).toHaveLength(3);
    const headings = pages.map((p) => JSON.stringify(p.blocks).match(/:package: [^"]*/g));
    expect(headings[0]).toHaveLength(1);
    expect(headings[0]?.[0]).not.toContain('(continued)');
    expect(headings[1]?.[0]).toContain('(continued)');
    expect(headings[2]?.[0]).toContain('(continued)');
  });

  it('escapes everything AWS or users wrote: no mention, link or broadcast gets through', () => {
    const evil = expiringImage({
      repositoryName: ATTACK,
      seed: 'evil',
      imageTags: [ATTACK, ATTACK],
      cause: ATTACK,
      highestSeverity: ATTACK,
    });
    const content = buildDigest({
      report: reportOf([evil], { errors: [{ target: ATTACK, message: ATTACK }] }),
      subscription: subscription({ repoFilters: ['a*'] }),
      snoozed: new Set(),
      day: '2026-05-01',
    });
    content.subscription.repoFilters = [ATTACK];
    for (const message of [
      renderDigestHeader(content, { pages: 1, complete: true }),
      ...renderDigestPages(content, opts),
      renderDigestAllClear(content),
    ]) {
      expectFits(message, 'message');
      expect(foreignControls(message)).toEqual([]);
    }
  });

  it('the header counts by account, and says what it left out', () => {
    const text = JSON.stringify(renderDigestHeader(small(), { pages: 2, complete: false }));
    expect(text).toContain('*2* images stop being scanned');
    expect(text).toContain('*1* image is no longer scanned');
    expect(text).toContain('*`111111111111`*\\n1 expiring · 1 expired');
    expect(text).toContain('*`222222222222`*\\n1 expiring · 0 expired');
    expect(text).toContain('Partial digest');
    expect(text).toContain('follow in the thread below (2 messages)');
  });
});
