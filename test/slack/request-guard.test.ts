/**
 * The request guard on its own: Bolt-shaped `ReceiverEvent`s, an in-memory `Once` on a fake clock, and logs
 * captured as objects. The same rules over real HTTP, Redis and two replicas are in guarded-receiver.test.ts.
 */
import type { BufferedIncomingMessage, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createRequestGuard, RejectedSlackRequest } from '../../src/slack/request-guard.js';
import { createMemoryOnce, type Once } from '../../src/state/once.js';
import { captureLines } from '../support/log-capture.js';

const T0 = 1_780_000_000_000;
const MINUTE = 60_000;

function setup(opts: { once?: Once } = {}) {
  const clock = { at: T0, now: () => clock.at };
  const { destination, lines: logs } = captureLines();
  const log = createLogger({ level: 'debug', destination });
  const once = opts.once ?? createMemoryOnce({ clock });
  const guard = createRequestGuard({ once, log, now: clock.now });
  return { guard, clock, logs };
}

const COMMAND = { command: '/ecrscan', text: 'help', user_id: 'U0ALICE', team_id: 'T0ECRSCAN' };
const CLICK = { type: 'block_actions', user: { id: 'U0ALICE' }, actions: [{ action_id: 'ecrscan.share' }] };
const EVENT = { type: 'event_callback', event_id: 'Ev0001', event: { type: 'app_home_opened', user: 'U0ALICE' } };

/** A verified request as HTTPReceiver hands it over: headers carried by the guard's own extractor. */
function incoming(
  guard: ReturnType<typeof setup>['guard'],
  body: Record<string, unknown>,
  opts: { signature?: string; timestampMs?: number; retryNum?: number } = {},
) {
  const headers = {
    'x-slack-signature': opts.signature ?? 'v0=aaaa',
    'x-slack-request-timestamp': String(Math.floor((opts.timestampMs ?? T0) / 1000)),
  };
  const ack = vi.fn(async () => {});
  const event: ReceiverEvent = {
    body,
    ack,
    retryNum: opts.retryNum,
    customProperties: guard.carrySignature({ headers } as unknown as BufferedIncomingMessage),
  };
  return { event, ack };
}

describe('timestamps in the future', () => {
  it('refuses more than 5 minutes ahead and passes exactly 5 minutes ahead', async () => {
    const { guard, logs } = setup();
    const ahead = incoming(guard, COMMAND, { signature: 'v0=ahead', timestampMs: T0 + 5 * MINUTE + 1_000 });
    await expect(guard.pass(ahead.event)).rejects.toBeInstanceOf(RejectedSlackRequest);
    expect(ahead.ack).not.toHaveBeenCalled();
    expect(logs.some((l) => l.msg === 'refused a Slack request dated more than 5 minutes ahead')).toBe(true);

    const edge = incoming(guard, COMMAND, { signature: 'v0=edge', timestampMs: T0 + 5 * MINUTE });
    await expect(guard.pass(edge.event)).resolves.toMatchObject({ body: COMMAND });
  });
});

