/**
 * What every benchmark runs against, all on loopback: the sandbox (AWS), the fake Slack (Web API and
 * response_url, recording arrival times) and Redis (REDIS_URL, else a throw-away redis-server), plus the
 * environment a server process needs to use them.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type FakeSlack, startFakeSlack } from '../../test/support/fake-slack.js';
import { deleteKeysWithPrefix } from '../../test/support/redis-keys.js';
import { startThrowAwayRedis } from '../../test/support/redis-server.js';
import { isLookingNote } from '../../test/support/slack-messages.js';
import { TEST_SLACK } from '../../test/support/slack-requests.js';

export const BENCH_SECRET = 'bench-signing-secret-0123456789abcdef';

export interface BenchEnv {
  sandbox: RunningSandbox;
  slack: FakeSlack;
  redis: Redis;
  redisPrefix: string;
  /** Environment for `startAppProcess`. */
  appEnv: Record<string, string>;
  /** Deletes ecrscan's cached facts (not its state), so the next question is cold. */
  clearCache(): Promise<number>;
  close(): Promise<void>;
}

export async function startBenchEnv(): Promise<BenchEnv> {
  const sandbox = await startSandbox();
  const slack = await startFakeSlack({ teamId: TEST_SLACK.teamId });
  const throwAway = process.env.REDIS_URL ? undefined : await startThrowAwayRedis();
  const redisUrl = process.env.REDIS_URL ?? throwAway!.url;
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const redisPrefix = `ecrscan-bench:${randomUUID()}:`;
  return {
    sandbox,
    slack,
    redis,
    redisPrefix,
    appEnv: {
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: BENCH_SECRET,
      SLACK_API_URL: slack.slackApiUrl,
      PORT: '0',
      AWS_REGION: 'us-east-1',
      REDIS_URL: redisUrl,
      BENCH_SANDBOX_URL: sandbox.url,
      BENCH_REDIS_PREFIX: redisPrefix,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    clearCache: () => deleteKeysWithPrefix(redis, `${redisPrefix}cache:`),
    async close() {
      await deleteKeysWithPrefix(redis, redisPrefix);
      redis.disconnect();
      await slack.close();
      await sandbox.close();
      await throwAway?.kill();
    },
  };
}

/** Resolves when the response_url `id` has received its answer (any post but the looking note). */
export async function waitForAnswer(
  slack: FakeSlack,
  id: string,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const answer = await slack.waitFor(() => slack.responses(id).find((m) => !isLookingNote(m)), timeoutMs);
  return answer as Record<string, unknown>;
}

export function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
