/**
 * Snooze 7 days on a digest row: the real listener with Bolt-shaped arguments and a hand-written DigestService.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserFacingError } from '../../../src/errors.js';
import type { ActionSubject } from '../../../src/slack/action-value.js';
import { digestSnoozeAction } from '../../../src/slack/actions/digest-snooze.js';
import {
  buildDeps,
  CHANNEL,
  createFakeDigests,
  recorder,
  STRANGER,
  TEAM,
  type TestDeps,
} from '../commands/fake-digests.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const open: TestDeps[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.core.close();
});

const subject: ActionSubject = {
  ref: `222222222222.dkr.ecr.eu-west-1.amazonaws.com/payments-api@sha256:${'cd'.repeat(32)}`,
  repositoryName: 'payments-api',
  imageDigest: `sha256:${'cd'.repeat(32)}`,
  accountId: '222222222222',
  region: 'eu-west-1',
};

async function setup(opts: Parameters<typeof buildDeps>[0] = {}) {
  const digests = createFakeDigests();
  const t = await buildDeps({ digests, ...opts });
  open.push(t);
  return { ...t, digests };
}

async function press(t: TestDeps, value: string | undefined, over: { channel?: string | null } = {}) {
  const r = recorder();
  const ack = vi.fn(async () => {});
  const channel = over.channel === null ? undefined : (over.channel ?? CHANNEL);
  const args = {
    ack,
    respond: r.respond,
    action: { type: 'button', action_id: 'ecrscan.digest-snooze', block_id: 'digest', value, action_ts: '1.2' },
    body: {
      type: 'block_actions',
      user: { id: STRANGER, team_id: TEAM },
      team: { id: TEAM },
      ...(channel ? { channel: { id: channel } } : {}),
      container: { type: 'message', message_ts: '1.1', ...(channel ? { channel_id: channel } : {}) },
      actions: [],
    },
  } as unknown as Args;
  await digestSnoozeAction(t.deps)(args);
  await t.settled();
  expect(ack).toHaveBeenCalledTimes(1);
  return r;
}

describe('Snooze 7 days (digest)', () => {
  it('snoozes the signed image in the clicked channel for 7 days, by the clicker, and confirms with the date', async () => {
    const t = await setup();
    const r = await press(t, t.deps.values.encode(subject));
    expect(t.digests.snoozes).toEqual([
      {
        teamId: TEAM,
        channelId: CHANNEL,
        accountId: '222222222222',
        region: 'eu-west-1',
        repositoryName: 'payments-api',
        imageDigest: subject.imageDigest,
        days: 7,
        by: STRANGER,
      },
    ]);
    expect(r.replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(r.text()).toContain('`payments-api@sha256:cdcdcdcdcdcd…`');
    expect(r.text()).toContain(`snoozed by <@${STRANGER}>`);
    expect(r.text()).toContain('2026-06-08');
  });

  it('a double click snoozes once', async () => {
    const t = await setup();
    const value = t.deps.values.encode(subject);
    const [a, b] = await Promise.all([press(t, value), press(t, value)]);
    expect(t.digests.snoozes).toHaveLength(1);
    expect([a.text(), b.text()].filter((x) => x.includes('snoozed moments ago'))).toHaveLength(1);
  });

  it('a tampered value snoozes nothing', async () => {
    const t = await setup();
    const value = t.deps.values.encode({ ...subject, imageDigest: `sha256:${'ee'.repeat(32)}` });
    const forged = `${t.deps.values.encode(subject).split('.')[0]}.${value.split('.')[1]}`;
    const r = await press(t, forged);
    expect(t.digests.snoozes).toEqual([]);
    expect(r.text()).toContain('not one ecrscan can act on any more');
  });

  it('without a channel in the payload, snoozes nothing', async () => {
    const t = await setup();
    await press(t, t.deps.values.encode(subject), { channel: null });
    expect(t.digests.snoozes).toEqual([]);
  });

  it('a refused snooze is audited, answered in the service’s words, and may be retried at once', async () => {
    const t = await setup();
    t.digests.failNext('snooze', new UserFacingError('BAD_USAGE', 'This snooze cannot be stored: bad channel id.'));
    const r = await press(t, t.deps.values.encode(subject));
    expect(r.text()).toContain('This snooze cannot be stored: bad channel id.');
    expect(await t.core.state.audit.recent(5)).toMatchObject([
      { action: 'digest-snooze', user: STRANGER, outcome: 'failed', image: `payments-api@${subject.imageDigest}` },
    ]);
    await press(t, t.deps.values.encode(subject));
    expect(t.digests.snoozes).toHaveLength(1);
  });

  it('without digests in this deployment, says so', async () => {
    const t = await setup({ digests: null });
    const r = await press(t, t.deps.values.encode(subject));
    expect(r.text()).toContain('not available in this deployment');
  });
});
