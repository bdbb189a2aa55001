import { ECRClient, type ECRClientConfig } from '@aws-sdk/client-ecr';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { countAttempts } from './count-attempts.js';
import type { Target } from './ports.js';
import { shareCredentials } from './share-credentials.js';

type CredentialsInput = NonNullable<ECRClientConfig['credentials']>;

export interface AwsClientOptions {
  /** One URL for every service (the sandbox). Leave unset in production: the SDK honours AWS_ENDPOINT_URL_<SERVICE>. */
  endpoint?: string;
  /** STS endpoint for assuming `target.roleArn`; defaults to `endpoint`, else the SDK's own (AWS_ENDPOINT_URL_STS). */
  stsEndpoint?: string;
  /** Base credentials; with `target.roleArn` they are the ones that assume the role. Default: the SDK chain. */
  credentials?: CredentialsInput;
  /** Total attempts per call (throttling and 5xx are retried). Default: AWS_MAX_ATTEMPTS from `env`, else 5. */
  maxAttempts?: number;
  /** Called once per HTTP attempt (retries included) with `ecr:<Op>` / `inspector2:<Op>` and the attempt number. */
  onCall?: (operation: string, attempt: number) => void;
  /** Whole-request timeout; a breach throws TimeoutError (retried by the SDK). Default 15 s. */
  requestTimeoutMs?: number;
  /** TCP connect timeout. Default 3 s. */
  connectionTimeoutMs?: number;
  /** Only AWS_MAX_ATTEMPTS is read from it; everything else the SDK reads for itself. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface AwsClients {
  ecr: ECRClient;
  /** `maxAttempts: 1`, for StartImageScan: its quota error (LimitExceededException) is on the SDK's throttling list. */
  ecrNoRetry: ECRClient;
  inspector: Inspector2Client;
  destroy(): void;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const ROLE_SESSION_NAME = 'ecrscan';

/**
 * Builds the SDK clients for one target. Region always comes from the target; endpoint and credentials are
 * passed only when given, so the SDK's environment handling (profiles, AWS_ENDPOINT_URL_*, …) stays in charge.
 * Retries use `standard` mode: `adaptive` rate-limits client-side and can delay the first attempt.
 */
export function createAwsClients(target: Target, opts: AwsClientOptions = {}): AwsClients {
  const credentials = resolveCredentials(target, opts);
  const base = {
    region: target.region,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: opts.connectionTimeoutMs ?? 3_000,
      requestTimeout: opts.requestTimeoutMs ?? 15_000,
      throwOnRequestTimeout: true,
    },
    ...(opts.endpoint === undefined ? {} : { endpoint: opts.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
  };
  const maxAttempts = opts.maxAttempts ?? envMaxAttempts(opts.env ?? process.env) ?? DEFAULT_MAX_ATTEMPTS;

  const ecr = new ECRClient({ ...base, maxAttempts });
  const ecrNoRetry = new ECRClient({ ...base, maxAttempts: 1 });
  const inspector = new Inspector2Client({ ...base, maxAttempts });
  if (opts.onCall !== undefined) {
    countAttempts(ecr, 'ecr', opts.onCall);
    countAttempts(ecrNoRetry, 'ecr', opts.onCall);
    countAttempts(inspector, 'inspector2', opts.onCall);
  }
  return {
    ecr,
    ecrNoRetry,
    inspector,
    destroy() {
      ecr.destroy();
      ecrNoRetry.destroy();
      inspector.destroy();
    },
  };
}

function resolveCredentials(target: Target, opts: AwsClientOptions): CredentialsInput | undefined {
  if (target.roleArn === undefined) return opts.credentials;
  const stsEndpoint = opts.stsEndpoint ?? opts.endpoint;
  const assumed = fromTemporaryCredentials({
    params: { RoleArn: target.roleArn, RoleSessionName: ROLE_SESSION_NAME },
    ...(opts.credentials === undefined ? {} : { masterCredentials: opts.credentials }),
    clientConfig: { region: target.region, ...(stsEndpoint === undefined ? {} : { endpoint: stsEndpoint }) },
  });
  return shareCredentials(assumed);
}

function envMaxAttempts(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = Number(env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}
