/**
 * `ecrscan sandbox`: serves the built-in ECR + Inspector2 (+ STS) emulator until Ctrl-C, or lists the
 * seeded images. Prints the URL on stdout and, on stderr, the environment a shell or SDK needs to use it.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_ACCOUNTS, SANDBOX_SECRET_ACCESS_KEY } from '../../sandbox/accounts.js';
import type { FaultSettings } from '../../sandbox/faults.js';
import { GENERATED_REGION, generatedAccountId, generateWorld } from '../../sandbox/generated-world.js';
import { SEEDED_IMAGES } from '../../sandbox/seeded-images.js';
import { startSandbox } from '../../sandbox/server.js';
import type { CliCommand } from '../io.js';

const USAGE = `Usage: ecrscan sandbox [--port N] [--host H] [--latency MS] [--throttle FRACTION] [--fail FRACTION]
                       [--generate ACCOUNTSxREPOSxIMAGES] [--list]
  --port N          port to listen on (default: any free port)
  --host H          interface to bind (default 127.0.0.1)
  --latency MS      add MS milliseconds to every AWS call
  --throttle F      throttle a fraction F (0-1) of AWS calls
  --fail F          answer a fraction F (0-1) of AWS calls with a 5xx error
  --generate AxRxI  serve a generated world (A accounts, R repositories each, I images each) instead of the seeded one
  --list            print the seeded image references and exit
`;

class UsageError extends Error {}

function number(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function generateSpec(text: string | undefined): [number, number, number] | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)x(\d+)x(\d+)$/.exec(text);
  const parts = match?.slice(1).map(Number);
  if (!parts || parts.some((n) => n < 1) || parts[0]! * parts[1]! * parts[2]! > 2_000_000) {
    throw new UsageError(
      `--generate expects ACCOUNTSxREPOSxIMAGES (each at least 1, 2,000,000 images at most), got '${text}'`,
    );
  }
  return parts as [number, number, number];
}

function parse(args: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        throttle: { type: 'string' },
        fail: { type: 'string' },
        generate: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const str = (key: string) => values[key] as string | undefined;
  const faults: FaultSettings = {};
  const latency = number('latency', str('latency'), 0, 60_000);
  const throttle = number('throttle', str('throttle'), 0, 1);
  const fail = number('fail', str('fail'), 0, 1);
  if (latency) faults.latencyMs = latency;
  if (throttle) faults.throttle = { fraction: throttle };
  if (fail) faults.serverErrors = { fraction: fail };
  const port = number('port', str('port'), 0, 65_535);
  if (port !== undefined && !Number.isInteger(port)) throw new UsageError('--port must be an integer');
  return {
    help: values.help === true,
    list: values.list === true,
    port,
    host: str('host'),
    faults,
    generate: generateSpec(str('generate')),
  };
}

export const sandboxCommand: CliCommand = async (args, io) => {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`ecrscan sandbox: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (options.list) {
    io.stdout(SEEDED_IMAGES.map((image) => `${image.ref}\n`).join(''));
    return 0;
  }
  const now = new Date();
  const world = options.generate
    ? generateWorld({
        accounts: options.generate[0],
        repositoriesPerAccount: options.generate[1],
        imagesPerRepository: options.generate[2],
        now,
      })
    : undefined;
  const sandbox = await startSandbox({ host: options.host, port: options.port, faults: options.faults, world });
  const account = options.generate
    ? { accountId: generatedAccountId(0), region: GENERATED_REGION }
    : SANDBOX_ACCOUNTS.basic;
  io.stdout(`listening on ${sandbox.url}\n`);
  io.stderr(
    [
      `export AWS_ENDPOINT_URL_ECR=${sandbox.url}`,
      `export AWS_ENDPOINT_URL_INSPECTOR2=${sandbox.url}`,
      `export AWS_ENDPOINT_URL_STS=${sandbox.url}`,
      `export AWS_ACCESS_KEY_ID=${account.accountId}`,
      `export AWS_SECRET_ACCESS_KEY=${SANDBOX_SECRET_ACCESS_KEY}`,
      `export AWS_REGION=${account.region}`,
      '',
    ].join('\n'),
  );
  await io.untilStopped();
  await sandbox.close();
  return 0;
};
