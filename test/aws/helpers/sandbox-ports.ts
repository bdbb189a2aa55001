import type { AwsPortsOptions, DisposableAwsPorts } from '../../../src/aws/create-aws-ports.js';
import { createAwsPorts } from '../../../src/aws/create-aws-ports.js';
import type { Target } from '../../../src/aws/ports.js';
import { SANDBOX_SECRET_ACCESS_KEY } from '../../../src/sandbox/accounts.js';
import type { RunningSandbox } from '../../../src/sandbox/server.js';

export interface CallLog {
  /** Every HTTP attempt reported by `onCall`, as `<service>:<Op>#<attempt>`. */
  attempts: string[];
  /** Attempts of one operation. */
  count(operation: string): number;
  clear(): void;
}

export interface SandboxPorts extends DisposableAwsPorts {
  calls: CallLog;
}

/** Real adapters on real SDK clients, pointed at the sandbox and signed as `accountId`. */
export function sandboxPorts(
  sandbox: RunningSandbox,
  target: Omit<Target, 'name'> & { accessKeyId?: string },
  opts: AwsPortsOptions = {},
): SandboxPorts {
  const attempts: string[] = [];
  const { accessKeyId, ...rest } = target;
  const ports = createAwsPorts(
    { name: 'sandbox', ...rest },
    {
      endpoint: sandbox.url,
      credentials: {
        accessKeyId: accessKeyId ?? target.accountId ?? 'test',
        secretAccessKey: SANDBOX_SECRET_ACCESS_KEY,
      },
      maxAttempts: 5,
      ...opts,
      onCall: (operation, attempt) => {
        attempts.push(`${operation}#${attempt}`);
        opts.onCall?.(operation, attempt);
      },
    },
  );
  return {
    ...ports,
    calls: {
      attempts,
      count: (operation) => attempts.filter((a) => a.startsWith(`${operation}#`)).length,
      clear: () => {
        attempts.length = 0;
      },
    },
  };
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}
