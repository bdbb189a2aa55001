/**
 * Digest subscriptions through the real `serve()` (the real DigestService on Redis, not a fake): each change is
 * audited exactly once, saying whether it was new or an update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SLACK } from '../support/slack-requests.js';
import { type E2E, startE2E } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ env: { ECRSCAN_ADMIN_USERS: TEST_SLACK.userId } });
});
afterAll(async () => {
  await e2e?.close();
});

const audited = (action: string) => e2e.logs.filter((l) => l.audit === true && l.action === action);

describe('digest subscriptions through serve()', () => {
  it('subscribe, subscribe again, unsubscribe: one audit entry each, the second one an update', async () => {
    for (const text of ['digest subscribe payments*', 'digest subscribe payments* at 10:30', 'digest unsubscribe']) {
      const { status, id } = await e2e.command(text);
      expect(status).toBe(200);
      await e2e.response(id);
    }
    expect(audited('digest-subscribe').map((l) => l.outcome)).toEqual(['subscribed', 'updated']);
    expect(audited('digest-unsubscribe').map((l) => l.outcome)).toEqual(['unsubscribed']);
  });
});
