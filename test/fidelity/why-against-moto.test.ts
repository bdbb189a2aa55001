/**
 * `ecrscan why` against moto_server — an independent ECR implementation — seeded through the AWS CLI.
 * moto can show: a completed scan with findings, never scanned (no rule matches), scan not started
 * (a rule matches), a missing tag and a missing repository. It cannot show failed/unsupported scans,
 * UNDEFINED severities, expiry or scans in progress (see MOTO_ECR_SCAN_SUPPORT); the sandbox tests
 * (test/cli/why.test.ts) cover those. moto has no Inspector for ECR: ecrscan must answer anyway.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../support/fake-io.js';
import { type MotoServer, startMotoServer } from '../support/moto-server.js';
import { type CliSeededRegistry, seedBasicRegistryThroughCli } from '../support/seed-through-cli.js';

let moto: MotoServer;
let seeded: CliSeededRegistry;
const REGION = 'us-east-1';

beforeAll(async () => {
  moto = await startMotoServer();
  // No prefix: moto anchors scan filters at the start of the name (AWS matches substrings), so `prod`
  // matches `prod-api` in both.
  seeded = await seedBasicRegistryThroughCli(moto.url, { region: REGION, accessKeyId: 'testing', prefix: '' });
  const env = {
    AWS_ENDPOINT_URL_ECR: moto.url,
    // Nothing answers here: Inspector unreachable must not stop an ECR answer.
    AWS_ENDPOINT_URL_INSPECTOR2: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: REGION,
    AWS_MAX_ATTEMPTS: '1',
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await moto?.close();
});

async function why(ref: string) {
  const { io, stdout } = fakeIo({ AWS_REGION: REGION });
  const status = await main(['why', ref, '--json'], io);
  return { status, json: JSON.parse(stdout()) };
}

describe('ecrscan why against moto_server', () => {
  it('a completed scan with findings → SCAN_OK, exit 0', async () => {
    const image = seeded.images.complete;
    const { status, json } = await why(`${image.repositoryName}:${image.tag}`);
    expect(json.diagnoses.map((d: { code: string }) => d.code)).toContain('SCAN_OK');
    expect(json.scan).toMatchObject({ type: 'BASIC', status: 'COMPLETE' });
    expect(json.severityCounts.HIGH).toBeGreaterThan(0);
    expect(status).toBe(0);
  });

  it('never scanned and no scan-on-push rule matches → NO_MATCHING_SCAN_RULE, exit 1', async () => {
    const image = seeded.images['never-scanned'];
    const { status, json } = await why(`${image.repositoryName}:${image.tag}`);
    expect(json.diagnoses[0].code).toBe('NO_MATCHING_SCAN_RULE');
    expect(json.scan.status).toBe('NOT_SCANNED');
    expect(status).toBe(1);
  });

  it('a rule matches but the image has no scan → SCAN_NOT_STARTED, exit 1', async () => {
    const image = seeded.images['scan-not-started'];
    const { status, json } = await why(`${image.repositoryName}:${image.tag}`);
    expect(json.diagnoses[0].code).toBe('SCAN_NOT_STARTED');
    expect(status).toBe(1);
  });

  it('a missing tag → IMAGE_NOT_FOUND, exit 2', async () => {
    const { status, json } = await why(`${seeded.missingTag.repositoryName}:${seeded.missingTag.tag}`);
    expect(json.error.code).toBe('IMAGE_NOT_FOUND');
    expect(status).toBe(2);
  });

  it('a missing repository → REPOSITORY_NOT_FOUND, exit 2', async () => {
    const { status, json } = await why(`${seeded.missingRepository.repositoryName}:${seeded.missingRepository.tag}`);
    expect(json.error.code).toBe('REPOSITORY_NOT_FOUND');
    expect(status).toBe(2);
  });
});
