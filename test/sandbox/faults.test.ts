import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { GetConfigurationCommand, ThrottlingException } from '@aws-sdk/client-inspector2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/sandbox/faults.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { ecrClient, inspectorClient } from './clients.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(() => {
  sandbox.faults.reset();
  sandbox.stats.reset();
});
afterAll(() => sandbox.close());

describe('FaultInjector', () => {
  it('is reproducible from its seed and hits about the asked fraction', () => {
    const run = () => {
      const injector = new FaultInjector();
      injector.set({ throttle: { fraction: 0.3 }, seed: 42 });
      return Array.from({ length: 1000 }, () => injector.decide('ecr:DescribeImages', 'a', 0).fault ?? 'ok');
    };
    const first = run();
    expect(run()).toEqual(first);
    const throttled = first.filter((f) => f === 'throttle').length;
    expect(throttled).toBeGreaterThan(250);
    expect(throttled).toBeLessThan(350);
  });

  it('limits each account and operation to ratePerSecond with a token bucket', () => {
    const injector = new FaultInjector();
    injector.set({ throttle: { ratePerSecond: 5 } });
    const burst = Array.from({ length: 8 }, () => injector.decide('ecr:DescribeImages', 'a', 1000).fault);
    expect(burst.filter((f) => f === 'throttle')).toHaveLength(3);
    expect(injector.decide('ecr:DescribeImages', 'b', 1000).fault).toBeUndefined();
    expect(injector.decide('ecr:DescribeImages', 'a', 1200).fault).toBeUndefined();
  });

  it('applies only to listed operations, wildcards allowed, and leaves blob downloads alone by default', () => {
    const injector = new FaultInjector();
    injector.set({ serverErrors: { fraction: 1, operations: ['inspector2:*'] } });
    expect(injector.decide('inspector2:ListCoverage', 'a', 0).fault).toBe('server');
    expect(injector.decide('ecr:DescribeImages', 'a', 0).fault).toBeUndefined();
    injector.set({ serverErrors: { fraction: 1 }, latencyMs: 30 });
    expect(injector.decide('blob:get', 'a', 0)).toEqual({ delayMs: 0 });
  });

  it('rejects settings out of range', () => {
    expect(() => new FaultInjector().set({ throttle: { fraction: 2 } })).toThrow();
  });
});

describe('faults seen through the SDK', () => {
  it('adds latency to every AWS call', async () => {
    sandbox.faults.set({ latencyMs: 120 });
    const started = performance.now();
    await ecrClient(sandbox.url).send(new DescribeRepositoriesCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('throttles a fraction of ECR calls with 400 ThrottlingException, which the SDK retries', async () => {
    // Seed 1 throttles exactly the second of the first four requests.
    sandbox.faults.set({ throttle: { fraction: 0.5 }, seed: 1 });
    const ecr = ecrClient(sandbox.url, 'basic', 3);
    for (let i = 0; i < 3; i++) await ecr.send(new DescribeRepositoriesCommand({}));
    expect(sandbox.stats.byOperation()['ecr:DescribeRepositories']).toBe(4);
  });

  it('throttles Inspector with 429 and Retry-After, parsed into a retryable ThrottlingException', async () => {
    sandbox.faults.set({ throttle: { fraction: 1, operations: ['inspector2:GetConfiguration'] } });
    const error = await inspectorClient(sandbox.url)
      .send(new GetConfigurationCommand({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error).toMatchObject({
      $retryable: { throttling: true },
      retryAfterSeconds: 1,
      $metadata: { httpStatusCode: 429 },
    });
  });

  it('answers 5xx server errors that the SDK retries until it gives up', async () => {
    sandbox.faults.set({ serverErrors: { fraction: 1, operations: ['ecr:*'] } });
    const error = await ecrClient(sandbox.url, 'basic', 2)
      .send(new DescribeRepositoriesCommand({}))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ServerException', $metadata: { httpStatusCode: 500, attempts: 2 } });
    expect(sandbox.stats.total()).toBe(2);
  });

  it('can be driven over HTTP by another process', async () => {
    const set = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 5, seed: 3 }),
    });
    expect(await set.json()).toEqual({ latencyMs: 5, seed: 3 });
    expect(sandbox.faults.get()).toEqual({ latencyMs: 5, seed: 3 });
    expect((await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', body: '{"latencyMs":-1}' })).status).toBe(
      400,
    );
    await ecrClient(sandbox.url).send(new DescribeRepositoriesCommand({}));
    expect(await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()).toEqual({
      total: 1,
      byOperation: { 'ecr:DescribeRepositories': 1 },
    });
    await fetch(`${sandbox.url}/_sandbox/reset-stats`, { method: 'POST' });
    expect(sandbox.stats.total()).toBe(0);
  });
});
