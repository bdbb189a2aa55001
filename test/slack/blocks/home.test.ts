import { describe, expect, it } from 'vitest';
import { renderHome } from '../../../src/slack/blocks/home.js';
import type { DigestStatus } from '../../../src/usecases/digest-service.js';
import { makeSubscription, textsOf } from '../commands/fake-digests.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

const statuses: DigestStatus[] = [
  {
    subscription: makeSubscription({
      id: 'sub-payments',
      channelId: 'C0PAYMENTS',
      repoFilters: ['payments*', 'checkout'],
      at: '08:30',
      timeZone: 'Europe/Berlin',
      withinDays: 14,
      minSeverity: 'HIGH',
    }),
    lastPostedAt: new Date('2026-05-31T06:30:00Z'),
    nextRunAt: new Date('2026-06-01T06:30:00Z'),
    counts: { expiring: 4, expired: 1, unsupported: 2 },
  },
  {
    subscription: makeSubscription({ id: 'static-platform', source: 'file', allClear: true }),
    counts: { expiring: 0, expired: 0 },
  },
  { subscription: makeSubscription({ id: 'sub-new', channelId: 'C0NEW' }) },
];

describe('renderHome', () => {
  it('golden: subscriptions with counts, last and next digest, then the commands', async () => {
    const view = renderHome({ kind: 'ok', statuses });
    expectFits(view, 'home');
    // Channel mentions of well-formed ids are ours; nothing else may remain.
    const channels = new Set(['<#C0PAYMENTS>', '<#C0PLATFORM>', '<#C0NEW>']);
    const left = foreignControls(view).map((t) => t.replace(/<#C[0-9A-Z]+>/g, (m) => (channels.has(m) ? '' : m)));
    expect(left.filter((t) => /[<>]/.test(t))).toEqual([]);
    await golden('home-subscriptions', view);
  });

  it('golden: no subscription yet says how to start one', async () => {
    const view = renderHome({ kind: 'ok', statuses: [] });
    expectFits(view, 'home');
    expect(textsOf(view).join('\n')).toContain('/ecrscan digest subscribe');
    await golden('home-empty', view);
  });

  it('says when digests are not available or cannot be read, and still shows the commands', () => {
    for (const kind of ['unavailable', 'unreadable'] as const) {
      const text = textsOf(renderHome({ kind })).join('\n');
      expect(text).toMatch(kind === 'unavailable' ? /not available in this deployment/ : /could not read/);
      expect(text).toContain('/ecrscan why');
      expect(text).toContain('/ecrscan expiring');
    }
  });

  it('stays within 100 blocks with any number of subscriptions, counting the rest', () => {
    const many: DigestStatus[] = Array.from({ length: 300 }, (_, i) => ({
      subscription: makeSubscription({ id: `sub-${i}`, channelId: `C${String(i).padStart(6, '0')}` }),
      counts: { expiring: i, expired: 0 },
    }));
    const view = renderHome({ kind: 'ok', statuses: many });
    expectFits(view, 'home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = textsOf(view).filter((t) => /^<#C\d{6}>/.test(t)).length;
    expect(shown).toBeGreaterThan(30);
    expect(textsOf(view).join('\n')).toContain(`${300 - shown} more digests not shown`);
  });

  it('renders filters, ids, zones and channel ids from users harmless', () => {
    const view = renderHome({
      kind: 'ok',
      statuses: [
        {
          subscription: makeSubscription({
            id: ATTACK,
            channelId: '<!channel>',
            repoFilters: [ATTACK],
            timeZone: ATTACK,
            at: ATTACK,
            minSeverity: ATTACK,
          }),
        },
      ],
    });
    expectFits(view, 'home');
    expect(foreignControls(view)).toEqual([]);
  });
});
