/**
 * `/ecrscan expiring` and `/ecrscan digest …` through the real command listener, called with Bolt-shaped
 * arguments, a real core (in-memory state and audit log) and a hand-written DigestService.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ecrscanCommand } from '../../../src/slack/commands/ecrscan-command.js';
import { foreignControls } from '../blocks/assertions.js';
import {
  ADMIN,
  buildDeps,
  CHANNEL,
  createFakeDigests,
  IN_ADMIN_GROUP,
  makeImage,
  makeReport,
  makeSubscription,
  recorder,
  STRANGER,
  TEAM,
  type TestDeps,
} from './fake-digests.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const open: TestDeps[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.core.close();
});

async function setup(opts: Parameters<typeof buildDeps>[0] = {}) {
  const digests = createFakeDigests();
  const t = await buildDeps({ digests, ...opts });
  open.push(t);
  return { ...t, digests };
}

/** Runs `/ecrscan <text>` as `user` and returns what was answered. */
async function run(t: TestDeps, text: string, user = ADMIN) {
  const r = recorder();
  const ack = vi.fn(async () => {});
  const args = {
    ack,
    respond: r.respond,
    command: {
      command: '/ecrscan',
      text,
      user_id: user,
      user_name: user.toLowerCase(),
      team_id: TEAM,
      channel_id: CHANNEL,
      response_url: 'http://127.0.0.1:9/respond/unused',
      trigger_id: 'trigger',
      api_app_id: 'A0ECRSCAN',
    },
  } as unknown as Args;
  await ecrscanCommand(t.deps)(args);
  await t.settled();
  expect(ack).toHaveBeenCalledTimes(1);
  return r;
}

const audits = async (t: TestDeps) => t.core.state.audit.recent(50);

describe('/ecrscan expiring', () => {
  it('asks the digest service for the report with the parsed window and filters, and answers ephemerally', async () => {
    const t = await setup();
    t.digests.nextReport = makeReport([makeImage(), makeImage({ repositoryName: 'payments-worker', imageTags: [] })]);
    const r = await run(t, 'expiring within 14d payments*', STRANGER);
    expect(t.digests.calls).toEqual([{ method: 'report', args: [{ repoFilters: ['payments*'], withinDays: 14 }] }]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.response_type).toBe('ephemeral');
    expect(r.text()).toContain('`payments-api`');
    expect(r.text()).toContain('`payments-worker`');
  });

  it('defaults to 7 days and every repository', async () => {
    const t = await setup();
    await run(t, 'expiring');
    expect(t.digests.calls[0]!.args).toEqual([{ repoFilters: [], withinDays: 7 }]);
  });

  it('a bad window is answered with what is wrong and a working example, without asking the service', async () => {
    const t = await setup();
    const r = await run(t, 'expiring within 0d');
    expect(t.digests.calls).toEqual([]);
    expect(r.text()).toContain('1d to 180d');
    expect(r.text()).toContain('/ecrscan expiring within 14d payments*');
  });

  it('an injection attempt in a repository filter is refused and shown escaped', async () => {
    const t = await setup();
    const r = await run(t, 'expiring <!channel> <https://evil.example|x>');
    expect(t.digests.calls).toEqual([]);
    expect(r.text()).toContain('not an ECR repository filter');
    expect(r.text()).toContain('&lt;!channel&gt;');
    expect(foreignControls(r.replies[0])).toEqual([]);
  });

  it('without digests in this deployment, says so', async () => {
    const t = await setup({ digests: null });
    const r = await run(t, 'expiring');
    expect(r.text()).toContain('not available in this deployment');
  });

  it('a failure of the service is answered with a reference, and logged', async () => {
    const t = await setup();
    t.digests.failNext('report', new Error('redis is down'));
    const r = await run(t, 'expiring');
    expect(r.text()).toMatch(/Something went wrong inside ecrscan.*Reference `[0-9a-f]{8}`/);
    expect(r.text()).not.toContain('redis is down');
    expect(t.logs.some((l) => l.level === 50 && (l.err as { message?: string })?.message === 'redis is down')).toBe(
      true,
    );
  });
});

