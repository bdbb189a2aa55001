/** What a CLI command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal: colours on. */
  isTTY: boolean;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM); long-running commands wait on it. */
  untilStopped: () => Promise<void>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    untilStopped: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

/** A command's entry point: arguments after the command name; resolves to the exit status. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
