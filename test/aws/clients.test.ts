import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetRegistryScanningConfigurationCommand } from '@aws-sdk/client-ecr';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AwsClientOptions, createAwsClients } from '../../src/aws/clients.js';
import { createAwsPorts } from '../../src/aws/create-aws-ports.js';
import { mapAwsError } from '../../src/aws/map-aws-error.js';
import type { Target } from '../../src/aws/ports.js';
import { SANDBOX_ACCOUNTS, SANDBOX_SECRET_ACCESS_KEY } from '../../src/sandbox/accounts.js';
import { seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { collect, sandboxPorts } from './helpers/sandbox-ports.js';

const { basic, enhanced } = SANDBOX_ACCOUNTS;
const ENHANCED_ROLE = `arn:aws:iam::${enhanced.accountId}:role/ecrscan-reader`;

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterEach(() => {
  sandbox.faults.reset();
  sandbox.stats.reset();
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await sandbox.close();
});

function basicClients(opts: AwsClientOptions = {}) {
  const attempts: string[] = [];
  const clients = createAwsClients(
    { name: 'basic', region: basic.region },
    {
      endpoint: sandbox.url,
      credentials: { accessKeyId: basic.accountId, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
      onCall: (operation, attempt) => attempts.push(`${operation}#${attempt}`),
      ...opts,
    },
  );
  return { clients, attempts };
}

/** True when every attempt after the first of a call directly follows the previous attempt of that call. */
function attemptsAreConsecutive(log: string[]): boolean {
  return log.every((entry, i) => {
    const attempt = Number(entry.split('#')[1]);
    return attempt === 1 || log[i - 1] === `${entry.split('#')[0]}#${attempt - 1}`;
  });
}

describe('retries and onCall', () => {
  it('rides out 30% throttling; onCall counts every attempt the sandbox saw', async () => {
    const ports = sandboxPorts(sandbox, basic);
    const enhancedPorts = sandboxPorts(sandbox, enhanced);
    const image = seededImage('healthy');
    // Seed 5 throttles a few calls, each only once, so backoff (Inspector's Retry-After: 1 s) stays short.
    sandbox.faults.set({ throttle: { fraction: 0.3 }, seed: 5 });
    try {
      for (let i = 0; i < 8; i++) {
        await expect(ports.ecr.describeImage(image.repositoryName, { imageTag: image.tag })).resolves.toMatchObject({
          imageDigest: image.digest,
        });
      }
      for (let i = 0; i < 3; i++) {
        await expect(enhancedPorts.inspector.getConfiguration()).resolves.toMatchObject({ rescanDuration: 'DAYS_30' });
      }
      const log = [...ports.calls.attempts, ...enhancedPorts.calls.attempts];
      expect(log.filter((a) => a.endsWith('#1'))).toHaveLength(11);
      expect(ports.calls.attempts.length).toBeGreaterThan(8);
      expect(enhancedPorts.calls.attempts.length).toBeGreaterThan(3);
      expect(sandbox.stats.total()).toBe(log.length);
      expect(attemptsAreConsecutive(ports.calls.attempts)).toBe(true);
      expect(attemptsAreConsecutive(enhancedPorts.calls.attempts)).toBe(true);
    } finally {
      ports.destroy();
      enhancedPorts.destroy();
    }
  });

  it('gives up after maxAttempts and reports THROTTLED', async () => {
    const { clients, attempts } = basicClients({ maxAttempts: 3 });
    sandbox.faults.set({ throttle: { fraction: 1, operations: ['ecr:GetRegistryScanningConfiguration'] } });
    try {
      const err = await clients.ecr.send(new GetRegistryScanningConfigurationCommand({})).catch((e) => e);
      expect(mapAwsError(err, 'ecr:GetRegistryScanningConfiguration').code).toBe('THROTTLED');
      expect(attempts).toEqual([
        'ecr:GetRegistryScanningConfiguration#1',
        'ecr:GetRegistryScanningConfiguration#2',
        'ecr:GetRegistryScanningConfiguration#3',
      ]);
    } finally {
      clients.destroy();
    }
  });

  it('takes the attempt count from AWS_MAX_ATTEMPTS when none is given', async () => {
    const { clients, attempts } = basicClients({ env: { AWS_MAX_ATTEMPTS: '2' } });
    sandbox.faults.set({ serverErrors: { fraction: 1, operations: ['ecr:GetRegistryScanningConfiguration'] } });
    try {
      const err = await clients.ecr.send(new GetRegistryScanningConfigurationCommand({})).catch((e) => e);
      expect(mapAwsError(err, 'ecr:GetRegistryScanningConfiguration')).toMatchObject({
        code: 'UNAVAILABLE',
        awsName: 'ServerException',
        httpStatus: 500,
      });
      expect(attempts).toHaveLength(2);
    } finally {
      clients.destroy();
    }
  });

  it('ecrNoRetry makes exactly one attempt', async () => {
    const { clients, attempts } = basicClients();
    sandbox.faults.set({ throttle: { fraction: 1 } });
    try {
      await expect(clients.ecrNoRetry.send(new GetRegistryScanningConfigurationCommand({}))).rejects.toMatchObject({
        name: 'ThrottlingException',
      });
      expect(attempts).toEqual(['ecr:GetRegistryScanningConfiguration#1']);
      expect(sandbox.stats.byOperation()).toEqual({ 'ecr:GetRegistryScanningConfiguration': 1 });
    } finally {
      clients.destroy();
    }
  });
});

describe('timeouts and unreachable endpoints', () => {
  it('a request slower than requestTimeoutMs fails as UNAVAILABLE', async () => {
    const ports = sandboxPorts(sandbox, basic, { requestTimeoutMs: 100, maxAttempts: 1 });
    sandbox.faults.set({ latencyMs: 1000 });
    try {
      const err = await ports.ecr.getRegistryScanningConfiguration().catch((e) => e);
      expect(err).toMatchObject({
        name: 'AwsError',
        code: 'UNAVAILABLE',
        awsName: 'TimeoutError',
        operation: 'ecr:GetRegistryScanningConfiguration',
      });
    } finally {
      ports.destroy();
    }
  });

  it('a refused connection is UNAVAILABLE', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const ports = createAwsPorts(
      { name: 'nowhere', region: basic.region },
      {
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: basic.accountId, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
        maxAttempts: 1,
      },
    );
    try {
      const err = await ports.inspector.getConfiguration().catch((e) => e);
      expect(err).toMatchObject({ code: 'UNAVAILABLE', operation: 'inspector2:GetConfiguration' });
      expect(err.message).toContain('ECONNREFUSED');
    } finally {
      ports.destroy();
    }
  });
});

describe('assumed-role targets', () => {
  const target: Target = { name: 'enhanced-by-role', region: enhanced.region, roleArn: ENHANCED_ROLE };
  const baseCredentials = { accessKeyId: basic.accountId, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY };

  it('assumes the role once through the given endpoint and acts as that account', async () => {
    const ports = createAwsPorts(target, { endpoint: sandbox.url, credentials: baseCredentials });
    try {
      await expect(ports.ecr.getRegistryScanningConfiguration()).resolves.toMatchObject({
        registryId: enhanced.accountId,
        scanType: 'ENHANCED',
      });
      await expect(ports.inspector.batchGetAccountStatus()).resolves.toEqual([
        { accountId: enhanced.accountId, ecrStatus: 'ENABLED', accountState: 'ENABLED' },
      ]);
      const image = seededImage('enhanced-healthy');
      await expect(ports.ecr.startImageScan(image.repositoryName, { imageTag: image.tag })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      expect(sandbox.stats.byOperation()['sts:AssumeRole']).toBe(1);
    } finally {
      ports.destroy();
    }
  });

  it('honours AWS_ENDPOINT_URL_ECR / _INSPECTOR2 / _STS when no endpoint is given', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_ECR', sandbox.url);
    vi.stubEnv('AWS_ENDPOINT_URL_INSPECTOR2', sandbox.url);
    vi.stubEnv('AWS_ENDPOINT_URL_STS', sandbox.url);
    const ports = createAwsPorts(target, { credentials: baseCredentials });
    try {
      const repositories = (await collect(ports.ecr.describeRepositories(['svc-checkout']))).flat();
      expect(repositories.map((r) => r.registryId)).toEqual([enhanced.accountId]);
      await expect(ports.inspector.getConfiguration()).resolves.toMatchObject({ pullDateRescanMode: 'LAST_PULL_DATE' });
      expect(sandbox.stats.byOperation()).toEqual({
        'ecr:DescribeRepositories': 1,
        'inspector2:GetConfiguration': 1,
        'sts:AssumeRole': 1,
      });
    } finally {
      ports.destroy();
    }
  });

  it('reports a rejected AssumeRole as an AwsError of the call that needed it', async () => {
    const ports = createAwsPorts(
      { ...target, roleArn: 'arn:aws:iam::not-an-account:role/x' },
      { endpoint: sandbox.url, credentials: baseCredentials, maxAttempts: 1 },
    );
    try {
      const err = await ports.ecr.getRegistryScanningConfiguration().catch((e) => e);
      expect(err).toMatchObject({
        name: 'AwsError',
        code: 'VALIDATION',
        awsName: 'ValidationError',
        operation: 'ecr:GetRegistryScanningConfiguration',
      });
      expect(sandbox.stats.byOperation()['sts:AssumeRole']).toBe(1);
      expect(sandbox.stats.byOperation()['ecr:GetRegistryScanningConfiguration']).toBeUndefined();
    } finally {
      ports.destroy();
    }
  });
});