describe('/ecrscan digest subscribe', () => {
  it('an admin subscribes the channel with the parsed options; the channel is told, and it is audited', async () => {
    const t = await setup();
    const r = await run(
      t,
      'digest subscribe payments* api at 7:30 Europe/Berlin within 14d min-severity high all-clear',
    );
    expect(t.digests.subscriptions).toHaveLength(1);
    expect(t.digests.calls[0]).toEqual({
      method: 'subscribe',
      args: [
        {
          teamId: TEAM,
          channelId: CHANNEL,
          repoFilters: ['payments*', 'api'],
          at: '07:30',
          timeZone: 'Europe/Berlin',
          withinDays: 14,
          minSeverity: 'HIGH',
          allClear: true,
        },
        { userId: ADMIN },
      ],
    });
    expect(r.replies[0]!.response_type).toBe('in_channel');
    expect(r.text()).toContain(`<@${ADMIN}> subscribed <#${CHANNEL}>`);
    expect(r.text()).toContain('`07:30` `Europe/Berlin`');
    expect(await audits(t)).toMatchObject([
      { action: 'digest-subscribe', user: ADMIN, channel: CHANNEL, outcome: 'subscribed', image: 'payments*,api' },
    ]);
  });

  it('a member of an admin user group may subscribe', async () => {
    const t = await setup();
    await run(t, 'digest subscribe', IN_ADMIN_GROUP);
    expect(t.digests.subscriptions).toMatchObject([{ at: '09:00', timeZone: 'UTC', withinDays: 7, allClear: false }]);
  });

  it('anyone else is refused before the service is asked, told who may, and the refusal is audited', async () => {
    const t = await setup();
    const r = await run(t, 'digest subscribe payments', STRANGER);
    expect(t.digests.calls).toEqual([]);
    expect(r.replies[0]!.response_type).toBe('ephemeral');
    expect(r.text()).toContain("not allowed to change this channel's digests");
    expect(r.text()).toContain('ECRSCAN_ADMIN_USERGROUPS');
    expect(await audits(t)).toMatchObject([
      {
        action: 'digest-subscribe',
        user: STRANGER,
        outcome: 'refused',
        detail: expect.stringMatching(/^not-a-member/),
      },
    ]);
    expect(t.logs.some((l) => l.audit === true && l.user === STRANGER && l.outcome === 'refused')).toBe(true);
  });

  it('with no admin configured, nobody may, and the reply says how to configure it', async () => {
    const t = await setup({ admin: false });
    const r = await run(t, 'digest subscribe', ADMIN);
    expect(t.digests.subscriptions).toEqual([]);
    expect(r.text()).toContain('Nobody may change ecrscan settings yet');
    expect(r.text()).toContain('ECRSCAN_ADMIN_USERS');
    expect((await audits(t))[0]).toMatchObject({
      outcome: 'refused',
      detail: expect.stringMatching(/^not-configured/),
    });
  });

  it.each([
    ['at 25:00', '"25:00" is not a time of day'],
    ['at 09:00 Europe/Berlinn', '"Europe/Berlinn" is not a time zone'],
    ['within 400d', '"400d" is not a window'],
    ['min-severity SEVERE', '"SEVERE" is not a severity: use CRITICAL, HIGH, MEDIUM, LOW'],
  ])('bad input (%s) is answered with the bad part and a working example', async (args, problem) => {
    const t = await setup();
    const r = await run(t, `digest subscribe ${args}`);
    expect(t.digests.calls).toEqual([]);
    expect(r.text()).toContain(problem);
    expect(r.text()).toContain('/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d');
  });

  it('a failure of the service is audited and answered', async () => {
    const t = await setup();
    t.digests.failNext('subscribe', new Error('boom'));
    const r = await run(t, 'digest subscribe');
    expect(r.text()).toContain('Something went wrong inside ecrscan');
    expect((await audits(t))[0]).toMatchObject({ outcome: 'failed', detail: 'Error: boom' });
  });
});

