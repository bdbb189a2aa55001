/**
 * Starts `serve-child.ts` (the real `serve()`) in its own process and keeps what a drill needs of it: its URL,
 * its JSON log lines, and ways to freeze (SIGSTOP) and kill it outright (SIGKILL). Every child started here is
 * remembered until it exits, so `killAllServeChildren()` in a `finally` leaves none behind when a drill fails;
 * a child whose test process dies exits on its own (the IPC channel closes).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ReplicaOptions } from './replica-options.js';

export interface ServeChild {
  name: string;
  url: string;
  /** Parsed JSON log lines written so far (non-JSON lines are kept as `{ msg: line }`). */
  logs: Record<string, unknown>[];
  /** True once the process has exited (killed or stopped). */
  exited(): boolean;
  /** SIGKILL, then waits for the exit: no graceful stop, no released leases. */
  kill(): Promise<void>;
  /** SIGSTOP: frozen mid-whatever, so a drill can look at what it has done before deciding to kill it. */
  freeze(): void;
  /** SIGCONT after `freeze()`. */
  thaw(): void;
}

const CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
const running = new Set<ChildProcess>();

export async function startServeChild(opts: {
  name: string;
  env: Record<string, string>;
  options: ReplicaOptions;
  startTimeoutMs?: number;
}): Promise<ServeChild> {
  const child = fork(CHILD, [JSON.stringify(opts.options)], {
    execArgv: ['--import', 'tsx'],
    // Only what the app is configured with: the test runner's own environment (REDIS_URL, SLACK_*) must not leak in.
    env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) logs.push(parseLine(line));
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  };
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${opts.name} did not start within ${opts.startTimeoutMs ?? 30_000} ms\n${stderr}`)),
        opts.startTimeoutMs ?? 30_000,
      );
      void exit.then(() => {
        clearTimeout(timer);
        reject(new Error(`${opts.name} exited before it was ready\n${stderr}`));
      });
      child.on('message', (m: { type?: string; port?: number }) => {
        if (m.type === 'ready' && m.port) {
          clearTimeout(timer);
          resolve(m.port);
        }
      });
    });
  } catch (err) {
    await kill();
    throw err;
  }

  return {
    name: opts.name,
    url: `http://127.0.0.1:${port}`,
    logs,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    kill,
    freeze: () => void child.kill('SIGSTOP'),
    thaw: () => void child.kill('SIGCONT'),
  };
}

/** SIGKILLs every child still running (for `finally` and `afterAll`). */
export async function killAllServeChildren(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : { msg: line };
  } catch {
    return { msg: line };
  }
}
