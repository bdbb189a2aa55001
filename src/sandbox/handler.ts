/** What every operation handler gets: the world, the caller's registry, a clock and the scan timer. */
import type { Caller } from './auth.js';
import type { ScanScheduler } from './scan-scheduler.js';
import type { SandboxRegistry, SandboxWorld } from './world.js';

export interface HandlerContext {
  world: SandboxWorld;
  caller: Caller;
  /** The registry of the caller's account in the caller's Region. */
  registry: SandboxRegistry;
  now: () => Date;
  /** `http://host:port` of this sandbox, for presigned-looking blob URLs. */
  baseUrl: string;
  scans: ScanScheduler;
}

export type Input = Record<string, unknown>;
export type Handler = (ctx: HandlerContext, input: Input) => unknown;
