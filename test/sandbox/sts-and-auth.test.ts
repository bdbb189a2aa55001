import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

const signedHeaders = (accessKeyId: string, region: string, service: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260301/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  'x-amz-date': '20260301T120000Z',
});

describe('STS', () => {
  it('AssumeRole through the SDK credential provider yields credentials that select the role account', async () => {
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: 'arn:aws:iam::222222222222:role/ecrscan-reader', RoleSessionName: 'ecrscan-test' },
      masterCredentials: { accessKeyId: '111111111111', secretAccessKey: 'sandbox' },
      clientConfig: { endpoint: sandbox.url, region: 'eu-west-1' },
    });
    const resolved = await credentials();
    expect(resolved.accessKeyId).toBe('222222222222');
    expect(resolved.sessionToken).toBeTruthy();
    expect(resolved.expiration).toBeInstanceOf(Date);
    const ecr = new ECRClient({ endpoint: sandbox.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
    const repos = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['svc-checkout'] }));
    expect(repos.repositories?.[0]?.registryId).toBe('222222222222');
    expect(sandbox.stats.byOperation()['sts:AssumeRole']).toBeGreaterThanOrEqual(1);
  });

  it('GetCallerIdentity answers awsQuery XML for the caller account', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        ...signedHeaders('333333333333', 'us-east-1', 'sts'),
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(xml).toContain('<Account>333333333333</Account>');
  });

  it('AssumeRole rejects a malformed role ARN with an awsQuery error', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...signedHeaders('111111111111', 'us-east-1', 'sts'),
      },
      body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::12:role/x-too-short-id&RoleSessionName=s1',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<Code>ValidationError<\/Code>/);
  });
});

describe('routing and authentication', () => {
  it('answers an unsigned ECR request with 403 MissingAuthenticationTokenException', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });

  it('selects the account from the access key and the Region from the credential scope', async () => {
    const call = (key: string, region: string) =>
      fetch(sandbox.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetRegistryScanningConfiguration',
          ...signedHeaders(key, region, 'ecr'),
        },
        body: '{}',
      }).then((r) => r.json());
    expect(await call('222222222222', 'eu-west-1')).toMatchObject({
      registryId: '222222222222',
      scanningConfiguration: { scanType: 'ENHANCED' },
    });
    expect(await call('AKIAEXAMPLE', 'us-east-1')).toMatchObject({
      registryId: '111111111111',
      scanningConfiguration: { scanType: 'BASIC' },
    });
    expect(await call('222222222222', 'us-west-2')).toMatchObject({
      registryId: '222222222222',
      scanningConfiguration: { scanType: 'BASIC', rules: [] },
    });
  });

  it('reports an operation it does not emulate as UnknownOperationException, and counts it', async () => {
    const res = await fetch(sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DeleteRepository',
        ...signedHeaders('111111111111', 'us-east-1', 'ecr'),
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(sandbox.stats.byOperation()['ecr:DeleteRepository']).toBe(1);
  });
});
