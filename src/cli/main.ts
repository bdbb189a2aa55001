/**
 * `ecrscan` command line: dispatches to one module per command. Exit status: 0 fine, 1 problems
 * found (why/expiring), 2 could not answer or bad usage.
 */
import { type CliCommand, type CliIo, processIo } from './io.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  why: {
    summary: "explain an image's scan status: why REF [--json] [--fresh] [--target NAME]",
    load: async () => (await import('./commands/why.js')).whyCommand,
  },
  expiring: {
    summary:
      'images whose Inspector scan eligibility expires soon or expired: expiring [--within 7d] [--repo F] [--json]',
    load: async () => (await import('./commands/expiring.js')).expiringCommand,
  },
  demo: {
    summary: 'explain every image of the built-in sandbox (no AWS, Slack or Redis needed)',
    load: async () => (await import('./commands/demo.js')).demoCommand,
  },
  serve: {
    summary: 'run the Slack app (HTTP, or Socket Mode with SLACK_APP_TOKEN); SIGTERM stops it gracefully',
    load: async () => (await import('./commands/serve.js')).serveCommand,
  },
  sandbox: {
    summary: 'serve the built-in ECR + Inspector2 emulator (--port N, --list)',
    load: async () => (await import('./commands/sandbox.js')).sandboxCommand,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ecrscan ${name.padEnd(width)}  ${c.summary}`);
  return `Usage:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`ecrscan: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest, io);
}
