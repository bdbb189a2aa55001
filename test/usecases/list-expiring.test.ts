/**
 * `listExpiring` over a generated world in the sandbox (3 accounts × 20 repositories × 50 images), through the real
 * adapters: the images listed are exactly those computed here from the world's own data, and the AWS calls are the
 * minimum number of API pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsPorts } from '../../src/aws/create-aws-ports.js';
import type { Target } from '../../src/aws/ports.js';
import { createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { GENERATED_REGION, generatedAccountId, generateWorld } from '../../src/sandbox/generated-world.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { listExpiring } from '../../src/usecases/list-expiring.js';
import { createTargetResolver } from '../../src/usecases/target-resolver.js';
import { captureLog } from '../support/log-capture.js';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T12:00:00Z');
const ACCOUNTS = 3;
const REPOSITORIES = 20;
const IMAGES = 50;
const TARGETS: Target[] = Array.from({ length: ACCOUNTS }, (_, a) => ({
  name: `gen-${a}`,
  region: GENERATED_REGION,
  accountId: generatedAccountId(a),
}));

let sandbox: RunningSandbox;
const world = generateWorld({
  accounts: ACCOUNTS,
  repositoriesPerAccount: REPOSITORIES,
  imagesPerRepository: IMAGES,
  now: NOW,
});

beforeAll(async () => {
  sandbox = await startSandbox({ world, now: () => NOW });
});

afterAll(async () => {
  await sandbox?.close();
});

function deps(opts: { endpoint?: (t: Target) => string; maxAttempts?: number } = {}) {
  const calls: Record<string, number> = {};
  const targets = createTargetResolver({
    defaultTarget: TARGETS[0] as Target,
    targets: TARGETS.slice(1),
    makePorts: (target) =>
      createAwsPorts(target, {
        endpoint: opts.endpoint?.(target) ?? sandbox.url,
        credentials: { accessKeyId: target.accountId as string, secretAccessKey: 'sandbox' },
        maxAttempts: opts.maxAttempts ?? 3,
        onCall: (op) => {
          calls[op] = (calls[op] ?? 0) + 1;
        },
      }),
  });
  const loader = createCachedLoader({ cache: createMemoryCache(), log: captureLog().log });
  return { deps: { targets, loader, now: () => NOW }, calls, close: () => targets.close() };
}

/**
 * From the world's own data, with the account's settings (push window 30 days, pull window 14 days, LAST_PULL_DATE):
 * eligibility ends with the later window; expiring = ACTIVE and ending within 7 days; expired = what coverage says.
 */
function independently() {
  const out = new Map<string, { state: 'expiring' | 'expired'; expiresAt: number }>();
  for (const registry of world.registries.values()) {
    for (const repository of registry.repositories.values()) {
      for (let i = 0; i < repository.images.size; i++) {
        const image = repository.images.at(i);
        const pushEnd = (image.pushedAt?.getTime() ?? 0) + 30 * DAY;
        const pullEnd = image.lastRecordedPullTime ? image.lastRecordedPullTime.getTime() + 14 * DAY : 0;
        const end = Math.max(pushEnd, pullEnd);
        const key = `${registry.accountId}/${repository.name}/${image.digest}`;
        if (image.coverage?.reason === 'SCAN_ELIGIBILITY_EXPIRED') out.set(key, { state: 'expired', expiresAt: end });
        else if (image.coverage?.statusCode === 'ACTIVE' && end <= NOW.getTime() + 7 * DAY) {
          out.set(key, { state: 'expiring', expiresAt: end });
        }
      }
    }
  }
  return out;
}

