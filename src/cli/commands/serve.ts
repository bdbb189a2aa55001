/** `ecrscan serve` (also `npm start`): the Slack app until SIGTERM / SIGINT, then a graceful stop. */
import { ConfigError } from '../../config.js';
import { serve } from '../../main.js';
import type { CliCommand } from '../io.js';

export const serveCommand: CliCommand = async (args, io) => {
  if (args.length > 0) {
    io.stderr('Usage: ecrscan serve   (configured by environment variables: see the README)\n');
    return 2;
  }
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve(io.env);
  } catch (err) {
    io.stderr(`ecrscan serve: ${err instanceof ConfigError ? err.message : (err as Error).message}\n`);
    return 2;
  }
  await io.untilStopped();
  await server.stop();
  return 0;
};
