/**
 * The composition `main.ts` uses: BullMQ and Redis stores with REDIS_URL, in-process without; the digest file's
 * subscriptions scheduled at start; a bad digest file stops the start with a ConfigError.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createCore } from '../../src/core.js';
import { createJobs } from '../../src/jobs/create-jobs.js';
import { createActionValueCodec } from '../../src/slack/action-value.js';
import { subscriptionIdOf } from '../../src/state/subscriptions.js';
import { redisHarness } from '../state/redis-harness.js';
import { captureLog } from '../support/log-capture.js';
import { reportOf } from './support/digest-fixtures.js';

const redisUrl = inject('redisUrl');
const harness = redisHarness(redisUrl, 'create-jobs');
afterAll(() => harness.close());

const dir = mkdtempSync(join(tmpdir(), 'ecrscan-jobs-'));
const file = join(dir, 'digests.yml');
writeFileSync(file, 'subscriptions:\n  - {team: T0ECRSCAN, channel: C0FILE, at: "08:15", timeZone: Asia/Tokyo}\n');
const FILE_ID = subscriptionIdOf('T0ECRSCAN', 'C0FILE', []);

async function compose(env: Record<string, string>, prefix: string) {
  const { log, lines } = captureLog();
  const config = loadConfig({ AWS_REGION: 'eu-west-1', SLACK_BOT_TOKEN: 'xoxb-test', ...env });
  const core = await createCore({ config, log, redisPrefix: prefix });
  const jobs = createJobs({
    config,
    core,
    log,
    values: createActionValueCodec('k'),
    redisPrefix: prefix,
    report: async () => reportOf([]),
  });
  return { jobs, core, lines };
}

describe('createJobs', () => {
  it('without REDIS_URL: in-process digests, said at start; no BullMQ follow-ups; file subscriptions scheduled', async () => {
    const { jobs, core, lines } = await compose({ ECRSCAN_DIGEST_FILE: file }, 'ecrscan-test:unused:');
    try {
      expect(jobs.mode).toBe('in-process');
      expect(jobs.follower).toBeUndefined();
      await jobs.start();
      expect(lines.some((l) => /digests run in-process on this replica only/.test(l.msg ?? ''))).toBe(true);
      const [status] = await jobs.digests.status('T0ECRSCAN');
      expect(status?.subscription).toMatchObject({ id: FILE_ID, source: 'file', at: '08:15', timeZone: 'Asia/Tokyo' });
      expect(status?.nextRunAt?.toISOString()).toMatch(/T23:15:00\.000Z$/);
    } finally {
      await jobs.stop();
      await core.close();
    }
  });

  it('with REDIS_URL: BullMQ schedulers and follow-ups, subscriptions shared through Redis', async () => {
    const prefix = harness.prefix();
    const first = await compose({ REDIS_URL: redisUrl, ECRSCAN_DIGEST_FILE: file }, prefix);
    const second = await compose({ REDIS_URL: redisUrl }, prefix);
    try {
      expect(first.jobs.mode).toBe('bullmq');
      expect(first.jobs.follower).toBeDefined();
      await first.jobs.start();
      const sub = await first.jobs.digests.subscribe(
        {
          teamId: 'T0ECRSCAN',
          channelId: 'C0REDIS',
          repoFilters: [],
          at: '09:00',
          timeZone: 'UTC',
          withinDays: 7,
          allClear: false,
        },
        { userId: 'U0ADMIN' },
      );
      expect((await second.jobs.digests.list('T0ECRSCAN', 'C0REDIS')).map((s) => s.id)).toEqual([sub.id]);
      const status = await second.jobs.digests.status('T0ECRSCAN');
      expect(status.find((s) => s.subscription.id === sub.id)?.nextRunAt?.toISOString()).toMatch(/T09:00:00\.000Z$/);
      expect(await harness.admin.exists(`${prefix.replace(/:$/, '')}:bull:ecrscan-digest:repeat:${FILE_ID}`)).toBe(1);
    } finally {
      await first.jobs.stop();
      await second.jobs.stop();
      await first.core.close();
      await second.core.close();
    }
  });

  it('a bad digest file stops the start with a ConfigError naming it', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'subscriptions:\n  - {team: T0ECRSCAN, channel: C0FILE, at: "25:00"}\n');
    await expect(compose({ ECRSCAN_DIGEST_FILE: bad }, 'ecrscan-test:unused:')).rejects.toBeInstanceOf(ConfigError);
  });
});
