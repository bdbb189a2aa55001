import { ConfigError } from '../config.js';
import { UserFacingError } from '../errors.js';
import type { CliIo } from './io.js';

/**
 * Prints a failure the way every command does (`{error:{code, message, hints}}` with --json, a readable line
 * otherwise) and returns exit status 2: "could not answer". Never a stack trace.
 */
export function reportError(io: CliIo, json: boolean, err: unknown): number {
  const known = err instanceof UserFacingError || err instanceof ConfigError;
  const code =
    err instanceof UserFacingError ? err.code : err instanceof ConfigError ? 'BAD_CONFIGURATION' : 'INTERNAL';
  const message = known ? (err as Error).message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  const hints = err instanceof UserFacingError ? err.hints : [];
  if (json) io.stdout(`${JSON.stringify({ error: { code, message, hints } }, null, 2)}\n`);
  else io.stderr(`ecrscan: ${message}\n${hints.map((h) => `  ${h}\n`).join('')}`);
  return 2;
}
