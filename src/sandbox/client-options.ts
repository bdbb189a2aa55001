import type { AwsPortsOptions } from '../aws/create-aws-ports.js';
import type { Target } from '../aws/ports.js';
import { SANDBOX_ACCOUNTS, SANDBOX_SECRET_ACCESS_KEY } from './accounts.js';

/**
 * AWS SDK options that point every target at a running sandbox: the target's account id is its access key id,
 * which is how the sandbox picks the account (targets with no account id use the basic-scanning one).
 */
export function sandboxAwsOptions(url: string, extra: Partial<AwsPortsOptions> = {}) {
  return (target: Target): AwsPortsOptions => ({
    endpoint: url,
    credentials: {
      accessKeyId: target.accountId ?? SANDBOX_ACCOUNTS.basic.accountId,
      secretAccessKey: SANDBOX_SECRET_ACCESS_KEY,
    },
    ...extra,
  });
}
