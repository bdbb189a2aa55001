/**
 * The sandbox: an in-repo HTTP emulator of the Amazon ECR and Amazon Inspector2 APIs (plus STS
 * AssumeRole/GetCallerIdentity) over their real wire protocols, so the real AWS SDK clients, the AWS CLI
 * and ecrscan's adapters can run against it through the standard endpoint settings. Used by the demo,
 * the tests and the benchmarks; can add latency, throttling and 5xx errors.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultSettings } from './faults.js';
import { createRouter } from './router.js';
import { ScanScheduler } from './scan-scheduler.js';
import { createDefaultWorld } from './seeded-world.js';
import { OperationStats } from './stats.js';
import type { SandboxWorld } from './world.js';

export type { FaultSettings } from './faults.js';
export type { SandboxWorld } from './world.js';

export interface SandboxOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default: `createDefaultWorld(now())`. */
  world?: SandboxWorld;
  faults?: FaultSettings;
  /** The sandbox's clock (scan timestamps, URL expiry, STS expirations). */
  now?: () => Date;
  /** Overrides `world.scanDelayMs`: how long a started scan stays IN_PROGRESS/PENDING (default 3000). */
  scanDelayMs?: number;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>` (the loopback address even when bound to all interfaces). */
  url: string;
  port: number;
  /** Mutable state; tests may change it, or replace it. */
  world: SandboxWorld;
  faults: { set(f: FaultSettings): void; get(): FaultSettings; reset(): void };
  /** Counts every request that reached an operation, injected faults included. */
  stats: { byOperation(): Record<string, number>; total(): number; reset(): void };
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const now = opts.now ?? (() => new Date());
  const host = opts.host ?? '127.0.0.1';
  const faults = new FaultInjector();
  if (opts.faults) faults.set(opts.faults);
  const stats = new OperationStats();
  const scans = new ScanScheduler();
  let baseUrl = '';
  const sandbox = { world: opts.world ?? createDefaultWorld(now()) };
  if (opts.scanDelayMs !== undefined) sandbox.world.scanDelayMs = opts.scanDelayMs;
  const server = createServer(
    createRouter({ world: () => sandbox.world, faults, stats, scans, now, baseUrl: () => baseUrl }),
  );
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;
  return Object.assign(sandbox, {
    url: baseUrl,
    port,
    faults: { set: (f: FaultSettings) => faults.set(f), get: () => faults.get(), reset: () => faults.reset() },
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        scans.cancelAll();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  });
}
