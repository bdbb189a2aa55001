/**
 * A closed-loop load generator: `concurrency` clients, each starting its next request when the previous one is
 * done, until a count or a deadline. Requests are real signed Slack posts over loopback HTTP with keep-alive
 * connections (one socket per client), as Slack's own delivery would reuse connections.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type SlackRequest, slashCommand } from '../../test/support/slack-requests.js';
import { signSlackRequest } from '../../test/support/slack-signing.js';

export interface LoopResult {
  /** One per completed iteration, in completion order. */
  latenciesMs: number[];
  /** Completed iterations. */
  done: number;
  wallMs: number;
}

/** Runs `iteration(i)` in `concurrency` parallel loops until `requests` have started or `durationMs` has passed. */
export async function closedLoop(opts: {
  concurrency: number;
  requests?: number;
  durationMs?: number;
  iteration: (i: number) => Promise<number>;
}): Promise<LoopResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = opts.durationMs === undefined ? Number.POSITIVE_INFINITY : started + opts.durationMs;
  const total = opts.requests ?? Number.POSITIVE_INFINITY;
  let next = 0;
  const client = async () => {
    while (next < total && performance.now() < deadline) {
      const i = next++;
      latenciesMs.push(await opts.iteration(i));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, client));
  return { latenciesMs, done: latenciesMs.length, wallMs: performance.now() - started };
}

export interface SlackPoster {
  /** Signs (now) and posts a slash command; resolves with the status and the time to the full response. */
  command(input: { text: string; userId: string; responseUrl: string }): Promise<{ status: number; ms: number }>;
  close(): void;
}

/** Posts signed requests to `<appUrl>/slack/events` through one keep-alive agent. */
export function slackPoster(appUrl: string, secret: string, maxSockets: number): SlackPoster {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const url = new URL('/slack/events', appUrl);
  const post = (request: SlackRequest) =>
    new Promise<{ status: number; ms: number }>((resolve, reject) => {
      const headers = {
        'Content-Type': request.contentType,
        'Content-Length': Buffer.byteLength(request.body),
        ...signSlackRequest(secret, request.body),
      };
      const started = performance.now();
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(request.body);
    });
  return {
    command: (input) => post(slashCommand(input)),
    close: () => agent.destroy(),
  };
}
