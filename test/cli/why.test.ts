/**
 * `ecrscan why` as a user runs it: the SDK reads AWS_ENDPOINT_URL_* and credentials from the environment
 * (nothing injected), other accounts are reached by assuming a role through STS, answers and exit statuses
 * are what a pipeline would gate on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { fakeIo } from '../support/fake-io.js';
import { type SandboxCliEnv, startSandboxCliEnv } from '../support/sandbox-cli-env.js';

let cli: SandboxCliEnv;
let sandbox: RunningSandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cli = await startSandboxCliEnv('why');
  sandbox = cli.sandbox;
  env = cli.env;
});

afterAll(async () => {
  await cli?.close();
});

const seeded = (id: string) => SEEDED_IMAGES.find((i) => i.id === id)!;

async function why(...args: string[]) {
  const { io, stdout, stderr } = fakeIo(env);
  const status = await main(['why', ...args], io);
  return { status, stdout: stdout(), stderr: stderr() };
}

describe('ecrscan why', () => {
  it.each([
    ['healthy', 0],
    ['scan-clean', 0],
    ['in-progress', 0],
    ['scratch', 1],
    ['undefined-severity', 1],
    ['never-scanned', 1],
    ['expired', 1],
    ['expiring', 1],
    ['inspector-disabled', 1],
  ])('%s → its code, exit %i (JSON)', async (id, exitStatus) => {
    const image = seeded(id);
    const result = await why(image.ref, '--json');
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json.diagnoses.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(image.expectedCodes));
    expect(json.image.digest).toBe(image.digest);
    expect(json.scan).toEqual(expect.objectContaining({ type: expect.any(String), status: expect.any(String) }));
    expect(json.severityCounts).toBeTypeOf('object');
    expect(result.status).toBe(exitStatus);
  });

  it('prints readable text without colour when stdout is not a terminal', async () => {
    const result = await why(seeded('scratch').ref);
    expect(result.stdout).toContain('UNSUPPORTED_IMAGE');
    expect(result.stdout).toContain('Fix:');
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.status).toBe(1);
  });

  it('a short reference uses the default target (AWS_REGION, default credentials)', async () => {
    const image = seeded('healthy');
    const result = await why(`${image.repositoryName}:${image.tag}`, '--json');
    expect(JSON.parse(result.stdout).image.accountId).toBe('111111111111');
    expect(result.status).toBe(0);
  });

  it('--target selects a configured target', async () => {
    const image = seeded('expired');
    const result = await why(`${image.repositoryName}:${image.tag}`, '--target', 'enhanced', '--json');
    expect(JSON.parse(result.stdout).diagnoses[0].code).toBe('SCAN_ELIGIBILITY_EXPIRED');
  });

  it.each([
    [['repo:bad tag'], 'INVALID_REFERENCE'],
    [['Payments:1'], 'INVALID_REFERENCE'],
    [['xy:1', '--target', 'nope'], 'UNKNOWN_TARGET'],
  ])('%j → error %s, exit 2', async (args, code) => {
    const result = await why(...args, '--json');
    expect(JSON.parse(result.stdout).error.code).toBe(code);
    expect(result.status).toBe(2);
  });

  it('a missing repository is named, with close matches', async () => {
    const image = seeded('healthy');
    const typo = `${image.repositoryName.slice(0, -1)}x`;
    const result = await why(`${typo}:${image.tag}`, '--json');
    const { error } = JSON.parse(result.stdout);
    expect(error.code).toBe('REPOSITORY_NOT_FOUND');
    expect(error.hints.join(' ')).toContain(image.repositoryName);
    expect(result.status).toBe(2);
  });

  it('a missing tag is named, with close tags', async () => {
    const image = seeded('healthy');
    const result = await why(`${image.repositoryName}:${image.tag}x`);
    expect(result.stderr).toContain(`No image tagged "${image.tag}x"`);
    expect(result.stderr).toContain(`${image.repositoryName}:${image.tag}`);
    expect(result.status).toBe(2);
  });

  it('AWS unreachable → AWS_UNAVAILABLE, exit 2, no stack trace', async () => {
    const closed = await startSandbox();
    await closed.close();
    const { io, stdout } = fakeIo(env);
    vi.stubEnv('AWS_ENDPOINT_URL_ECR', closed.url);
    vi.stubEnv('AWS_ENDPOINT_URL_INSPECTOR2', closed.url);
    try {
      const status = await main(['why', 'anything:1', '--json'], io);
      const { error } = JSON.parse(stdout());
      expect(error.code).toBe('AWS_UNAVAILABLE');
      expect(error.message).not.toMatch(/\n\s+at /);
      expect(status).toBe(2);
    } finally {
      vi.stubEnv('AWS_ENDPOINT_URL_ECR', sandbox.url);
      vi.stubEnv('AWS_ENDPOINT_URL_INSPECTOR2', sandbox.url);
    }
  });

  it('bad usage → exit 2 with the usage line', async () => {
    const result = await why();
    expect(result.stderr).toContain('Usage: ecrscan why');
    expect(result.status).toBe(2);
  });
});
