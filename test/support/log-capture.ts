/**
 * Log lines as objects a test can assert on: `captureLines()` is a pino destination (for `createLogger`, or
 * `serve()`'s `logDestination`) that parses each JSON line into an array; `captureLog()` is a debug logger on one.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface LogLine {
  level: number;
  msg?: string;
  component?: string;
  [key: string]: unknown;
}

export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export function captureLines(): { destination: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { destination, lines };
}

export function captureLog(): { log: Logger; lines: LogLine[] } {
  const { destination, lines } = captureLines();
  return { log: pino({ level: 'debug' }, destination), lines };
}
