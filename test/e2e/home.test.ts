/**
 * The App Home tab end to end: signed `app_home_opened` deliveries through a real Bolt HTTP receiver, the view
 * published to the fake Slack (which enforces the Home tab's limits), once per event_id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeDigests,
  type FakeDigests,
  makeSubscription,
  TEAM,
  textsOf,
} from '../slack/commands/fake-digests.js';
import { type DigestE2E, startDigestE2E } from './digest-harness.js';

let e2e: DigestE2E;
let bare: DigestE2E;
let digests: FakeDigests;
beforeAll(async () => {
  digests = createFakeDigests();
  digests.statuses = [
    {
      subscription: makeSubscription({ id: 'sub-pay', channelId: 'C0PAYMENTS', repoFilters: ['payments*'] }),
      lastPostedAt: new Date('2026-05-31T09:00:00Z'),
      counts: { expiring: 3, expired: 1, unsupported: 2 },
    },
  ];
  [e2e, bare] = await Promise.all([startDigestE2E({ digests }), startDigestE2E({})]);
});
afterAll(async () => {
  await Promise.all([e2e?.close(), bare?.close()]);
});

const opened = (user: string, tab = 'home') => ({ type: 'app_home_opened', user, channel: 'D0HOME', tab });
const publishes = (h: DigestE2E) => h.slack.calls.filter((c) => c.method === 'views.publish');

/** Sends one more (distinct) opening and waits for its view, so deliveries sent before it have been handled. */
async function settle(h: DigestE2E) {
  const marker = `U0MARK${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  await h.event({ event: opened(marker) });
  await h.slack.waitFor(() => h.slack.homeView(marker), 10_000);
}

describe('App Home', () => {
  it('publishes the workspace’s digests with their counts and last digest, and the commands', async () => {
    const { status } = await e2e.event({ event: opened('U0HOME1') });
    expect(status).toBe(200);
    const view = await e2e.slack.waitFor(() => e2e.slack.homeView('U0HOME1'), 10_000);
    const text = textsOf(view).join('\n');
    expect(text).toContain('<#C0PAYMENTS>');
    expect(text).toContain('`payments*`');
    expect(text).toContain('*3* expiring · *1* expired · *2* unsupported');
    expect(text).toContain('last digest <!date^1780218000^');
    expect(text).toContain('/ecrscan expiring');
    expect(digests.calls.filter((c) => c.method === 'status')).toEqual([{ method: 'status', args: [TEAM] }]);
    expect(e2e.slack.violations).toEqual([]);
  });

  it('a delivery retried by Slack publishes once', async () => {
    const before = publishes(e2e).length;
    await e2e.event({ event: opened('U0HOME2'), eventId: 'Ev0HOMERETRY' });
    await e2e.slack.waitFor(() => publishes(e2e).length > before, 10_000);
    await e2e.event({ event: opened('U0HOME2'), eventId: 'Ev0HOMERETRY', retryNum: 1 });
    await settle(e2e);
    expect(publishes(e2e).length).toBe(before + 2);
    expect(publishes(e2e).filter((c) => c.body.user_id === 'U0HOME2')).toHaveLength(1);
  });

  it('when the digests cannot be read, the tab still opens and says so', async () => {
    digests.failNext('status', new Error('redis down'));
    await e2e.event({ event: opened('U0HOME3') });
    const view = await e2e.slack.waitFor(() => e2e.slack.homeView('U0HOME3'), 10_000);
    expect(textsOf(view).join('\n')).toContain('could not read the digest subscriptions');
    expect(textsOf(view).join('\n')).toContain('/ecrscan why');
  });

  it('the Messages tab publishes nothing', async () => {
    const before = publishes(e2e).length;
    await e2e.event({ event: opened('U0HOME4', 'messages') });
    await settle(e2e);
    expect(publishes(e2e).length).toBe(before + 1);
    expect(e2e.slack.homeView('U0HOME4')).toBeUndefined();
  });

  it('without digests in the deployment, the tab says so and shows the commands', async () => {
    await bare.event({ event: opened('U0HOME5') });
    const view = await bare.slack.waitFor(() => bare.slack.homeView('U0HOME5'), 10_000);
    expect(textsOf(view).join('\n')).toContain('not available in this deployment');
    expect(bare.slack.violations).toEqual([]);
  });
});
