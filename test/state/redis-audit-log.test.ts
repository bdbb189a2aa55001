import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedisAuditLog } from '../../src/state/redis-audit-log.js';
import { captureLog, LEVEL } from '../support/log-capture.js';
import { auditLogContract } from './audit-log-contract.js';
import { redisHarness } from './redis-harness.js';

const redis = redisHarness(inject('redisUrl'), 'redis-audit-log');
afterAll(() => redis.close());

auditLogContract('redis', async ({ maxEntries }) => {
  const prefix = redis.prefix();
  const { log, lines } = captureLog();
  return {
    audit: createRedisAuditLog({ redis: redis.client(log), prefix, log, maxEntries }),
    lines,
    dispose: () => redis.removeKeys(prefix),
  };
});

const entry = {
  at: new Date('2026-05-01T10:00:00.000Z'),
  action: 'rescan',
  user: 'U01',
  target: 'default',
  image: 'team-api@sha256:00',
  outcome: 'started',
} as const;

describe('createRedisAuditLog', () => {
  it('keeps a bounded list at <prefix>audit, JSON per entry', async () => {
    const prefix = redis.prefix();
    const { log } = captureLog();
    const audit = createRedisAuditLog({ redis: redis.client(log), prefix, log, maxEntries: 2 });
    for (const user of ['U1', 'U2', 'U3']) await audit.record({ ...entry, user });
    expect(await redis.admin.llen(`${prefix}audit`)).toBe(2);
    const [newest] = await redis.admin.lrange(`${prefix}audit`, 0, 0);
    expect(JSON.parse(newest ?? '{}')).toMatchObject({ user: 'U3', at: '2026-05-01T10:00:00.000Z' });
  });

  it('with Redis down, record still resolves: the entry is in the log line, and the outage is warned once', async () => {
    const { log, lines } = captureLog();
    const audit = createRedisAuditLog({ redis: await redis.deadClient(log), prefix: redis.prefix(), log });
    await audit.record({ ...entry, user: 'U1' });
    await audit.record({ ...entry, user: 'U2', outcome: 'refused' });
    expect(lines.filter((l) => l.audit === true).map((l) => [l.user, l.outcome])).toEqual([
      ['U1', 'started'],
      ['U2', 'refused'],
    ]);
    expect(lines.filter((l) => l.level === LEVEL.warn && l.component === 'audit')).toHaveLength(1);
    await expect(audit.recent(5)).rejects.toThrow(/redis/);
  });
});
