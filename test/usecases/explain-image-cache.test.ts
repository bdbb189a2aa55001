/**
 * The `why` use case over the real adapters, the sandbox and real Redis: how many AWS calls a question
 * costs cold, warm, from a second replica, with --fresh, and with Redis gone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Core, createCore } from '../../src/core.js';
import { createLogger } from '../../src/logger.js';
import { sandboxAwsOptions } from '../../src/sandbox/client-options.js';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { deleteKeysWithPrefix } from '../support/redis-keys.js';

let sandbox: RunningSandbox;
const cores: Core[] = [];
const prefix = `ecrscan-test:explain:${randomUUID()}:`;
const quiet = createLogger({ level: 'silent' });

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await deleteKeysWithPrefix(inject('redisUrl'), prefix);
  await sandbox.close();
});

async function makeCore(redisUrl: string | undefined) {
  const calls: string[] = [];
  const config = loadConfig({ AWS_REGION: 'us-east-1', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
  const core = await createCore({
    config,
    log: quiet,
    redisPrefix: prefix,
    onAwsCall: (op) => calls.push(op),
    awsOptions: sandboxAwsOptions(sandbox.url),
  });
  cores.push(core);
  return { core, calls };
}

const seeded = (id: string) => SEEDED_IMAGES.find((i) => i.id === id)!;

describe('explain-image with the cache', () => {
  it('cold: one parallel batch of reads (no Inspector repeat calls); warm: no AWS call at all', async () => {
    const { core, calls } = await makeCore(inject('redisUrl'));
    const ref = seeded('healthy').ref;
    const cold = await core.explain(ref);
    expect(cold.diagnoses.map((d) => d.code)).toContain('SCAN_OK');
    const coldCalls = [...calls].sort();
    // Every read of the question, each once: no retries, no duplicate reads.
    expect(new Set(coldCalls).size).toBe(coldCalls.length);
    expect(coldCalls).toEqual(
      expect.arrayContaining([
        'ecr:DescribeImages',
        'ecr:DescribeImageScanFindings',
        'ecr:GetRegistryScanningConfiguration',
        'ecr:BatchGetRepositoryScanningConfiguration',
      ]),
    );
    calls.length = 0;
    const warm = await core.explain(ref);
    expect(calls).toEqual([]);
    expect(warm.diagnoses).toEqual(cold.diagnoses);
  });

  it('a known BASIC registry spares the Inspector calls', async () => {
    const { core, calls } = await makeCore(inject('redisUrl'));
    await core.explain(seeded('scan-clean').ref, { fresh: true });
    calls.length = 0;
    await core.explain(seeded('in-progress').ref);
    expect(calls.filter((c) => c.startsWith('inspector2:'))).toEqual([]);
  });

  it('a second replica sharing Redis answers warm without AWS calls', async () => {
    const first = await makeCore(inject('redisUrl'));
    const second = await makeCore(inject('redisUrl'));
    const ref = seeded('expired').ref;
    await first.core.explain(ref);
    const answer = await second.core.explain(ref);
    expect(second.calls).toEqual([]);
    expect(answer.diagnoses[0]?.code).toBe('SCAN_ELIGIBILITY_EXPIRED');
    // Dates survive the trip through Redis.
    expect(answer.facts.image.imagePushedAt).toBeInstanceOf(Date);
  });

  it('--fresh goes back to AWS', async () => {
    const { core, calls } = await makeCore(inject('redisUrl'));
    const ref = seeded('undefined-severity').ref;
    await core.explain(ref);
    calls.length = 0;
    await core.explain(ref, { fresh: true });
    expect(calls).toContain('ecr:DescribeImageScanFindings');
  });

  it('a multi-arch index: its platform images share the account-wide Inspector reads, even with --fresh', async () => {
    const { core, calls } = await makeCore(inject('redisUrl'));
    await core.explain(seeded('manifest-list').ref, { fresh: true });
    const count = (op: string) => calls.filter((c) => c === op).length;
    expect(count('inspector2:BatchGetAccountStatus')).toBe(1);
    expect(count('inspector2:GetConfiguration')).toBe(1);
    // One coverage read for the index and one per platform image.
    expect(count('inspector2:ListCoverage')).toBeGreaterThan(1);
  });

  it('identical concurrent questions cost one set of AWS calls', async () => {
    const { core, calls } = await makeCore(inject('redisUrl'));
    const ref = seeded('scan-on-push-only').ref;
    await Promise.all(Array.from({ length: 10 }, () => core.explain(ref, { fresh: false })));
    expect(calls.filter((c) => c === 'ecr:DescribeImages')).toHaveLength(1);
  });

  it('with Redis unreachable, answers still come from AWS', async () => {
    const { core, calls } = await makeCore('redis://127.0.0.1:1');
    const answer = await core.explain(seeded('scratch').ref);
    expect(answer.diagnoses[0]?.code).toBe('UNSUPPORTED_IMAGE');
    expect(calls.length).toBeGreaterThan(0);
  });

  it('without REDIS_URL, the in-memory cache serves warm answers', async () => {
    const { core, calls } = await makeCore(undefined);
    const ref = seeded('windows').ref;
    await core.explain(ref);
    calls.length = 0;
    await core.explain(ref);
    expect(calls).toEqual([]);
  });
});