describe('/ecrscan digest list | unsubscribe | preview', () => {
  it('list: anyone sees the channel’s digests', async () => {
    const t = await setup();
    t.digests.subscriptions.push(makeSubscription({ id: 'sub-a', repoFilters: ['payments*'] }));
    t.digests.subscriptions.push(makeSubscription({ id: 'elsewhere', channelId: 'C0OTHER' }));
    const r = await run(t, 'digest list', STRANGER);
    expect(r.text()).toContain('`sub-a`');
    expect(r.text()).not.toContain('elsewhere');
    expect(r.replies[0]!.response_type).toBe('ephemeral');
  });

  it('list with no digest explains how to start one', async () => {
    const t = await setup();
    const r = await run(t, 'digest list', STRANGER);
    expect(r.text()).toContain('has no ecrscan digest');
    expect(r.text()).toContain('/ecrscan digest subscribe');
  });

  it('unsubscribe: an admin removes the channel’s digests; the channel is told; audited', async () => {
    const t = await setup();
    t.digests.subscriptions.push(makeSubscription({ id: 'sub-a' }));
    const r = await run(t, 'digest unsubscribe');
    expect(t.digests.subscriptions).toEqual([]);
    expect(r.replies[0]!.response_type).toBe('in_channel');
    expect(r.text()).toContain(`<@${ADMIN}> unsubscribed <#${CHANNEL}>`);
    expect((await audits(t))[0]).toMatchObject({ action: 'digest-unsubscribe', outcome: 'unsubscribed' });
  });

  it('unsubscribe: refused for a non-admin, and audited', async () => {
    const t = await setup();
    t.digests.subscriptions.push(makeSubscription({ id: 'sub-a' }));
    const r = await run(t, 'digest unsubscribe sub-a', STRANGER);
    expect(t.digests.subscriptions).toHaveLength(1);
    expect(r.text()).toContain('ECRSCAN_ADMIN_USERS');
    expect((await audits(t))[0]).toMatchObject({ action: 'digest-unsubscribe', outcome: 'refused', image: 'sub-a' });
  });

  it('unsubscribe: a digest from the subscriptions file stays, and the reply says where to change it', async () => {
    const t = await setup();
    t.digests.subscriptions.push(makeSubscription({ id: 'from-file', source: 'file' }));
    const r = await run(t, 'digest unsubscribe from-file');
    expect(t.digests.calls.map((c) => c.method)).not.toContain('unsubscribe');
    expect(r.text()).toContain('subscriptions file');
  });

  it('unsubscribe: an unknown id names the channel’s digests', async () => {
    const t = await setup();
    t.digests.subscriptions.push(makeSubscription({ id: 'sub-a' }));
    const r = await run(t, 'digest unsubscribe sub-b');
    expect(r.text()).toContain('no digest with id `sub-b`');
    expect(r.text()).toContain('`sub-a`');
  });

  it('preview: posts the channel’s digest through the service and confirms', async () => {
    const t = await setup();
    const sub = makeSubscription({ id: 'sub-a' });
    t.digests.subscriptions.push(sub);
    const r = await run(t, 'digest preview', STRANGER);
    expect(t.digests.calls.filter((c) => c.method === 'preview')).toEqual([{ method: 'preview', args: [sub] }]);
    expect(r.text()).toContain('Posted a preview');
  });

  it('preview: with no digest, says so and how to subscribe', async () => {
    const t = await setup();
    const r = await run(t, 'digest preview');
    expect(t.digests.calls.map((c) => c.method)).toEqual(['list']);
    expect(r.text()).toContain('/ecrscan digest subscribe');
  });

  it('preview: with several digests, asks which', async () => {
    const t = await setup();
    t.digests.subscriptions.push(makeSubscription({ id: 'sub-a' }), makeSubscription({ id: 'sub-b' }));
    const r = await run(t, 'digest preview');
    expect(t.digests.calls.map((c) => c.method)).toEqual(['list']);
    expect(r.text()).toContain('/ecrscan digest preview &lt;id&gt;');
    const chosen = await run(t, 'digest preview sub-b');
    expect(t.digests.calls.at(-1)).toMatchObject({ method: 'preview', args: [{ id: 'sub-b' }] });
    expect(chosen.text()).toContain('`sub-b`');
  });

  it.each(['digest list', 'digest subscribe', 'digest unsubscribe', 'digest preview'])(
    'without digests in this deployment, %s says so',
    async (text) => {
      const t = await setup({ digests: null });
      const r = await run(t, text);
      expect(r.text()).toContain('not available in this deployment');
    },
  );
});