describe('listExpiring over a generated world', () => {
  it('lists exactly the images that expire within 7 days or have expired, with their dates', async () => {
    const { deps: d, close } = deps();
    const report = await listExpiring(d, { withinDays: 7 });
    close();
    const expected = independently();
    expect(report.errors).toEqual([]);
    expect(report.images).toHaveLength(expected.size);
    for (const image of report.images) {
      const want = expected.get(`${image.accountId}/${image.repositoryName}/${image.imageDigest}`);
      expect(want, image.imageDigest).toBeDefined();
      expect(image.state).toBe(want?.state);
      expect(image.expiresAt?.getTime()).toBe(want?.expiresAt);
    }
    const states = [...expected.values()].map((e) => e.state);
    expect(report.counts.expiring).toBe(states.filter((s) => s === 'expiring').length);
    expect(report.counts.expired).toBe(states.filter((s) => s === 'expired').length);
    expect(report.counts.expiring).toBeGreaterThan(100);
    expect(Object.keys(report.counts.byAccount).sort()).toEqual(TARGETS.map((t) => t.accountId));
  });

  it('sorts expired first, then by expiry date', async () => {
    const { deps: d, close } = deps();
    const { images } = await listExpiring(d, { withinDays: 7 });
    close();
    const firstExpiring = images.findIndex((i) => i.state === 'expiring');
    expect(images.slice(firstExpiring).every((i) => i.state === 'expiring')).toBe(true);
    const dates = (state: string) => images.filter((i) => i.state === state).map((i) => i.expiresAt?.getTime() ?? 0);
    for (const state of ['expired', 'expiring']) {
      const d = dates(state);
      expect(d).toEqual([...d].sort((a, b) => a - b));
    }
  });

  it('costs the minimum number of pages: ⌈images/200⌉ ListCoverage per account, one DescribeImages per repository', async () => {
    const { deps: d, calls, close } = deps();
    sandbox.stats.reset();
    await listExpiring(d, { withinDays: 7 });
    close();
    const perAccount = REPOSITORIES * IMAGES;
    expect(calls['inspector2:ListCoverage']).toBe(ACCOUNTS * Math.ceil(perAccount / 200));
    expect(calls['inspector2:GetConfiguration']).toBe(ACCOUNTS);
    expect(calls['ecr:DescribeImages']).toBeLessThanOrEqual(ACCOUNTS * REPOSITORIES * Math.ceil(IMAGES / 1000));
    const listedRepositories = new Set([...independently().keys()].map((k) => k.split('/').slice(0, 2).join('/')));
    expect(calls['ecr:DescribeImages']).toBeGreaterThanOrEqual(listedRepositories.size);
    expect(Object.keys(calls).sort()).toEqual([
      'ecr:DescribeImages',
      'inspector2:GetConfiguration',
      'inspector2:ListCoverage',
    ]);
    // What the sandbox saw agrees with what the clients sent.
    expect(sandbox.stats.byOperation()).toEqual(calls);
  });

  it('severity: each listed image gets its highest ACTIVE finding severity, one aggregation call per listed repository', async () => {
    const { deps: d, calls, close } = deps();
    const report = await listExpiring(d, { withinDays: 7, severity: true });
    close();
    const vulnsOf = new Map<string, string[]>();
    for (const registry of world.registries.values())
      for (const repository of registry.repositories.values())
        for (let i = 0; i < repository.images.size; i++) {
          const image = repository.images.at(i);
          const key = `${registry.accountId}/${repository.name}/${image.digest}`;
          vulnsOf.set(
            key,
            image.coverage?.statusCode === 'ACTIVE' ? (image.scan?.vulns ?? []).map((v) => v.severity) : [],
          );
        }
    const expected = (image: (typeof report.images)[number]) => {
      if (image.state === 'expired') return undefined;
      const severities = vulnsOf.get(`${image.accountId}/${image.repositoryName}/${image.imageDigest}`) ?? [];
      for (const s of ['CRITICAL', 'HIGH', 'MEDIUM']) if (severities.includes(s)) return s;
      return severities.length ? 'LOW' : 'NONE';
    };
    expect(report.errors).toEqual([]);
    for (const image of report.images) expect(image.highestSeverity, image.imageDigest).toBe(expected(image));
    const kinds = new Set(report.images.map((i) => i.highestSeverity ?? 'unknown'));
    expect(kinds.size).toBeGreaterThanOrEqual(3);
    const repositories = new Set(report.images.map((i) => `${i.accountId}/${i.repositoryName}`));
    expect(calls['inspector2:ListFindingAggregations']).toBe(repositories.size);
  });

  it('repository filters use ECR semantics and leave other repositories unread', async () => {
    const { deps: d, calls, close } = deps();
    const report = await listExpiring(d, { withinDays: 7, repoFilters: ['svc-000*'] });
    close();
    const names = new Set(report.images.map((i) => i.repositoryName));
    expect([...names].every((n) => /^svc-000\d$/.test(n))).toBe(true);
    expect(names.size).toBeGreaterThan(0);
    expect(calls['ecr:DescribeImages']).toBeLessThanOrEqual(ACCOUNTS * 9);
  });

  it('a target whose ECR fails is listed once with the repositories it affected: partial, never silently', async () => {
    const { deps: d, close } = deps({ maxAttempts: 1 });
    sandbox.faults.set({ serverErrors: { fraction: 1, operations: ['ecr:DescribeImages'] } });
    try {
      const report = await listExpiring(d, { withinDays: 7, targetNames: ['gen-1'] });
      expect(report.images).toEqual([]);
      expect(report.errors).toHaveLength(1);
      expect(report.errors[0]?.target).toBe('gen-1');
      expect(report.errors[0]?.message).toMatch(
        /^20 repositories \(svc-0000, svc-0001, svc-0002, …\) could not be described: ecr:DescribeImages failed \(UNAVAILABLE\)/,
      );
    } finally {
      sandbox.faults.reset();
      close();
    }
  });

  it('a target whose coverage cannot be read is reported; the other targets are still listed', async () => {
    const closed = await startSandbox();
    await closed.close();
    const { deps: d, close } = deps({
      endpoint: (t) => (t.name === 'gen-2' ? closed.url : sandbox.url),
      maxAttempts: 1,
    });
    const report = await listExpiring(d, { withinDays: 7 });
    close();
    expect(report.errors).toEqual([
      { target: 'gen-2', message: expect.stringMatching(/^Inspector coverage could not be read: .*UNAVAILABLE/) },
    ]);
    expect(Object.keys(report.counts.byAccount).sort()).toEqual([TARGETS[0]?.accountId, TARGETS[1]?.accountId]);
  });

  it('an unknown target name is a usage error before any call', async () => {
    const { deps: d, calls, close } = deps();
    await expect(listExpiring(d, { withinDays: 7, targetNames: ['nope'] })).rejects.toThrow('No target named "nope"');
    close();
    expect(calls).toEqual({});
  });
});
