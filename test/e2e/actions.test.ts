/**
 * Buttons end to end: Rescan (allowed, refused, usergroup, double click, 24-hour limit, enhanced),
 * Share to channel, Show findings, Refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { ACTION_IDS } from '../../src/slack/blocks/ids.js';
import { buttonValue, textOf } from '../support/slack-messages.js';
import { type E2E, startE2E } from './harness.js';

const ALLOWED = 'U0ALICE';
const IN_GROUP = 'U0BOB';
const STRANGER = 'U0MALLORY';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({
    env: { ECRSCAN_RESCAN_ALLOWED_USERS: ALLOWED, ECRSCAN_RESCAN_ALLOWED_USERGROUPS: 'S0PLATFORM' },
    usergroups: { S0PLATFORM: [IN_GROUP] },
  });
});
afterAll(async () => {
  await e2e?.close();
});

const seeded = (id: string) => SEEDED_IMAGES.find((i) => i.id === id)!;
const starts = () => e2e.sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0;

/** Asks `why` and returns the answer message (the one with buttons). */
async function answer(problem: string) {
  const { id } = await e2e.command(`why ${seeded(problem).ref}`);
  return e2e.find(id, (r) => buttonValue(r, ACTION_IDS.refresh) !== undefined);
}

describe('Rescan', () => {
  it('an allowed user starts one basic scan, and the answer is updated when it finishes', async () => {
    const message = await answer('scan-not-started');
    const value = buttonValue(message, ACTION_IDS.rescan);
    expect(value).toBeTruthy();
    const before = starts();
    const { status, id } = await e2e.press(ACTION_IDS.rescan, value, { userId: ALLOWED });
    expect(status).toBe(200);
    expect(textOf(await e2e.response(id, 1))).toContain('Rescan');
    const finished = await e2e.response(id, 2);
    expect(finished.replace_original).toBe(true);
    expect(textOf(finished)).toContain(`<@${ALLOWED}>`);
    expect(starts()).toBe(before + 1);
    expect(e2e.slack.violations).toEqual([]);
  });

  it('a user outside the allowed users and groups is refused, audited, and nothing starts', async () => {
    const message = await answer('never-scanned');
    const before = starts();
    const { id } = await e2e.press(ACTION_IDS.rescan, buttonValue(message, ACTION_IDS.rescan), { userId: STRANGER });
    const reply = await e2e.response(id);
    expect(textOf(reply)).toContain('ECRSCAN_RESCAN_ALLOWED');
    expect(starts()).toBe(before);
    expect(e2e.logs.some((l) => l.audit === true && l.user === STRANGER && l.outcome === 'refused')).toBe(true);
  });

  it('a member of an allowed user group may rescan', async () => {
    const message = await answer('never-scanned');
    const before = starts();
    const { id } = await e2e.press(ACTION_IDS.rescan, buttonValue(message, ACTION_IDS.rescan), { userId: IN_GROUP });
    await e2e.response(id);
    expect(starts()).toBe(before + 1);
  });

  it('a double click starts one scan', async () => {
    const message = await answer('failed-other');
    const value = buttonValue(message, ACTION_IDS.rescan);
    const before = starts();
    const presses = await Promise.all([
      e2e.press(ACTION_IDS.rescan, value, { userId: ALLOWED }),
      e2e.press(ACTION_IDS.rescan, value, { userId: ALLOWED }),
    ]);
    // Every press is answered: one "started", the others "already requested".
    const replies = await Promise.all(presses.map((p) => e2e.response(p.id)));
    expect(replies.filter((r) => /requested moments ago/.test(textOf(r)))).toHaveLength(1);
    await e2e.slack.waitFor(() => starts() > before, 10_000);
    expect(starts()).toBe(before + 1);
  });

  it('the 24-hour limit is answered with when the next scan is possible', async () => {
    // The seeded scan of this image started a minute ago: ECR's one-scan-per-24-hours quota applies.
    const message = await answer('in-progress');
    const before = starts();
    const first = await e2e.press(ACTION_IDS.rescan, buttonValue(message, ACTION_IDS.rescan), { userId: ALLOWED });
    const reply = await e2e.response(first.id);
    expect(starts()).toBe(before + 1);
    expect(textOf(reply)).toMatch(/already scanned|next possible|quota/i);
  });

  it('an enhanced registry offers the honest options instead of a Rescan button', async () => {
    const message = await answer('expired');
    expect(buttonValue(message, ACTION_IDS.rescan)).toBeUndefined();
    const value = buttonValue(message, ACTION_IDS.enhancedOptions);
    expect(value).toBeTruthy();
    const before = starts();
    const { id } = await e2e.press(ACTION_IDS.enhancedOptions, value, { userId: STRANGER });
    const text = textOf(await e2e.response(id));
    expect(text).toMatch(/no API|cannot start|push/i);
    expect(starts()).toBe(before);
  });

  it('a tampered button value is refused', async () => {
    const message = await answer('never-scanned');
    const value = buttonValue(message, ACTION_IDS.rescan)!;
    const before = starts();
    const { id } = await e2e.press(ACTION_IDS.rescan, `x${value.slice(1)}`, { userId: ALLOWED });
    expect(textOf(await e2e.response(id))).toContain('not valid');
    expect(starts()).toBe(before);
  });
});

describe('other buttons', () => {
  it('Share to channel posts the answer visibly', async () => {
    const message = await answer('scratch');
    const { id } = await e2e.press(ACTION_IDS.share, buttonValue(message, ACTION_IDS.share));
    const shared = await e2e.response(id);
    expect(shared.response_type).toBe('in_channel');
    expect(textOf(shared)).toContain('UNSUPPORTED_IMAGE');
    expect(buttonValue(shared, ACTION_IDS.share)).toBeUndefined();
  });

  it('Show findings opens a modal and fills it with the findings', async () => {
    const message = await answer('undefined-severity');
    const value = buttonValue(message, ACTION_IDS.showFindings);
    expect(value).toBeTruthy();
    const callsBefore = e2e.slack.calls.length;
    await e2e.press(ACTION_IDS.showFindings, value);
    const update = await e2e.slack.waitFor(
      () => e2e.slack.calls.slice(callsBefore).find((c) => c.method === 'views.update' && c.status === 200),
      10_000,
    );
    expect(e2e.slack.calls.slice(callsBefore).some((c) => c.method === 'views.open')).toBe(true);
    expect(JSON.stringify(update?.body)).toMatch(/CVE-\d{4}-\d+/);
    expect(e2e.slack.violations).toEqual([]);
  });

  it('Refresh re-reads AWS and replaces the answer', async () => {
    const message = await answer('in-progress');
    const describesBefore = e2e.sandbox.stats.byOperation()['ecr:DescribeImageScanFindings'] ?? 0;
    const { id } = await e2e.press(ACTION_IDS.refresh, buttonValue(message, ACTION_IDS.refresh));
    const refreshed = await e2e.response(id);
    expect(refreshed.replace_original).toBe(true);
    expect((e2e.sandbox.stats.byOperation()['ecr:DescribeImageScanFindings'] ?? 0) > describesBefore).toBe(true);
  });
});
