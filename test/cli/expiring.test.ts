/**
 * `ecrscan expiring` as a user runs it against the seeded sandbox: every configured target (the default account,
 * an enhanced one and one without Inspector, reached through STS roles) and exactly the seeded expiring and
 * expired images, with the dates computed from the sandbox's own data.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { estimateExpiry } from '../../src/diagnosis/expiry.js';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { registryKey } from '../../src/sandbox/world.js';
import { fakeIo } from '../support/fake-io.js';
import { type SandboxCliEnv, startSandboxCliEnv } from '../support/sandbox-cli-env.js';

let cli: SandboxCliEnv;
let sandbox: RunningSandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cli = await startSandboxCliEnv('expiring');
  sandbox = cli.sandbox;
  env = cli.env;
});

afterAll(async () => {
  await cli?.close();
});

async function expiring(...args: string[]) {
  const { io, stdout, stderr } = fakeIo(env);
  const status = await main(['expiring', ...args], io);
  return { status, stdout: stdout(), stderr: stderr() };
}

const seeded = (id: string) => SEEDED_IMAGES.find((i) => i.id === id)!;

/** The seeded image as the sandbox holds it, and the expiry `why` would compute from the same data. */
function sandboxExpiry(id: string) {
  const image = seeded(id);
  const registry = sandbox.world.registries.get(registryKey(image.accountId, image.region))!;
  const stored = registry.repositories.get(image.repositoryName)!.images.byDigest(image.digest)!;
  const { inspector } = registry;
  return estimateExpiry(
    {
      registryId: image.accountId,
      repositoryName: image.repositoryName,
      imageDigest: image.digest,
      imageTags: [...stored.tags],
      imagePushedAt: stored.pushedAt,
      lastRecordedPullTime: stored.lastRecordedPullTime,
      imageStatus: stored.imageStatus,
    },
    {
      rescanDuration: inspector.rescanDuration,
      pullDateRescanDuration: inspector.pullDateRescanDuration,
      pullDateRescanMode: inspector.pullDateRescanMode,
      status: inspector.status,
    },
    {
      resourceId: '',
      accountId: image.accountId,
      statusCode: stored.coverage?.statusCode ?? '',
      reason: stored.coverage?.reason ?? '',
      imageTags: [...stored.tags],
      imagePulledAt: stored.lastRecordedPullTime,
    },
    new Date(),
  );
}

