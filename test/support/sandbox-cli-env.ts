/**
 * The environment a user would set to run `ecrscan` against the sandbox: AWS_ENDPOINT_URL_* and credentials in
 * process.env (the AWS SDK reads them itself — that is the path under test), and an ECRSCAN_CONFIG_FILE whose
 * targets reach the two enhanced accounts by assuming a role through the sandbox's STS.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';

export interface SandboxCliEnv {
  sandbox: RunningSandbox;
  /** What the CLI command receives as `io.env`. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startSandboxCliEnv(name: string): Promise<SandboxCliEnv> {
  const sandbox = await startSandbox();
  const configFile = join(tmpdir(), `ecrscan-${name}-${process.pid}.yml`);
  writeFileSync(
    configFile,
    [
      'targets:',
      '  - name: enhanced',
      '    region: eu-west-1',
      '    accountId: "222222222222"',
      '    roleArn: arn:aws:iam::222222222222:role/ecrscan-read',
      '  - name: no-inspector',
      '    region: eu-west-1',
      '    accountId: "333333333333"',
      '    roleArn: arn:aws:iam::333333333333:role/ecrscan-read',
    ].join('\n'),
  );
  const vars = {
    AWS_ENDPOINT_URL_ECR: sandbox.url,
    AWS_ENDPOINT_URL_INSPECTOR2: sandbox.url,
    AWS_ENDPOINT_URL_STS: sandbox.url,
    AWS_ACCESS_KEY_ID: '111111111111',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '2',
  };
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  return {
    sandbox,
    env: { ...vars, ECRSCAN_CONFIG_FILE: configFile },
    async close() {
      vi.unstubAllEnvs();
      await sandbox.close();
    },
  };
}
