/**
 * Starts `bench/app-child.ts` in a child process (TypeScript through tsx) and talks to it over IPC. Its stdout
 * (ecrscan's JSON logs at the default level) goes to /dev/null: logging is part of the measured cost, reading it
 * is not.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface AppProcess {
  url: string;
  /** User + system CPU time the process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('../app-child.ts', import.meta.url));

export async function startAppProcess(mode: 'ecrscan' | 'bare', env: Record<string, string>): Promise<AppProcess> {
  const child = fork(CHILD, [mode], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} app did not start within 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${mode} app exited with ${code} before it was ready`)));
    child.on('message', (m: { type: string; port?: number }) => {
      if (m.type === 'ready' && m.port) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    cpuMs: () => ask(child),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function ask(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; usage?: NodeJS.CpuUsage }) => {
      if (m.type !== 'cpu' || !m.usage) return;
      child.off('message', onMessage);
      resolve((m.usage.user + m.usage.system) / 1000);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}
