/**
 * Explain on a digest row: the real listener with Bolt-shaped arguments, a real core against the sandbox.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SEEDED_IMAGES } from '../../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/server.js';
import type { ActionSubject } from '../../../src/slack/action-value.js';
import { digestExplainAction } from '../../../src/slack/actions/digest-explain.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { buildDeps, CHANNEL, recorder, STRANGER, TEAM, type TestDeps } from '../commands/fake-digests.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

let sandbox: RunningSandbox;
let t: TestDeps;
beforeAll(async () => {
  sandbox = await startSandbox();
  t = await buildDeps({ awsEndpoint: sandbox.url, realClock: true });
});
afterAll(async () => {
  await t?.core.close();
  await sandbox?.close();
});

const expiring = SEEDED_IMAGES.find((i) => i.id === 'expiring')!;
// The ref alone would not find the image (it is not in the default account): the row's account and Region must.
const subject: ActionSubject = {
  ref: `${expiring.repositoryName}@${expiring.digest}`,
  repositoryName: expiring.repositoryName,
  imageDigest: expiring.digest,
  accountId: expiring.accountId,
  region: expiring.region,
};

/** Presses the button with `value` on a digest message in the channel. */
function buttonArgs(actionId: string, value: string | undefined, respond: Args['respond'], user = STRANGER) {
  const ack = vi.fn(async () => {});
  const args = {
    ack,
    respond,
    action: { type: 'button', action_id: actionId, block_id: 'digest', value, action_ts: '1.2' },
    body: {
      type: 'block_actions',
      user: { id: user, team_id: TEAM },
      team: { id: TEAM },
      channel: { id: CHANNEL },
      container: { type: 'message', channel_id: CHANNEL, message_ts: '1.1', is_ephemeral: false },
      actions: [],
    },
  } as unknown as Args;
  return { args, ack };
}

describe('Explain (digest)', () => {
  it('answers the full why answer to the clicker only, leaving the digest message alone', async () => {
    const r = recorder();
    const { args, ack } = buttonArgs(ACTION_IDS.digestExplain, t.deps.values.encode(subject), r.respond);
    await digestExplainAction(t.deps)(args);
    await t.settled();
    expect(ack).toHaveBeenCalledTimes(1);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(r.text()).toContain(expiring.expectedCodes[0]!);
    // The answer carries the usual buttons, signed for the same image.
    const value = JSON.stringify(r.replies[0]!.blocks).match(/"value":"([^"]+)"/)?.[1];
    expect(t.deps.values.decode(value)).toMatchObject({ imageDigest: expiring.digest });
  });

  it.each([
    ['tampered', (v: string) => `x${v.slice(1)}`],
    ['missing', () => undefined],
  ])('a %s value is refused without asking AWS', async (_, change) => {
    const r = recorder();
    const before = sandbox.stats.total();
    const { args } = buttonArgs(ACTION_IDS.digestExplain, change(t.deps.values.encode(subject)), r.respond);
    await digestExplainAction(t.deps)(args);
    await t.settled();
    expect(r.text()).toContain('not one ecrscan can act on any more');
    expect(sandbox.stats.total()).toEqual(before);
  });
});
