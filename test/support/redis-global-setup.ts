/**
 * Finds a Redis for the tests, in this order: REDIS_URL; 127.0.0.1:6379 if it answers; otherwise a
 * throw-away redis-server on a free port, stopped after the run. Tests receive the URL through
 * `inject('redisUrl')` and only ever use their own key prefix, so a developer's Redis is never flushed.
 */
import { spawnSync } from 'node:child_process';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { answersPing, startThrowAwayRedis } from './redis-server.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.REDIS_URL) {
    project.provide('redisUrl', process.env.REDIS_URL);
    return undefined;
  }
  if (await answersPing(6379)) {
    project.provide('redisUrl', 'redis://127.0.0.1:6379');
    return undefined;
  }
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'The tests need Redis. None answers at 127.0.0.1:6379, REDIS_URL is not set, and redis-server is not installed.\n' +
        'Install it (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL.',
    );
  }
  const redis = await startThrowAwayRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.kill();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
