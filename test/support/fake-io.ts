import type { CliIo } from '../../src/cli/io.js';

/** A CliIo that records what a command prints. */
export function fakeIo(env: NodeJS.ProcessEnv = {}, opts: { isTTY?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env,
    isTTY: opts.isTTY ?? false,
    untilStopped: () => new Promise(() => {}),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
