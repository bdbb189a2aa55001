/**
 * The CLI's composition root: config from the environment, logs to stderr (quiet unless LOG_LEVEL says
 * otherwise, so stdout stays clean for answers and JSON), then the shared core.
 */
import pino from 'pino';
import type { AwsPortsOptions } from '../aws/create-aws-ports.js';
import type { Target } from '../aws/ports.js';
import { loadConfig } from '../config.js';
import { type Core, createCore } from '../core.js';
import { createLogger } from '../logger.js';
import type { CliIo } from './io.js';
import { reportError } from './report-error.js';

export async function createCliCore(
  io: CliIo,
  opts: { awsOptions?: (target: Target) => AwsPortsOptions; onAwsCall?: (op: string) => void } = {},
): Promise<Core> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env });
  const log = createLogger({ level: config.logLevel, destination: pino.destination(2) });
  return createCore({ config, log, awsOptions: opts.awsOptions, onAwsCall: opts.onAwsCall });
}

/**
 * Runs a command body with the core: a core that cannot be built (bad config, no Region) is reported like any
 * other failure, and the core is always closed. Returns the body's exit status, or 2.
 */
export async function withCliCore(io: CliIo, json: boolean, run: (core: Core) => Promise<number>): Promise<number> {
  let core: Core;
  try {
    core = await createCliCore(io);
  } catch (err) {
    return reportError(io, json, err);
  }
  try {
    return await run(core);
  } catch (err) {
    return reportError(io, json, err);
  } finally {
    await core.close();
  }
}
