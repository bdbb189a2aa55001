import { describe, expect, it } from 'vitest';
import type { ExpiringImage } from '../../../src/domain/expiring.js';
import { MAX_IMAGES_PER_REPOSITORY, renderExpiring } from '../../../src/slack/blocks/expiring.js';
import { blockTextLength, MSG_BLOCKS_TOO_LONG_SAFE_BUDGET } from '../../../src/slack/blocks/limits.js';
import { makeImage, makeReport, textsOf } from '../commands/fake-digests.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

const hex = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;
const day = (d: string) => new Date(`2026-06-${d}T10:00:00Z`);
const ALL = { repoFilters: [], withinDays: 7 };

const mixed: ExpiringImage[] = [
  makeImage({ imageDigest: hex('a1'), imageTags: ['1.4.2', 'latest'], expiresAt: day('05') }),
  makeImage({
    imageDigest: hex('a2'),
    imageTags: [],
    state: 'expired',
    expiresAt: day('01'),
    cause: 'Pushed 95 days ago, never pulled: both windows lapsed.',
  }),
  makeImage({
    repositoryName: 'checkout/web',
    imageDigest: hex('b1'),
    imageTags: ['2026.05.1', 'rc', 'stable', 'blue'],
    expiresAt: day('03'),
    cause: 'Last pulled 12 days ago: the 14-day pull window ends.',
  }),
  makeImage({ repositoryName: 'legacy', imageDigest: hex('c1'), state: 'expired', expiresAt: undefined, cause: '' }),
];

describe('renderExpiring', () => {
  it('golden: two accounts, expiring and expired, grouped by repository, most urgent first', async () => {
    const report = makeReport([
      ...mixed,
      makeImage({
        accountId: '222222222222',
        repositoryName: 'payments-api',
        imageDigest: hex('d1'),
        expiresAt: day('07'),
      }),
    ]);
    const message = renderExpiring(report, { repoFilters: ['payments*', 'checkout/*', 'legacy'], withinDays: 7 });
    expectFits(message, 'message');
    expect(foreignControls(message)).toEqual([]);
    await golden('expiring-grouped', message);
  });

  it('golden: nothing to report', async () => {
    const message = renderExpiring(makeReport([]), ALL);
    expectFits(message, 'message');
    expect(textsOf(message).join(' ')).toContain('Nothing to report');
    await golden('expiring-empty', message);
  });

  it('golden: a partial report names the targets it could not read', async () => {
    const report = makeReport([mixed[0]!], {
      errors: [
        { target: 'prod-eu', message: 'AccessDeniedException: not authorized to perform inspector2:ListCoverage' },
      ],
    });
    const message = renderExpiring(report, ALL);
    expectFits(message, 'message');
    await golden('expiring-partial', message);
  });

  it('orders repositories and images by expiry, expired (past dates) first', () => {
    const text = textsOf(renderExpiring(makeReport(mixed), ALL)).join('\n');
    const order = ['`payments-api`', '`checkout/web`', '`legacy`'].map((r) => text.indexOf(r));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.indexOf('(untagged)')).toBeLessThan(text.indexOf('`1.4.2`'));
    expect(text).toContain('*stopped* (date unknown)');
    expect(text).toContain('`rc`, `stable` +1 more tag');
  });

  it('shows severities in words, the min-severity in the scope, and the images Inspector cannot scan', () => {
    const report = makeReport(
      [
        makeImage({ highestSeverity: 'LOW' }),
        makeImage({ repositoryName: 'checkout/web', highestSeverity: 'NONE' }),
        makeImage({ repositoryName: 'legacy', highestSeverity: 'CRITICAL' }),
      ],
      { unsupported: 2 },
    );
    const message = renderExpiring(report, { ...ALL, minSeverity: 'LOW' });
    expectFits(message, 'message');
    const text = textsOf(message).join('\n');
    expect(text).toContain('(highest severity LOW or below)');
    expect(text).toContain('(no active findings)');
    expect(text).toContain('(highest severity CRITICAL)');
    expect(text).toContain('images with `LOW` findings or worse (or of unknown severity)');
    expect(text).toContain('2 images here Inspector cannot scan at all');
  });

  it('caps a big report to one message and points at the full list', () => {
    const images = Array.from({ length: 600 }, (_, i) =>
      makeImage({
        repositoryName: `service-${String(Math.floor(i / 12)).padStart(3, '0')}`,
        imageDigest: hex(i.toString(16).padStart(4, '0')),
        imageTags: [`v${i}`],
        expiresAt: new Date(Date.parse('2026-06-02T00:00:00Z') + i * 3_600_000),
      }),
    );
    const message = renderExpiring(makeReport(images), { repoFilters: ['service-*'], withinDays: 30 });
    expectFits(message, 'message');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(blockTextLength(message.blocks)).toBeLessThanOrEqual(MSG_BLOCKS_TOO_LONG_SAFE_BUDGET);
    const shown =
      textsOf(message)
        .join('\n')
        .match(/`v\d+`/g)?.length ?? 0;
    const last = JSON.stringify(message.blocks.at(-2));
    expect(last).toContain(`${600 - shown} more images`);
    expect(last).toContain("ecrscan expiring --within 30d --repo 'service-*' --json");
    // Each repository shows at most its first lines and says how many more it has.
    expect(textsOf(message).join('\n')).toContain(`and ${12 - MAX_IMAGES_PER_REPOSITORY} more in this repository`);
  });

  it('renders repository names, tags, causes and errors from AWS harmless', () => {
    const report = makeReport(
      [makeImage({ repositoryName: ATTACK, imageTags: [ATTACK, '`x`'], cause: ATTACK, accountId: ATTACK })],
      { errors: [{ target: ATTACK, message: ATTACK }] },
    );
    const message = renderExpiring(report, { repoFilters: [ATTACK], withinDays: 7 });
    expectFits(message, 'message');
    expect(foreignControls(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('&lt;!channel&gt;');
  });
});