describe('replays', () => {
  it('passes a signature once, refuses it again, and passes another signature', async () => {
    const { guard, logs } = setup();
    await expect(guard.pass(incoming(guard, COMMAND).event)).resolves.toBeDefined();
    const replay = incoming(guard, COMMAND);
    await expect(guard.pass(replay.event)).rejects.toBeInstanceOf(RejectedSlackRequest);
    expect(replay.ack).not.toHaveBeenCalled();
    expect(
      logs.filter((l) => l.msg === 'refused a Slack request already received (same signature and timestamp)'),
    ).toHaveLength(1);
    await expect(guard.pass(incoming(guard, COMMAND, { signature: 'v0=bbbb' }).event)).resolves.toBeDefined();
  });

  it('remembers a signature until Bolt would call its timestamp stale, plus a minute for other clocks', async () => {
    const { guard, clock } = setup();
    const signedNow = { signature: 'v0=now', timestampMs: T0 };
    const signedAhead = { signature: 'v0=ahead', timestampMs: T0 + 4 * MINUTE };
    await guard.pass(incoming(guard, CLICK, signedNow).event);
    await guard.pass(incoming(guard, CLICK, signedAhead).event);

    clock.at = T0 + 6 * MINUTE - 1_000;
    await expect(guard.pass(incoming(guard, CLICK, signedNow).event)).rejects.toBeInstanceOf(RejectedSlackRequest);
    clock.at = T0 + 6 * MINUTE + 1_000;
    // Bolt refuses this one as stale by now; the guard alone shows its claim has expired.
    await expect(guard.pass(incoming(guard, CLICK, signedNow).event)).resolves.toBeDefined();

    clock.at = T0 + 10 * MINUTE - 1_000;
    await expect(guard.pass(incoming(guard, CLICK, signedAhead).event)).rejects.toBeInstanceOf(RejectedSlackRequest);
  });

  it('claims each request once, in the shared store, under a digest of the signature', async () => {
    const claims: [string, number][] = [];
    const claim = async (key: string, ttlMs: number) => {
      claims.push([key, ttlMs]);
      return true;
    };
    const once: Once = { claim, release: async () => {} };
    const { guard } = setup({ once });
    await guard.pass(incoming(guard, COMMAND, { signature: 'v0=0123456789abcdef' }).event);
    expect(claims).toEqual([[expect.stringMatching(/^slack-request:[\w-]{43}$/), 6 * MINUTE]]);
    expect(claims[0]![0]).not.toContain('0123456789abcdef');
  });

  it('lets an Events API retry through (the event id claim handles it), but not a command claiming to be one', async () => {
    const { guard } = setup();
    await guard.pass(incoming(guard, EVENT).event);
    await expect(guard.pass(incoming(guard, EVENT, { retryNum: 1 }).event)).resolves.toMatchObject({ retryNum: 1 });
    await expect(guard.pass(incoming(guard, EVENT).event)).rejects.toBeInstanceOf(RejectedSlackRequest);

    const command = { signature: 'v0=command' };
    await guard.pass(incoming(guard, COMMAND, command).event);
    await expect(guard.pass(incoming(guard, COMMAND, { ...command, retryNum: 1 }).event)).rejects.toBeInstanceOf(
      RejectedSlackRequest,
    );
  });

  it('hands Bolt the event without the carried headers, so no listener sees a signature', async () => {
    const { guard } = setup();
    const { event } = incoming(guard, COMMAND);
    expect(Object.keys(event.customProperties ?? {})).toHaveLength(2);
    const passed = await guard.pass(event);
    expect(passed).toEqual({ body: COMMAND, ack: event.ack, retryNum: undefined });
  });

  it('claims nothing when no signature was carried (signature verification off)', async () => {
    const claim = vi.fn(async () => true);
    const { guard } = setup({ once: { claim, release: async () => {} } });
    const event: ReceiverEvent = { body: COMMAND, ack: async () => {}, customProperties: {} };
    await expect(guard.pass(event)).resolves.toBeDefined();
    expect(claim).not.toHaveBeenCalled();
  });
});

describe('payloads without a user', () => {
  it.each([
    ['block_actions without user', { ...CLICK, user: undefined }],
    ['block_actions with user null', { ...CLICK, user: null }],
    ['block_actions with a numeric user id', { ...CLICK, user: { id: 42 } }],
    ['view_submission without user', { type: 'view_submission', view: { id: 'V1' } }],
    ['a payload Bolt cannot type', { type: 'app_rate_limited', team_id: 'T0' }],
  ])('%s: acked (200) and dropped with a warning', async (_name, body) => {
    const { guard, logs } = setup();
    const { event, ack } = incoming(guard, body);
    await expect(guard.pass(event)).resolves.toBeUndefined();
    expect(ack).toHaveBeenCalledTimes(1);
    expect(logs.find((l) => l.msg === 'ignored a Slack payload that names no user')).toMatchObject({ level: 40 });
  });

  it.each([
    ['a command', COMMAND],
    ['an event', EVENT],
    ['a click', CLICK],
  ])('%s goes through', async (_name, body) => {
    const { guard } = setup();
    const { event, ack } = incoming(guard, body);
    await expect(guard.pass(event)).resolves.toMatchObject({ body });
    expect(ack).not.toHaveBeenCalled();
  });
});
