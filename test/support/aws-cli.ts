/**
 * Runs the real AWS CLI (v1 on botocore, as installed on these machines) against a local endpoint,
 * isolated from the developer's AWS configuration. The CLI is an independent parser of the AWS wire
 * protocols: if it reads the sandbox's answers, the answers are well-formed. A missing `aws` is an
 * error with the install command, never a skipped test.
 *
 * Facts about AWS CLI v1 (1.45) that shape this helper:
 * - It has no pager and rejects `--no-cli-pager` (a v2 option) as an unknown argument, so it is not passed;
 *   `AWS_PAGER=''` is set anyway so a v2 on PATH would not page either.
 * - Timestamps print as they were received: epoch seconds (numbers) for ECR and Inspector2.
 * - Legacy retries are on by default (5 attempts, and `LimitExceededException` counts as throttling);
 *   `AWS_MAX_ATTEMPTS` (default 1 here) keeps error checks fast and shows each error once.
 * - Errors go to stderr as `An error occurred (Code) when calling the Op operation: message`, or with
 *   ` (reached max retries: N)` before the colon; a non-JSON 5xx shows the HTTP status as the code. Exit code 255.
 */
import { spawn } from 'node:child_process';

export const AWS_CLI_INSTALL_HINT = 'Install it with `pip install awscli` (AWS CLI v1) or install AWS CLI v2.';

export interface AwsCliTarget {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Total attempts per call (AWS_MAX_ATTEMPTS); 1 turns retries off. */
  maxAttempts?: number;
}

export interface AwsCliError {
  exitCode: number;
  stderr: string;
  /** The AWS error code (`RepositoryNotFoundException`, or an HTTP status such as `500`), when the CLI printed one. */
  errorCode: string | undefined;
  operation: string | undefined;
  message: string | undefined;
}

/** Parsed CLI output, navigated freely by tests whose assertions then check every value they read. */
// biome-ignore lint/suspicious/noExplicitAny: JSON of many shapes; the tests' assertions are the type check.
export type CliJson = Record<string, any>;

export type AwsCliResult = { ok: true; json: unknown } | ({ ok: false } & AwsCliError);

const ERROR_LINE =
  /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/;

/** Extracts code, operation and message from the CLI's error line; undefined fields when there is none. */
export function parseAwsCliError(stderr: string): Pick<AwsCliError, 'errorCode' | 'operation' | 'message'> {
  const match = ERROR_LINE.exec(stderr);
  return { errorCode: match?.[1], operation: match?.[2], message: match?.[3]?.trim() };
}

function cliEnv(target: AwsCliTarget): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_')) env[key] = value;
  }
  Object.assign(env, {
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: target.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.secretAccessKey ?? 'fidelity-test-secret',
    AWS_DEFAULT_REGION: target.region,
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: String(target.maxAttempts ?? 1),
    AWS_EC2_METADATA_DISABLED: 'true',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  });
  if (target.sessionToken) env.AWS_SESSION_TOKEN = target.sessionToken;
  return env;
}

/**
 * `aws <args> --endpoint-url … --region … --output json`; resolves to the parsed stdout, or to the
 * structured error. Rejects only when the CLI cannot be run at all.
 */
export function awsCli(args: readonly string[], target: AwsCliTarget): Promise<AwsCliResult> {
  const fullArgs = [...args, '--endpoint-url', target.endpoint, '--region', target.region, '--output', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn('aws', fullArgs, { env: cliEnv(target), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        err.code === 'ENOENT'
          ? new Error(`The fidelity tests need the AWS CLI, but \`aws\` is not on PATH. ${AWS_CLI_INSTALL_HINT}`)
          : err,
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = code ?? (signal ? 128 : 1);
      if (exitCode !== 0) {
        resolve({ ok: false, exitCode, stderr, ...parseAwsCliError(stderr) });
        return;
      }
      try {
        resolve({ ok: true, json: stdout.trim() === '' ? undefined : JSON.parse(stdout) });
      } catch (err) {
        reject(new Error(`aws ${args.join(' ')} printed output that is not JSON: ${String(err)}\n${stdout}`));
      }
    });
  });
}

/** Like {@link awsCli}, but a CLI error becomes a thrown Error carrying the CLI's stderr. */
export async function awsCliJson<T = unknown>(args: readonly string[], target: AwsCliTarget): Promise<T> {
  const result = await awsCli(args, target);
  if (!result.ok) {
    throw new Error(`aws ${args.join(' ')} failed (exit ${result.exitCode}):\n${result.stderr}`);
  }
  return result.json as T;
}

/** Like {@link awsCli}, for calls that must fail: a success becomes a thrown Error. */
export async function awsCliError(args: readonly string[], target: AwsCliTarget): Promise<AwsCliError> {
  const result = await awsCli(args, target);
  if (result.ok) {
    throw new Error(`aws ${args.join(' ')} was expected to fail but printed:\n${JSON.stringify(result.json)}`);
  }
  const { ok: _ok, ...error } = result;
  return error;
}
