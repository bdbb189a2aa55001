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

export async function createCliCore(
  io: CliIo,
  opts: { awsOptions?: (target: Target) => AwsPortsOptions; onAwsCall?: (op: string) => void } = {},
): Promise<Core> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...io.env });
  const log = createLogger({ level: config.logLevel, destination: pino.destination(2) });
  return createCore({ config, log, awsOptions: opts.awsOptions, onAwsCall: opts.onAwsCall });
}