describe('ecrscan expiring', () => {
  it('--json lists exactly the seeded expired and expiring images, with their dates; exit 1', async () => {
    const result = await expiring('--json');
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.errors).toEqual([]);
    expect(report.withinDays).toBe(7);
    expect(report.images.map((i: { imageDigest: string }) => i.imageDigest)).toEqual([
      seeded('expired').digest,
      seeded('expiring').digest,
    ]);
    const [expired, soon] = report.images;
    expect(expired).toMatchObject({
      accountId: '222222222222',
      region: 'eu-west-1',
      repositoryName: seeded('expired').repositoryName,
      imageTags: [seeded('expired').tag],
      state: 'expired',
      expiresAt: sandboxExpiry('expired').expiresAt?.toISOString(),
    });
    expect(soon).toMatchObject({
      repositoryName: seeded('expiring').repositoryName,
      imageTags: [seeded('expiring').tag],
      state: 'expiring',
      expiresAt: sandboxExpiry('expiring').expiresAt?.toISOString(),
    });
    // The seeded story: pushed 60 days ago and pulled 40 days ago lapses 26 days ago; 27 days ago lapses in 3.
    const daysFromNow = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 86_400_000);
    expect(daysFromNow(expired.expiresAt)).toBe(-26);
    expect(daysFromNow(soon.expiresAt)).toBe(3);
    expect(report.counts).toEqual({
      expiring: 1,
      expired: 1,
      byAccount: { '222222222222': { expiring: 1, expired: 1 } },
    });
    expect(result.status).toBe(1);
  });

  it('--severity adds each image highest finding severity, as the sandbox holds its findings', async () => {
    const image = seeded('expiring');
    const registry = sandbox.world.registries.get(registryKey(image.accountId, image.region))!;
    const vulns = registry.repositories.get(image.repositoryName)!.images.byDigest(image.digest)!.scan!.vulns;
    const rank = ['MEDIUM', 'HIGH', 'CRITICAL'];
    const highest = rank[Math.max(...vulns.map((v) => rank.indexOf(v.severity)))];
    expect(highest).toBe('HIGH');
    const report = JSON.parse((await expiring('--severity', '--json')).stdout);
    const by = (id: string) => report.images.find((i: { imageDigest: string }) => i.imageDigest === seeded(id).digest);
    expect(by('expiring').highestSeverity).toBe(highest);
    // Inspector closed the expired image's findings: its severity is unknown, not "none".
    expect(by('expired').highestSeverity).toBeUndefined();
    const table = (await expiring('--severity')).stdout;
    expect(table).toMatch(/SEVERITY/);
    const expiredRow = table.split('\n').find((l) => l.startsWith(seeded('expired').repositoryName));
    expect(expiredRow).toMatch(/ unknown /);
  });

  it('--min-severity CRITICAL leaves out the HIGH image and keeps the expired one of unknown severity', async () => {
    const critical = JSON.parse((await expiring('--min-severity', 'critical', '--json')).stdout);
    expect(critical.images.map((i: { imageDigest: string }) => i.imageDigest)).toEqual([seeded('expired').digest]);
    expect(critical.counts).toMatchObject({ expiring: 0, expired: 1 });
    const high = JSON.parse((await expiring('--min-severity', 'HIGH', '--json')).stdout);
    expect(high.images).toHaveLength(2);
    const bad = await expiring('--min-severity', 'SEVERE');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"SEVERE" is not a severity');
  });

  it('counts the images Inspector cannot scan at all (unsupported OS or media type), per repository filter', async () => {
    const unsupported: string[] = [];
    for (const registry of sandbox.world.registries.values()) {
      for (const repository of registry.repositories.values()) {
        for (let i = 0; i < repository.images.size; i++) {
          const reason = repository.images.at(i).coverage?.reason;
          if (reason === 'UNSUPPORTED_OS' || reason === 'UNSUPPORTED_MEDIA_TYPE') unsupported.push(repository.name);
        }
      }
    }
    expect(unsupported.length).toBeGreaterThanOrEqual(3);
    const all = JSON.parse((await expiring('--json')).stdout);
    expect(all.unsupported).toBe(unsupported.length);
    const windows = seeded('windows').repositoryName;
    const one = JSON.parse((await expiring('--repo', windows, '--json')).stdout);
    expect(one.unsupported).toBe(unsupported.filter((r) => r === windows).length);
  });

  it('--within 30d also lists images whose eligibility ends later', async () => {
    const report = JSON.parse((await expiring('--within', '30d', '--json')).stdout);
    const digests = report.images.map((i: { imageDigest: string }) => i.imageDigest);
    expect(digests).toEqual(
      expect.arrayContaining([seeded('enhanced-clean').digest, seeded('scan-on-push-only').digest]),
    );
    expect(report.counts.expiring).toBeGreaterThan(1);
  });

  it.each([
    [['--repo', 'payments'], ['expiring']],
    [['--repo', 'svc-inv*'], ['expired']],
    [
      ['--repo', 'payments', '--repo', 'inventory'],
      ['expired', 'expiring'],
    ],
    [
      ['--repo', 'svc'],
      ['expired', 'expiring'],
    ],
    // With "*" a filter must match the whole name: "svc*pay" matches neither.
    [['--repo', 'svc*pay'], []],
  ])('%j → %j', async (args, ids) => {
    const result = await expiring(...args, '--json');
    const report = JSON.parse(result.stdout);
    expect(report.images.map((i: { imageDigest: string }) => i.imageDigest)).toEqual(
      ids.map((id) => seeded(id).digest),
    );
    expect(result.status).toBe(ids.length ? 1 : 0);
  });

  it('--expired-since leaves out images that lapsed before', async () => {
    const report = JSON.parse((await expiring('--expired-since', '7d', '--json')).stdout);
    expect(report.images.map((i: { state: string }) => i.state)).toEqual(['expiring']);
  });

  it('--target reads one target only: the account without Inspector has nothing, exit 0', async () => {
    const result = await expiring('--target', 'no-inspector');
    expect(result.stdout).toMatch(/^0 expiring within 7 days, 0 expired/);
    expect(result.status).toBe(0);
  });

  it('prints a table: image, account, state, "around" dates and the cause', async () => {
    const result = await expiring();
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^1 expiring within 7 days, 1 expired \(as of .*; dates are approximate\)$/);
    expect(lines[2]).toMatch(/^IMAGE\s+ACCOUNT\s+STATE\s+EXPIRY\s+CAUSE$/);
    const expiredRow = lines.find((l) => l.startsWith(`${seeded('expired').repositoryName}:`));
    expect(expiredRow).toMatch(
      /222222222222 eu-west-1\s+expired\s+ended around \d{4}-\d{2}-\d{2}\s+Scan eligibility expired/,
    );
    const soonRow = lines.find((l) => l.startsWith(`${seeded('expiring').repositoryName}:${seeded('expiring').tag}`));
    expect(soonRow).toMatch(/expiring\s+around \d{4}-\d{2}-\d{2}\s+The push window \(DAYS_30/);
    expect(soonRow).toContain('a pull or a new digest keeps it scanned');
    expect(result.stdout).toContain('222222222222: 1 expiring, 1 expired');
    expect(result.status).toBe(1);
  });

  it.each([
    [['--within', '7x'], '--within "7x" is not a number of days'],
    [['--within=-1d'], '--within "-1d" is not a number of days'],
    [['--within', '400d'], '--within "400d" is not a number of days'],
    [['--expired-since', '2026-02-30'], '--expired-since "2026-02-30" is not a calendar date'],
    [['--repo', ''], '--repo needs a filter'],
    [['extra'], 'unexpected argument "extra"'],
    [['--nope'], "Unknown option '--nope'"],
  ])('%j → usage error, exit 2', async (args, message) => {
    const result = await expiring(...args);
    expect(result.stderr).toContain(`ecrscan expiring: ${message}`);
    expect(result.stderr).toContain('Usage: ecrscan expiring');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });

  it('an unknown target → UNKNOWN_TARGET, exit 2', async () => {
    const result = await expiring('--target', 'nope', '--json');
    expect(JSON.parse(result.stdout).error.code).toBe('UNKNOWN_TARGET');
    expect(result.status).toBe(2);
  });

  it('AWS unreachable → every target listed as not read, exit 2', async () => {
    const closed = await startSandbox();
    await closed.close();
    vi.stubEnv('AWS_ENDPOINT_URL_INSPECTOR2', closed.url);
    try {
      const result = await expiring('--json');
      const report = JSON.parse(result.stdout);
      expect(report.errors.map((e: { target: string }) => e.target).sort()).toEqual([
        'default',
        'enhanced',
        'no-inspector',
      ]);
      expect(report.errors[0].message).toMatch(/Inspector coverage could not be read/);
      expect(result.status).toBe(2);
    } finally {
      vi.stubEnv('AWS_ENDPOINT_URL_INSPECTOR2', sandbox.url);
    }
  });
});
