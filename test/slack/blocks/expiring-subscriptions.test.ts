import { describe, expect, it } from 'vitest';
import {
  renderDigestsUnavailable,
  renderPreviewPosted,
  renderSnoozeAlreadyRequested,
  renderSnoozed,
} from '../../../src/slack/blocks/expiring-notices.js';
import {
  channelMention,
  renderFromFile,
  renderNoSubscription,
  renderSubscribed,
  renderSubscriptionList,
  renderSubscriptionNotFound,
  renderUnsubscribed,
  renderWhichSubscription,
  subscriptionSummary,
} from '../../../src/slack/blocks/expiring-subscriptions.js';
import { makeSubscription, textsOf } from '../commands/fake-digests.js';
import { ATTACK, expectFits, foreignControls } from './assertions.js';
import { USER } from './fixtures.js';

const golden = (name: string, value: unknown) =>
  expect(JSON.stringify(value, null, 2)).toMatchFileSnapshot(`__golden__/${name}.json`);

const sub = makeSubscription({
  id: 'sub-1',
  repoFilters: ['payments*', 'api'],
  at: '08:30',
  timeZone: 'Europe/Berlin',
  withinDays: 14,
  minSeverity: 'HIGH',
  allClear: true,
});

describe('subscription replies', () => {
  it('summarises a subscription in one line', () => {
    expect(subscriptionSummary(sub)).toBe(
      'daily at `08:30` `Europe/Berlin` · repositories matching `payments*`, `api` · scanning ending within 14 days · findings `HIGH` and above · posts an all-clear on quiet days',
    );
    expect(subscriptionSummary(makeSubscription())).toBe(
      'daily at `09:00` `UTC` · all repositories · scanning ending within 7 days · silent on quiet days',
    );
  });

  it('golden: subscribed', async () => {
    const message = renderSubscribed(sub, USER);
    expectFits(message, 'message');
    await golden('digest-subscribed', message);
  });

  it('golden: list', async () => {
    const message = renderSubscriptionList([sub, makeSubscription({ id: 'from-file', source: 'file' })], 'C0PLATFORM');
    expectFits(message, 'message');
    await golden('digest-list', message);
  });

  it('every reply fits and escapes what users typed', () => {
    const evil = makeSubscription({ id: ATTACK, channelId: ATTACK, repoFilters: [ATTACK], timeZone: ATTACK });
    const messages = [
      renderSubscribed(evil, ATTACK),
      renderSubscriptionList([evil, evil], ATTACK),
      renderNoSubscription(ATTACK),
      renderWhichSubscription([evil, evil], 'preview'),
      renderSubscriptionNotFound(ATTACK, [evil], ATTACK),
      renderFromFile(evil),
      renderUnsubscribed(2, ATTACK, ATTACK, 1),
      renderDigestsUnavailable(),
      renderPreviewPosted(ATTACK),
      renderSnoozed({ image: ATTACK, until: new Date('2026-06-08T08:00:00Z'), by: ATTACK }),
      renderSnoozeAlreadyRequested(ATTACK),
    ];
    for (const message of messages) {
      expectFits(message, 'message');
      expect(foreignControls(message)).toEqual([]);
    }
  });

  it('mentions channels only for well-formed ids', () => {
    expect(channelMention('C0PLATFORM')).toBe('<#C0PLATFORM>');
    expect(channelMention('<!here>')).toBe('`&lt;!here&gt;`');
  });

  it('snoozed says until when, by whom, and that it is audited', () => {
    const text = textsOf(
      renderSnoozed({ image: 'payments-api:1.4.2', until: new Date('2026-06-08T08:00:00Z'), by: USER }),
    );
    expect(text.join('\n')).toContain(`snoozed by <@${USER}>`);
    expect(text.join('\n')).toContain('<!date^1780905600^');
    expect(text.join('\n')).toContain('audit log');
  });
});
