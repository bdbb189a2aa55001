/**
 * `/ecrscan why` end to end: signed slash commands to the real app, answers through response_url.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { ACTION_IDS } from '../../src/slack/blocks/ids.js';
import { buttonValue, type SlackMessage, textOf } from '../support/slack-messages.js';
import { type E2E, startE2E } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const seeded = (id: string) => SEEDED_IMAGES.find((i) => i.id === id)!;

describe('/ecrscan why', () => {
  it('help (also the empty command) lists the commands', async () => {
    for (const text of ['help', '']) {
      const { status, id } = await e2e.command(text);
      expect(status).toBe(200);
      const reply = await e2e.response(id);
      expect(reply.response_type).toBe('ephemeral');
      expect(textOf(reply)).toContain('/ecrscan why');
    }
  });

  it.each([
    'healthy',
    'scratch',
    'undefined-severity',
    'expired',
    'expiring',
    'manifest-list',
    'kms-denied',
    'inspector-disabled',
  ])('%s: acknowledged, then answered with blocks naming the seeded problem', async (problem) => {
    const image = seeded(problem);
    const { status, id } = await e2e.command(`why ${image.ref}`);
    expect(status).toBe(200);
    const reply = await e2e.find(id, (r) => textOf(r).includes(image.expectedCodes[0]!));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBeTruthy();
    expect(buttonValue(reply, ACTION_IDS.share)).toBeTruthy();
    expect(e2e.slack.violations).toEqual([]);
  });

  it('a slow answer shows "looking…" first, then replaces it with the answer', async () => {
    e2e.sandbox.faults.set({ latencyMs: 1_300 });
    try {
      const { id } = await e2e.command(`why --fresh ${seeded('scan-clean').ref}`);
      const answer = await e2e.find(id, (r) => textOf(r).includes('NO_FINDINGS'));
      const posts = e2e.slack.responses(id);
      expect(posts).toHaveLength(2);
      expect(textOf(posts[0] as SlackMessage)).toContain('Looking');
      expect(answer.replace_original).toBe(true);
    } finally {
      e2e.sandbox.faults.reset();
    }
  });

  it('a bad reference gets a message that says what is wrong, with an example', async () => {
    const { id } = await e2e.command('why Payments-API:1.0');
    const reply = await e2e.response(id);
    expect(textOf(reply)).toContain('lower-case');
    expect(textOf(reply)).toContain('payments-api:1.4.2');
  });

  it('an unknown command suggests the closest one', async () => {
    const { id } = await e2e.command('wyh payments:1');
    expect(textOf(await e2e.response(id))).toContain('why');
  });

  it('a missing repository is answered, not crashed on', async () => {
    const { id } = await e2e.command('why no-such-repo:1');
    expect(textOf(await e2e.response(id))).toContain('does not exist');
  });

  it('a mrkdwn injection attempt in the input is rendered harmless', async () => {
    const { id } = await e2e.command('wat <!channel> <https://evil.example|click> <@U0BOSS>');
    const reply = await e2e.response(id);
    const text = textOf(reply);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).not.toContain('<@U0BOSS>');
    expect(e2e.slack.violations).toEqual([]);
  });

  it('a forged signature is rejected with 401 and has no side effect', async () => {
    const before = e2e.sandbox.stats.total();
    const { status, id } = await e2e.command(`why ${seeded('healthy').ref}`, { forge: true });
    expect(status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(e2e.slack.responses(id)).toEqual([]);
    expect(e2e.sandbox.stats.total()).toBe(before);
  });

  it('a stale timestamp (replay) is rejected with 401 and has no side effect', async () => {
    const before = e2e.sandbox.stats.total();
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const { status, id } = await e2e.command(`why ${seeded('healthy').ref}`, { timestamp: tenMinutesAgo });
    expect(status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(e2e.slack.responses(id)).toEqual([]);
    expect(e2e.sandbox.stats.total()).toBe(before);
  });

  it('serves /healthz, /readyz and /metrics on the same port', async () => {
    expect((await fetch(`${e2e.appUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${e2e.appUrl}/readyz`);
    expect(await ready.json()).toMatchObject({
      ready: true,
      checks: expect.arrayContaining([{ name: 'redis', ok: true }]),
    });
    const metrics = await (await fetch(`${e2e.appUrl}/metrics`)).text();
    expect(metrics).toContain('ecrscan_slack_requests_total{kind="command"');
    expect(metrics).toContain('ecrscan_aws_calls_total{operation="ecr:DescribeImages"}');
    expect(metrics).toContain('ecrscan_cache_total');
  });
});
