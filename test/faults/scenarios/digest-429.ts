/**
 * Slack answering 429 to every third chat.postMessage while digests are posted: each channel must end up with
 * exactly the messages of a digest posted without any 429 (none lost, none twice), and every preview command
 * must be answered. The channels' subscriptions come from a digest file (ECRSCAN_DIGEST_FILE); the digests are
 * started with `/ecrscan digest preview`, which takes the same posting path as a scheduled digest
 * (post-digest.ts) and waits 429s out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GENERATED_REGION, generatedAccountId, generateWorld } from '../../../src/sandbox/generated-world.js';
import { hasStackTrace, isInternalError } from '../../support/slack-messages.js';
import { TEST_SLACK } from '../../support/slack-requests.js';
import { startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';

export interface Digest429Result extends DrillSummary {
  /** Messages (top level + thread replies) of the digest posted without 429s. */
  expectedMessages: number;
  /** Channel → messages that differ from the control (missing or extra), as "missing: text" / "extra: text". */
  differences: Record<string, string[]>;
  rateLimited: number;
}

export async function digest429Drill(opts: {
  channels: number;
  /** Generated images per repository (10 repositories); about a fifth of them expire soon. */
  imagesPerRepository: number;
}): Promise<Digest429Result> {
  const control = 'C0CONTROL';
  const channels = Array.from({ length: opts.channels }, (_, i) => `C0DIGEST${i}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'ecrscan-digest-drill-'));
  const file = path.join(dir, 'digests.yml');
  const entries = [control, ...channels].map((c) => `  - { team: ${TEST_SLACK.teamId}, channel: ${c}, within: 30 }`);
  writeFileSync(file, `subscriptions:\n${entries.join('\n')}\n`);
  // A generated registry, so that one digest takes several posts.
  const targets = path.join(dir, 'targets.yml');
  const account = generatedAccountId(0);
  writeFileSync(targets, `targets:\n  - { name: generated, region: ${GENERATED_REGION}, accountId: "${account}" }\n`);
  const world = generateWorld({
    accounts: 1,
    repositoriesPerAccount: 10,
    imagesPerRepository: opts.imagesPerRepository,
    now: new Date(),
  });
  const app = await startDrillApp({
    env: { ECRSCAN_DIGEST_FILE: file, ECRSCAN_CONFIG_FILE: targets },
    sandbox: { world },
    jobs: { pageIntervalMs: 20 },
  });
  try {
    const preview = async (channel: string) => {
      const { id, status } = await app.command('digest preview', { userId: 'U0READER', channelId: channel });
      await app.waitForReplies([id], 120_000);
      return { id, status, replies: app.replies(id) };
    };
    const controlPreview = await preview(control);
    const shape = (channel: string) =>
      app.slack
        .messages(channel)
        .map((m) => `${m.threadTs ? 'reply' : 'top'}: ${(m.text ?? '').replaceAll(channel, '<channel>')}`);
    const expected = shape(control);

    const rule = app.slack.rateLimit({ method: 'chat.postMessage', everyNth: 3, retryAfterSeconds: 1 });
    const previews = await Promise.all(channels.map(preview));
    rule.remove();

    const differences: Record<string, string[]> = {};
    let lost = 0;
    let duplicated = 0;
    for (const channel of channels) {
      const got = shape(channel);
      const missing = expected.filter((m) => count(got, m) < count(expected, m));
      const extra = got.filter((m) => count(got, m) > count(expected, m));
      lost += missing.length;
      duplicated += extra.length;
      if (missing.length || extra.length) {
        differences[channel] = [...missing.map((m) => `missing: ${m}`), ...extra.map((m) => `extra: ${m}`)];
      }
    }
    const crashed = [controlPreview, ...previews].filter(
      (p) =>
        p.status !== 200 || p.replies.length === 0 || p.replies.some((m) => isInternalError(m) || hasStackTrace(m)),
    ).length;
    const posts = app.slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    return {
      ...printDrill({
        drill: 'Slack 429 on every third post during digests',
        tried: `a digest preview (same posting path as a scheduled digest) of a ${opts.imagesPerRepository * 10}-image registry in ${opts.channels} channels at once, Slack answering 429 Retry-After: 1 to every third chat.postMessage; compared with the same digest posted without 429s (${expected.length} messages)`,
        requests: posts,
        lost,
        duplicated,
        crashed,
        details: {
          '429s served': rule.hits(),
          'messages per digest': expected.length,
          'channels with differences': Object.keys(differences).length,
        },
      }),
      expectedMessages: expected.length,
      differences,
      rateLimited: rule.hits(),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function count(list: string[], item: string): number {
  return list.filter((x) => x === item).length;
}
