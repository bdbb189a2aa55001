/**
 * Starts moto's standalone server (`moto_server`, moto 5.x) on 127.0.0.1 and a free port, as the
 * independent ECR implementation the sandbox's fidelity tests compare against. A missing
 * `moto_server` is an error with the install command, never a skipped test: in CI these checks must
 * run, and a silently skipped fidelity suite would prove nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port.js';

/** moto answers every request without an explicit account for this default account id. */
export const MOTO_DEFAULT_ACCOUNT_ID = '123456789012';

export const MOTO_INSTALL_HINT =
  "Install it with `pip install 'moto[server]'` (it provides the `moto_server` command).";

export interface MotoServer {
  /** Base URL to use as the AWS endpoint, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

export interface StartMotoServerOptions {
  /** How long to wait for moto to answer HTTP before giving up. */
  startTimeoutMs?: number;
}

async function answers(url: string): Promise<boolean> {
  try {
    // Any HTTP answer (moto's root is its S3 ListBuckets) proves the server is up.
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns `moto_server -H 127.0.0.1 -p <free port>` and resolves once it answers HTTP. */
export async function startMotoServer(options: StartMotoServerOptions = {}): Promise<MotoServer> {
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: '1' };
  // A developer's MOTO_ACCOUNT_ID would change every registry id the tests compare.
  delete env.MOTO_ACCOUNT_ID;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`)),
  );

  const deadline = Date.now() + startTimeoutMs;
  while (Date.now() < deadline) {
    const early = await Promise.race([
      spawnError.then((err) => err),
      exited.then((how) => new Error(how)),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 150)),
    ]);
    if (early) {
      if ((early as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(
          `The fidelity tests need moto's server, but \`moto_server\` is not on PATH. ${MOTO_INSTALL_HINT}`,
        );
      }
      throw new Error(
        `moto_server on port ${port} stopped before answering (${early.message}). Its output:\n${output}`,
      );
    }
    if (await answers(url)) {
      return { url, close: () => stopChild(child) };
    }
  }
  await stopChild(child);
  throw new Error(`moto_server on port ${port} did not answer within ${startTimeoutMs} ms. Its output:\n${output}`);
}
