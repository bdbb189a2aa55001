/**
 * The Rescan button's use case over the real adapters, the sandbox and real Redis: who may, once however often
 * it is pressed, the scan type re-read from the registry, the 24-hour quota as an answer, and the audit trail.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { DisposableAwsPorts } from '../../src/aws/create-aws-ports.js';
import { cacheKeys } from '../../src/cache/cache-keys.js';
import { createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { SANDBOX_ACCOUNTS } from '../../src/sandbox/accounts.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { registryKey } from '../../src/sandbox/world.js';
import { createState } from '../../src/state/create-state.js';
import { createSlackUsergroupMembers, type UsergroupMembers } from '../../src/state/usergroup-members.js';
import { createRescanAuthorizer } from '../../src/usecases/authorize.js';
import { followRescan } from '../../src/usecases/follow-rescan.js';
import { type RescanDeps, rescanClaimKey, rescanImage } from '../../src/usecases/rescan-image.js';
import { fakeUsergroupsClient } from '../state/fake-usergroups-client.js';
import { redisHarness } from '../state/redis-harness.js';
import { image, pollClock, reseed, sandboxPortsFor, TARGETS } from '../state/rescan-fixtures.js';
import { captureLog } from '../support/log-capture.js';

const redis = redisHarness(inject('redisUrl'), 'rescan-image');
let sandbox: RunningSandbox;
let basic: DisposableAwsPorts;
let enhanced: DisposableAwsPorts;

beforeAll(async () => {
  sandbox = await startSandbox();
  basic = sandboxPortsFor(sandbox, TARGETS.basic);
  enhanced = sandboxPortsFor(sandbox, TARGETS.enhanced);
});
beforeEach(() => reseed(sandbox));
afterAll(async () => {
  basic.destroy();
  enhanced.destroy();
  await sandbox.close();
  await redis.close();
});

const nobodyInGroups: UsergroupMembers = { members: async () => [] };

function setup(
  opts: { users?: string[]; groups?: string[]; members?: UsergroupMembers; rateLimit?: { limit: number } } = {},
) {
  const { log, lines } = captureLog();
  const state = createState({ redis: redis.client(log), prefix: redis.prefix(), log });
  const cache = createMemoryCache();
  const authorizer = createRescanAuthorizer({
    allowedUsers: opts.users ?? ['U_ALLOWED'],
    allowedUsergroups: opts.groups ?? [],
    members: opts.members ?? nobodyInGroups,
  });
  const deps: RescanDeps = {
    authorize: (user) => authorizer.check(user),
    once: state.once,
    audit: state.audit,
    forgetCached: (key) => cache.delete(key),
    now: () => new Date(),
    log,
    ...(opts.rateLimit ? { rateLimit: { limiter: state.rateLimiter, ...opts.rateLimit, windowMs: 600_000 } } : {}),
  };
  const outcomes = async (n = 10) => (await state.audit.recent(n)).map((e) => e.outcome);
  return { deps, state, cache, lines, outcomes };
}

const starts = () => sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0;
const press = (deps: RescanDeps, ports: DisposableAwsPorts, id: Parameters<typeof image>[0], user = 'U_ALLOWED') =>
  rescanImage(deps, { ports, ...image(id), user, team: 'T1', channel: 'C1' });

describe('rescanImage: who may', () => {
  it('an allowed user starts one basic scan; both the decision and the result are audited', async () => {
    const { deps, state } = setup();
    const outcome = await press(deps, basic, 'healthy');
    expect(outcome).toEqual({ kind: 'started', status: 'IN_PROGRESS' });
    expect(starts()).toBe(1);
    const [result, decision] = await state.audit.recent(5);
    expect(decision).toMatchObject({ outcome: 'allowed', detail: 'listed user', user: 'U_ALLOWED' });
    expect(result).toMatchObject({
      action: 'rescan',
      outcome: 'started',
      user: 'U_ALLOWED',
      team: 'T1',
      channel: 'C1',
      target: 'basic',
      account: SANDBOX_ACCOUNTS.basic.accountId,
      region: SANDBOX_ACCOUNTS.basic.region,
      image: `${image('healthy').repositoryName}@${image('healthy').imageDigest}`,
    });
  });

  it('refuses an unauthorised user before any AWS call, audits it, and takes no claim', async () => {
    const { deps, state, outcomes } = setup();
    const refused = await press(deps, basic, 'healthy', 'U_STRANGER');
    expect(refused).toMatchObject({ kind: 'refused', reason: 'not-a-member' });
    expect(sandbox.stats.total()).toBe(0);
    const [entry] = await state.audit.recent(1);
    expect(entry).toMatchObject({ outcome: 'refused', user: 'U_STRANGER', detail: 'not-a-member' });
    expect((await press(deps, basic, 'healthy')).kind).toBe('started');
    expect(await outcomes()).toEqual(['started', 'allowed', 'refused']);
  });

  it('refuses everybody when no one is configured, with how to configure it', async () => {
    const { deps, outcomes } = setup({ users: [], groups: [] });
    const outcome = await press(deps, basic, 'healthy');
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'not-configured' });
    if (outcome.kind === 'refused') {
      expect(outcome.how).toContain('ECRSCAN_RESCAN_ALLOWED_USERGROUPS');
      expect(outcome.how).toContain('ECRSCAN_RESCAN_ALLOWED_USERS');
    }
    expect(sandbox.stats.total()).toBe(0);
    expect(await outcomes()).toEqual(['refused']);
  });

  it('allows a member of an allowed Slack user group, asking Slack once for two presses', async () => {
    const { client, calls } = fakeUsergroupsClient({ SPLATFORM: ['U_MEMBER'] });
    const cache = createCachedLoader({ cache: createMemoryCache(), log: captureLog().log });
    const members = createSlackUsergroupMembers({ client, cache, ttlMs: 300_000 });
    const { deps, state } = setup({ users: [], groups: ['SPLATFORM'], members });
    expect((await press(deps, basic, 'healthy', 'U_MEMBER')).kind).toBe('started');
    expect((await press(deps, basic, 'scan-clean', 'U_MEMBER')).kind).toBe('started');
    expect(calls).toHaveLength(1);
    expect(starts()).toBe(2);
    expect((await state.audit.recent(5)).find((e) => e.outcome === 'allowed')?.detail).toBe('member of SPLATFORM');
  });
});

describe('rescanImage: once', () => {
  it('a double click (two concurrent presses) starts exactly one scan; the other is "already requested"', async () => {
    const { deps, outcomes } = setup();
    const both = await Promise.all([press(deps, basic, 'healthy'), press(deps, basic, 'healthy')]);
    expect(both.map((o) => o.kind).sort()).toEqual(['already-requested', 'started']);
    expect(starts()).toBe(1);
    expect((await outcomes()).sort()).toEqual(['allowed', 'allowed', 'already-requested', 'started']);
  });

  it('a second rescan of the same image within 24 h is the quota answer, with the last scan and about when', async () => {
    const { deps } = setup();
    const clock = pollClock();
    expect((await press(deps, basic, 'never-scanned')).kind).toBe('started');
    const followed = await followRescan(
      { now: clock.now, sleep: clock.sleep, log: deps.log },
      { ports: basic, ...image('never-scanned'), onDone: () => {} },
    );
    expect(followed.kind).toBe('finished');
    const completedAt = followed.kind === 'finished' ? followed.scan.imageScanCompletedAt : undefined;
    expect(completedAt).toBeInstanceOf(Date);
    // The double-click window is over: the next press reaches AWS.
    await deps.once.release(
      rescanClaimKey(basic, image('never-scanned').repositoryName, image('never-scanned').imageDigest),
    );
    const again = await press(deps, basic, 'never-scanned');
    expect(again).toEqual({
      kind: 'limit-exceeded',
      message: 'The scan quota per image has been exceeded. Wait and try again.',
      scanStatus: 'COMPLETE',
      lastScanAt: completedAt,
      nextPossibleAt: new Date(completedAt!.getTime() + 24 * 3600_000),
    });
    expect(starts()).toBe(2);
  });

  it('limits presses per user when a rate limit is set; a limited press leaves the image unclaimed', async () => {
    const { deps, outcomes } = setup({ users: ['U_ALLOWED', 'U_OTHER'], rateLimit: { limit: 1 } });
    expect((await press(deps, basic, 'healthy')).kind).toBe('started');
    const limited = await press(deps, basic, 'scan-clean');
    expect(limited).toMatchObject({ kind: 'rate-limited' });
    if (limited.kind === 'rate-limited') {
      expect(limited.retryAfterMs).toBeGreaterThan(0);
      expect(limited.retryAfterMs).toBeLessThanOrEqual(600_000);
    }
    expect((await press(deps, basic, 'scan-clean', 'U_OTHER')).kind).toBe('started');
    expect(starts()).toBe(2);
    expect(await outcomes(3)).toEqual(['started', 'allowed', 'rate-limited']);
  });
});

describe('rescanImage: what AWS allows', () => {
  it.each(['enhanced-healthy', 'scan-on-push-only', 'enhanced-off'] as const)(
    'enhanced registry (%s): never StartImageScan, and no AWS call beyond reading the scan type',
    async (id) => {
      const { deps, outcomes } = setup();
      sandbox.stats.reset();
      const outcome = await press(deps, enhanced, id);
      // The options come from the image's answer (renderEnhancedOptions), which the button already has.
      expect(outcome).toEqual({ kind: 'enhanced' });
      expect(sandbox.stats.byOperation()).toEqual({ 'ecr:GetRegistryScanningConfiguration': 1 });
      expect(starts()).toBe(0);
      expect((await press(deps, enhanced, id)).kind).toBe('enhanced');
      expect(await outcomes(1)).toEqual(['enhanced']);
    },
  );

  it('drops the cached scan findings of the image after a start, so the next `why` reads the new scan', async () => {
    const { deps, cache } = setup();
    const { repositoryName, imageDigest } = image('healthy');
    const key = cacheKeys(TARGETS.basic).scanFindings(repositoryName, { imageDigest });
    await cache.set(key, { status: 'COMPLETE' }, 60_000);
    await cache.set('other', 1, 60_000);
    await press(deps, basic, 'healthy');
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.get('other')).toEqual({ value: 1 });
  });

  it('an archived image: the typed answer with AWS’s message', async () => {
    const { deps, state } = setup();
    const outcome = await press(deps, basic, 'archived');
    expect(outcome).toEqual({
      kind: 'image-archived',
      message: expect.stringContaining('The image is archived and cannot be scanned. Restore the image first.'),
    });
    expect((await state.audit.recent(1))[0]?.detail).toMatch(/ecr:StartImageScan: ImageArchivedException/);
  });

  it('an image type ECR cannot scan: the typed answer', async () => {
    const { deps } = setup();
    const { repositoryName, imageDigest } = image('healthy');
    const repo = sandbox.world.registries
      .get(registryKey(TARGETS.basic.accountId, TARGETS.basic.region))!
      .repositories.get(repositoryName)!;
    repo.images.put({
      ...repo.images.byDigest(imageDigest)!,
      manifestMediaType: 'application/vnd.oci.image.index.v1+json',
    });
    expect(await press(deps, basic, 'healthy')).toEqual({
      kind: 'unsupported-image-type',
      message: expect.stringContaining('The image is of a type that cannot be scanned.'),
    });
  });

  it('AWS failing on StartImageScan: a failed answer with the code; the claim is kept (the scan may have started)', async () => {
    const { deps } = setup();
    sandbox.faults.set({ serverErrors: { fraction: 1, operations: ['ecr:StartImageScan'] } });
    expect(await press(deps, basic, 'healthy')).toMatchObject({ kind: 'failed', code: 'UNAVAILABLE' });
    expect(starts()).toBe(1);
    sandbox.faults.reset();
    expect((await press(deps, basic, 'healthy')).kind).toBe('already-requested');
  });

  it('AWS failing before the start: a failed answer, and the claim is released so the user can retry', async () => {
    const { deps, outcomes } = setup();
    sandbox.faults.set({ serverErrors: { fraction: 1, operations: ['ecr:GetRegistryScanningConfiguration'] } });
    expect(await press(deps, basic, 'healthy')).toMatchObject({ kind: 'failed', code: 'UNAVAILABLE' });
    expect(starts()).toBe(0);
    sandbox.faults.reset();
    expect((await press(deps, basic, 'healthy')).kind).toBe('started');
    expect(await outcomes()).toEqual(['started', 'allowed', 'failed', 'allowed']);
  });

  it.each([
    ['a digest that is not sha256', 'team-api', 'sha256:xyz'],
    [
      'a repository name with a registry host',
      '111111111111.dkr.ecr.us-east-1.amazonaws.com/team-api',
      `sha256:${'a'.repeat(64)}`,
    ],
    ['an empty repository name', '', `sha256:${'a'.repeat(64)}`],
  ])('refuses %s without calling AWS', async (_what, repositoryName, imageDigest) => {
    const { deps, outcomes } = setup();
    const outcome = await rescanImage(deps, { ports: basic, repositoryName, imageDigest, user: 'U_ALLOWED' });
    expect(outcome).toMatchObject({ kind: 'failed', code: 'VALIDATION' });
    expect(sandbox.stats.total()).toBe(0);
    expect(await outcomes()).toEqual(['failed', 'allowed']);
  });
});
