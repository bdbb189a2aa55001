/**
 * The Slack side of digests end to end: signed slash commands and button clicks through a real Bolt HTTP receiver,
 * replies through the fake Slack's response_url (Block Kit limits enforced), admin checks through Slack user groups,
 * the audit log in real Redis, Explain against the sandbox. The DigestService is the tests' hand-written fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { ACTION_IDS } from '../../src/slack/blocks/ids.js';
import {
  CHANNEL,
  createFakeDigests,
  type FakeDigests,
  makeImage,
  makeReport,
  textsOf,
} from '../slack/commands/fake-digests.js';
import { type DigestE2E, startDigestE2E } from './digest-harness.js';

const ADMIN = 'U0ADMIN';
const GROUPIE = 'U0GROUPIE';
const STRANGER = 'U0MALLORY';

let e2e: DigestE2E;
let digests: FakeDigests;
beforeAll(async () => {
  digests = createFakeDigests();
  e2e = await startDigestE2E({
    digests,
    admins: { users: [ADMIN], usergroups: ['S0PLATFORM'] },
    usergroups: { S0PLATFORM: [GROUPIE] },
  });
});
afterAll(async () => {
  await e2e?.close();
});

const text = (m: unknown) => textsOf(m).join('\n');
const audited = async (user: string) => (await e2e.core.state.audit.recent(100)).filter((a) => a.user === user);

describe('digest commands', () => {
  it('an admin subscribes the channel; the channel is told; the subscription and the audit entry are stored', async () => {
    const { status, id } = await e2e.command('digest subscribe payments* at 08:30 Europe/Berlin within 14d', {
      userId: ADMIN,
    });
    expect(status).toBe(200);
    const reply = await e2e.response(id);
    expect(reply.response_type).toBe('in_channel');
    expect(text(reply)).toContain(`<@${ADMIN}> subscribed <#${CHANNEL}>`);
    expect(digests.subscriptions.at(-1)).toMatchObject({
      channelId: CHANNEL,
      repoFilters: ['payments*'],
      at: '08:30',
      timeZone: 'Europe/Berlin',
      withinDays: 14,
      createdBy: ADMIN,
    });
    expect(await audited(ADMIN)).toMatchObject([{ action: 'digest-subscribe', outcome: 'subscribed' }]);
    expect(e2e.slack.violations).toEqual([]);
  });

  it('a member of an admin user group (looked up in Slack) may subscribe', async () => {
    const before = digests.subscriptions.length;
    const { id } = await e2e.command('digest subscribe', { userId: GROUPIE });
    expect(text(await e2e.response(id))).toContain('subscribed');
    expect(digests.subscriptions.length).toBe(before + 1);
    expect(e2e.slack.calls.some((c) => c.method === 'usergroups.users.list')).toBe(true);
  });

  it('anyone else is refused with who may and how that is configured; the refusal is audited', async () => {
    const before = digests.calls.length;
    const { id } = await e2e.command('digest subscribe legacy', { userId: STRANGER });
    const reply = await e2e.response(id);
    expect(reply.response_type).toBe('ephemeral');
    expect(text(reply)).toContain('ECRSCAN_ADMIN_USERGROUPS');
    expect(digests.calls.length).toBe(before);
    expect(await audited(STRANGER)).toMatchObject([{ action: 'digest-subscribe', outcome: 'refused' }]);
    expect(e2e.logs.some((l) => l.audit === true && l.user === STRANGER && l.outcome === 'refused')).toBe(true);
  });

  it('list and preview are open to anyone', async () => {
    const list = await e2e.command('digest list', { userId: STRANGER });
    expect(text(await e2e.response(list.id))).toContain('has 2 digests');
    const preview = await e2e.command(`digest preview ${digests.subscriptions[0]!.id}`, { userId: STRANGER });
    expect(text(await e2e.response(preview.id))).toContain('Posted a preview');
    expect(digests.calls.filter((c) => c.method === 'preview')).toHaveLength(1);
  });

  it('bad input is answered with the bad part and a working example', async () => {
    const { id } = await e2e.command('digest subscribe at 25:00', { userId: ADMIN });
    const reply = text(await e2e.response(id));
    expect(reply).toContain('"25:00" is not a time of day');
    expect(reply).toContain('/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d');
  });

  it('a forged signature is rejected and changes nothing', async () => {
    const before = digests.calls.length;
    const { status } = await e2e.command('digest unsubscribe', { userId: ADMIN, forge: true });
    expect(status).toBe(401);
    expect(digests.calls.length).toBe(before);
  });

  it('an admin unsubscribes the channel', async () => {
    const { id } = await e2e.command('digest unsubscribe', { userId: ADMIN });
    expect(text(await e2e.response(id))).toContain(`<@${ADMIN}> unsubscribed <#${CHANNEL}> from 2 digests`);
    expect(digests.subscriptions).toEqual([]);
  });
});

describe('/ecrscan expiring', () => {
  it('answers the report grouped by repository, within Slack limits, with AWS text escaped', async () => {
    digests.nextReport = makeReport([
      makeImage(),
      makeImage({ repositoryName: 'checkout', imageTags: ['<!channel>'], cause: '<https://evil.example|click>' }),
    ]);
    const { id } = await e2e.command('expiring within 14d', { userId: STRANGER });
    const reply = await e2e.response(id);
    expect(reply.response_type).toBe('ephemeral');
    expect(text(reply)).toContain('`payments-api`');
    expect(text(reply)).toContain('`&lt;!channel&gt;`');
    expect(text(reply)).not.toContain('<!channel>');
    expect(text(reply)).not.toContain('<https://evil');
    expect(digests.calls.at(-1)).toMatchObject({ method: 'report', args: [{ repoFilters: [], withinDays: 14 }] });
    expect(e2e.slack.violations).toEqual([]);
  });
});

describe('digest buttons', () => {
  const seeded = SEEDED_IMAGES.find((i) => i.id === 'expiring')!;
  const subject = {
    ref: seeded.ref,
    repositoryName: seeded.repositoryName,
    imageDigest: seeded.digest,
    accountId: seeded.accountId,
    region: seeded.region,
  };

  it('Explain answers the full why answer, ephemerally, against AWS', async () => {
    const { status, id } = await e2e.press(ACTION_IDS.digestExplain, e2e.values.encode(subject), { userId: STRANGER });
    expect(status).toBe(200);
    const reply = await e2e.response(id);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.replace_original).toBe(false);
    expect(text(reply)).toContain('SCAN_ELIGIBILITY_EXPIRING');
    expect(e2e.slack.violations).toEqual([]);
  });

  it('Snooze 7 days snoozes the image in the clicked channel and confirms', async () => {
    const { id } = await e2e.press(ACTION_IDS.digestSnooze, e2e.values.encode(subject), { userId: STRANGER });
    expect(text(await e2e.response(id))).toContain(`snoozed by <@${STRANGER}>`);
    expect(digests.snoozes).toMatchObject([
      { channelId: CHANNEL, imageDigest: seeded.digest, accountId: seeded.accountId, days: 7, by: STRANGER },
    ]);
  });

  it('a button value signed with another key does nothing', async () => {
    const before = digests.snoozes.length;
    const forged = `${e2e.values.encode(subject).split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`;
    const { id } = await e2e.press(ACTION_IDS.digestSnooze, forged, { userId: STRANGER });
    expect(text(await e2e.response(id))).toContain('not one ecrscan can act on any more');
    expect(digests.snoozes.length).toBe(before);
  });
});
