/**
 * Routes a request by its shape, like AWS front ends do: `X-Amz-Target` → ECR, a form body with
 * `Action=` → STS, a known REST path → Inspector2, `/_blobs/…` → layer download, `/_sandbox/…` → control.
 * Every request that reaches an operation is counted, then faults are applied, then the handler runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { missingAuthentication, parseCaller } from './auth.js';
import { serveBlob } from './blobs.js';
import { handleControl } from './control.js';
import { ecrHandlers } from './ecr/handlers.js';
import { SandboxError } from './errors.js';
import type { FaultInjector } from './faults.js';
import type { Handler } from './handler.js';
import { inspectorHandlers } from './inspector/handlers.js';
import { ecrProtocol, inspectorProtocol, type ServiceProtocol, stsProtocol } from './protocols.js';
import type { ScanScheduler } from './scan-scheduler.js';
import type { OperationStats } from './stats.js';
import { stsHandlers } from './sts.js';
import { registryFor, type SandboxWorld } from './world.js';

export interface RouterDeps {
  world: () => SandboxWorld;
  faults: FaultInjector;
  stats: OperationStats;
  scans: ScanScheduler;
  now: () => Date;
  baseUrl: () => string;
}

const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

interface Route {
  operation: string;
  protocol: ServiceProtocol;
  handler?: Handler;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SandboxError('RequestEntityTooLargeException', 'Request body too large', { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function route(req: IncomingMessage, path: string, body: string): Route | undefined {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const name = target.startsWith(ECR_TARGET_PREFIX) ? target.slice(ECR_TARGET_PREFIX.length) : target;
    return { operation: `ecr:${name}`, protocol: ecrProtocol, handler: ecrHandlers[name] };
  }
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(body).get('Action');
    if (action) return { operation: `sts:${action}`, protocol: stsProtocol, handler: stsHandlers[action] };
  }
  const inspector = req.method === 'POST' ? inspectorHandlers[path] : undefined;
  if (inspector)
    return { operation: `inspector2:${inspector.name}`, protocol: inspectorProtocol, handler: inspector.handler };
  return undefined;
}

async function dispatch(deps: RouterDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const body = await readBody(req);
  const found = route(req, path, body);
  if (!found) {
    inspectorProtocol.failure(
      res,
      new SandboxError('UnknownOperationException', `No operation at ${req.method} ${path}`, { status: 404 }),
    );
    return;
  }
  const { operation, protocol, handler } = found;
  deps.stats.count(operation);
  const caller = parseCaller(req.headers.authorization);
  if (!caller) return protocol.failure(res, missingAuthentication());
  const decision = deps.faults.decide(operation, `${caller.accountId}/${caller.region}`, Date.now());
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (decision.fault === 'throttle') return protocol.failure(res, protocol.throttled());
  if (decision.fault === 'server') return protocol.failure(res, protocol.serverError());
  if (!handler) {
    return protocol.failure(
      res,
      new SandboxError('UnknownOperationException', `The sandbox does not emulate ${operation}.`),
    );
  }
  try {
    const world = deps.world();
    const registry = registryFor(world, caller.accountId, caller.region, deps.now());
    const input = protocol.parse(body);
    const ctx = { world, caller, registry, now: deps.now, baseUrl: deps.baseUrl(), scans: deps.scans };
    protocol.success(res, operation, await handler(ctx, input));
  } catch (err) {
    if (err instanceof SandboxError) return protocol.failure(res, err);
    const message = err instanceof Error ? err.message : String(err);
    protocol.failure(res, new SandboxError(protocol.serverError().type, `Sandbox bug: ${message}`, { status: 500 }));
  }
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    let work: Promise<void>;
    if (url.pathname.startsWith('/_sandbox/')) work = handleControl(deps, req, res, url.pathname, readBody);
    else if (url.pathname.startsWith('/_blobs/')) work = serveBlob(deps, req, res, url);
    else work = dispatch(deps, req, res, url.pathname);
    work.catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(err instanceof SandboxError ? err.status : 500);
      res.end();
    });
  };
}
