import { afterAll, inject } from 'vitest';
import { createMemoryAuditLog } from '../../src/state/audit-log.js';
import { createRedisSnoozeStore } from '../../src/state/digest-redis-snoozes.js';
import { createRedisAuditLog } from '../../src/state/redis-audit-log.js';
import { createMemorySnoozeStore } from '../../src/state/snoozes.js';
import { captureLog } from '../support/log-capture.js';
import { fakeClock } from './fake-clock.js';
import { redisHarness } from './redis-harness.js';
import { snoozeStoreContract } from './snoozes-contract.js';

const redis = redisHarness(inject('redisUrl'), 'snoozes');
const { log } = captureLog();
afterAll(() => redis.close());

snoozeStoreContract('memory', () => {
  const clock = fakeClock();
  const audit = createMemoryAuditLog({ log });
  const now = () => new Date(clock.now());
  return { store: createMemorySnoozeStore({ audit, now }), audit, advance: clock.advance, now };
});

snoozeStoreContract('redis', () => {
  const clock = fakeClock();
  const client = redis.client(log);
  const prefix = redis.prefix();
  const audit = createRedisAuditLog({ redis: client, prefix, log });
  const now = () => new Date(clock.now());
  return {
    store: createRedisSnoozeStore({ redis: client, prefix, log, audit, now }),
    audit,
    advance: clock.advance,
    now,
  };
});
