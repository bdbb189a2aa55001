/**
 * Operational endpoints served on the same port as /slack/events: /healthz (the process is up),
 * /readyz (Redis and AWS reachable — the body says which is not), /metrics (Prometheus).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from '../metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

export function operationalRoutes(opts: {
  metrics: Metrics;
  readiness: ReadinessCheck[];
  isShuttingDown: () => boolean;
  checkTimeoutMs?: number;
}): CustomRoute[] {
  const timeout = opts.checkTimeoutMs ?? 2_000;
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => send(res, 200, { ok: true }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        if (opts.isShuttingDown()) return send(res, 503, { ready: false, shuttingDown: true });
        const results = await Promise.all(
          opts.readiness.map(async ({ name, check }) => {
            try {
              await Promise.race([
                check(),
                new Promise((_, reject) =>
                  setTimeout(() => reject(new Error(`no answer in ${timeout} ms`)), timeout).unref(),
                ),
              ]);
              return { name, ok: true };
            } catch (err) {
              return { name, ok: false, error: (err as Error).message };
            }
          }),
        );
        const ready = results.every((r) => r.ok);
        send(res, ready ? 200 : 503, { ready, checks: results });
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: async (_req: IncomingMessage, res: ServerResponse) =>
        send(res, 200, await opts.metrics.registry.metrics(), opts.metrics.registry.contentType),
    },
  ];
}
