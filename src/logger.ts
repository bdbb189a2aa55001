/**
 * pino JSON logging. Child loggers per component (`{ component: 'ecr' }`) and per request
 * (`{ reqId, command, user }`). Redaction is by key path only (platform.md §8), so tokens must never be
 * put into message strings; the paths below catch the places they can appear as values.
 */
import type { Logger as SlackLogger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'response_url',
  '*.response_url',
  'responseUrl',
  '*.responseUrl',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  '*.accessKeyId',
  '*.secretAccessKey',
  '*.sessionToken',
];

export function createLogger(opts: { level?: string; destination?: DestinationStream; name?: string } = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'ecrscan',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}

const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Adapts pino to Bolt's Logger so Bolt's and the Web API client's own logs land in the same JSON stream. */
export function toBoltLogger(log: Logger): SlackLogger {
  let child = log.child({ component: 'bolt' });
  const emit =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const errors = msg.filter((m) => m instanceof Error);
      const text = msg
        .filter((m) => !(m instanceof Error))
        .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' ');
      if (errors.length > 0) child[level]({ err: errors[0] }, text);
      else child[level](text);
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    setLevel: (level: LogLevel) => {
      child.level = TO_PINO[level] ?? 'info';
    },
    getLevel: () => {
      const found = Object.entries(TO_PINO).find(([, v]) => v === child.level);
      return (found?.[0] as LogLevel | undefined) ?? LogLevel.INFO;
    },
    setName: (name: string) => {
      child = log.child({ component: name });
    },
  };
}
