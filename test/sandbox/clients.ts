/** SDK clients pointed at a running sandbox, as a given sandbox account. */
import { ECRClient } from '@aws-sdk/client-ecr';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { SANDBOX_ACCOUNTS } from '../../src/sandbox/accounts.js';

export type AccountKey = keyof typeof SANDBOX_ACCOUNTS;

function config(url: string, account: AccountKey, maxAttempts: number) {
  const { accountId, region } = SANDBOX_ACCOUNTS[account];
  return { endpoint: url, region, maxAttempts, credentials: { accessKeyId: accountId, secretAccessKey: 'sandbox' } };
}

export function ecrClient(url: string, account: AccountKey = 'basic', maxAttempts = 1): ECRClient {
  return new ECRClient(config(url, account, maxAttempts));
}

export function inspectorClient(url: string, account: AccountKey = 'enhanced', maxAttempts = 1): Inspector2Client {
  return new Inspector2Client(config(url, account, maxAttempts));
}
