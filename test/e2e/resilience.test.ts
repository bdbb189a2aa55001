/**
 * The app keeps answering when Redis dies mid-run, and Slack's Events API retries are handled once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { startThrowAwayRedis, type ThrowAwayRedis } from '../support/redis-server.js';
import { textOf } from '../support/slack-messages.js';
import { eventCallback, send } from '../support/slack-requests.js';
import { type E2E, SECRET, startE2E } from './harness.js';

let redis: ThrowAwayRedis;
let e2e: E2E;
beforeAll(async () => {
  redis = await startThrowAwayRedis();
  e2e = await startE2E({ redisUrl: redis.url, commandLimit: { limit: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  await e2e?.close();
  await redis?.kill();
});

const seeded = (id: string) => SEEDED_IMAGES.find((i) => i.id === id)!;

describe('resilience', () => {
  it('answers keep coming when Redis is stopped mid-test, and /readyz says Redis is the problem', async () => {
    const first = await e2e.command(`why ${seeded('healthy').ref}`, { userId: 'U0R1' });
    expect(textOf(await e2e.response(first.id))).toContain('SCAN_OK');

    await redis.kill();
    for (const problem of ['scratch', 'expired', 'healthy']) {
      const { status, id } = await e2e.command(`why ${seeded(problem).ref}`, { userId: `U0R-${problem}` });
      expect(status).toBe(200);
      const reply = await e2e.find(id, (r) => textOf(r).includes(seeded(problem).expectedCodes[0]!));
      expect(reply).toBeTruthy();
    }
    const ready = await fetch(`${e2e.appUrl}/readyz`);
    const body = await ready.clone().text();
    expect(ready.status, body).toBe(503);
    expect(await ready.json()).toMatchObject({
      checks: expect.arrayContaining([expect.objectContaining({ name: 'redis', ok: false })]),
    });
    // The outage is logged once, not per call.
    const warnings = e2e.logs.filter((l) => l.level === 40 && /redis|cache/i.test(String(l.msg)));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(6);

    await redis.start();
    const after = await e2e.command(`why ${seeded('scan-clean').ref}`, { userId: 'U0R2' });
    expect(textOf(await e2e.response(after.id))).toContain('NO_FINDINGS');
  });

  it('a user over the command rate limit gets a friendly reply, others are unaffected', async () => {
    const replies = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await e2e.command('help', { userId: 'U0BUSY' });
      replies.push(textOf(await e2e.response(id)));
    }
    expect(replies.slice(0, 3).every((t) => t.includes('/ecrscan why'))).toBe(true);
    expect(replies[3]).toMatch(/too many|slow down|try again/i);
    const other = await e2e.command('help', { userId: 'U0CALM' });
    expect(textOf(await e2e.response(other.id))).toContain('/ecrscan why');
  });

  it('an Events API delivery retried by Slack is handled once', async () => {
    const event = { type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home', event_ts: '1.2' };
    const publishes = () => e2e.slack.calls.filter((c) => c.method === 'views.publish').length;
    const before = publishes();
    const first = await send(e2e.appUrl, eventCallback({ event, eventId: 'Ev0RETRY1' }), { secret: SECRET });
    expect(first.status).toBe(200);
    await e2e.slack.waitFor(() => publishes() > before, 10_000);
    const retry = await send(e2e.appUrl, eventCallback({ event, eventId: 'Ev0RETRY1', retryNum: 1 }), {
      secret: SECRET,
    });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(publishes()).toBe(before + 1);
  });
});
