import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsPorts } from '../../src/aws/create-aws-ports.js';
import { SANDBOX_ACCOUNTS, SANDBOX_SECRET_ACCESS_KEY } from '../../src/sandbox/accounts.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';

const { inspectorDisabled } = SANDBOX_ACCOUNTS;
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

describe('createAwsPorts', () => {
  it('wires both adapters to the target, reporting calls through onCall', async () => {
    const calls: string[] = [];
    const target = { name: 'disabled', region: inspectorDisabled.region, accountId: inspectorDisabled.accountId };
    const ports = createAwsPorts(target, {
      endpoint: sandbox.url,
      credentials: { accessKeyId: inspectorDisabled.accountId, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
      onCall: (operation) => calls.push(operation),
    });
    try {
      expect(ports.target).toBe(target);
      await expect(ports.ecr.getRegistryScanningConfiguration()).resolves.toMatchObject({
        registryId: inspectorDisabled.accountId,
        scanType: 'ENHANCED',
      });
      await expect(ports.inspector.batchGetAccountStatus()).resolves.toEqual([
        { accountId: inspectorDisabled.accountId, ecrStatus: 'DISABLED', accountState: 'DISABLED' },
      ]);
      expect(calls).toEqual(['ecr:GetRegistryScanningConfiguration', 'inspector2:BatchGetAccountStatus']);
    } finally {
      ports.destroy();
    }
  });
});
