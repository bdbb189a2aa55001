/**
 * HTTP control surface for out-of-process users (benchmarks, the demo): read counters, set faults.
 * `GET /_sandbox/stats`, `POST /_sandbox/reset-stats`, `GET|POST /_sandbox/faults` (JSON FaultSettings).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouterDeps } from './router.js';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function handleControl(
  deps: RouterDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  readBody: (req: IncomingMessage) => Promise<string>,
): Promise<void> {
  const key = `${req.method} ${path}`;
  if (key === 'GET /_sandbox/stats') {
    return json(res, 200, { total: deps.stats.total(), byOperation: deps.stats.byOperation() });
  }
  if (key === 'POST /_sandbox/reset-stats') {
    deps.stats.reset();
    return json(res, 200, { total: 0 });
  }
  if (key === 'GET /_sandbox/faults') return json(res, 200, deps.faults.get());
  if (key === 'POST /_sandbox/faults') {
    const body = await readBody(req);
    try {
      deps.faults.set(body.trim() === '' ? {} : JSON.parse(body));
    } catch (err) {
      return json(res, 400, { message: `invalid fault settings: ${err instanceof Error ? err.message : String(err)}` });
    }
    return json(res, 200, deps.faults.get());
  }
  return json(res, 404, { message: `unknown control endpoint ${key}` });
}
