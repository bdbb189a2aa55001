import { AwsError, type AwsErrorCode } from './aws-error.js';
import { redactSecrets } from './map-aws-error.js';

const OPERATION = 'blob:download';

export interface BlobFetcherOptions {
  fetch?: typeof fetch;
  /** Abort when the server sends nothing (headers or body bytes) for this long. Default 30 s. */
  idleTimeoutMs?: number;
}

export interface BlobFetcher {
  fetchBlob(url: string, maxBytes: number): Promise<Uint8Array>;
  streamBlob(url: string): AsyncIterable<Uint8Array>;
}

/**
 * Downloads blobs from ECR's presigned layer URLs. Layers can be gigabytes, so bodies are only ever read as
 * streams: `fetchBlob` stops at `maxBytes`, `streamBlob` stops when the consumer does. Messages name the URL
 * without its query, which holds the signature and (for assumed roles) the session token.
 */
export function createBlobFetcher(opts: BlobFetcherOptions = {}): BlobFetcher {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 30_000;

  async function* stream(url: string, maxBytes: number): AsyncGenerator<Uint8Array> {
    const controller = new AbortController();
    const watchdog = createWatchdog(controller, idleTimeoutMs);
    try {
      const response = await fetchFn(url, { signal: controller.signal }).catch((err: unknown) => {
        throw transportError(url, err, watchdog.fired);
      });
      watchdog.kick();
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw statusError(url, response.status);
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) throw tooLarge(url, maxBytes);
      if (response.body === null) return;
      const reader = response.body.getReader();
      let total = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read().catch((err: unknown) => {
            throw transportError(url, err, watchdog.fired);
          });
          if (done) return;
          total += value.byteLength;
          if (total > maxBytes) throw tooLarge(url, maxBytes);
          watchdog.stop();
          yield value;
          watchdog.kick();
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    } finally {
      watchdog.stop();
      controller.abort();
    }
  }

  return {
    async fetchBlob(url, maxBytes) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of stream(url, maxBytes)) chunks.push(chunk);
      return concat(chunks);
    },
    streamBlob(url) {
      return stream(url, Number.POSITIVE_INFINITY);
    },
  };
}

function createWatchdog(controller: AbortController, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const state = {
    fired: false,
    kick() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.fired = true;
        controller.abort();
      }, ms);
      timer.unref();
    },
    stop() {
      clearTimeout(timer);
    },
  };
  state.kick();
  return state;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid URL>';
  }
}

function tooLarge(url: string, maxBytes: number): AwsError {
  return new AwsError(
    'VALIDATION',
    OPERATION,
    `blob at ${withoutQuery(url)} is larger than the ${maxBytes}-byte limit`,
  );
}

function statusError(url: string, status: number): AwsError {
  const code: AwsErrorCode =
    status === 401 || status === 403
      ? 'ACCESS_DENIED'
      : status === 404
        ? 'LAYER_NOT_FOUND'
        : status === 429
          ? 'THROTTLED'
          : status >= 500
            ? 'UNAVAILABLE'
            : 'UNKNOWN';
  const hint = code === 'ACCESS_DENIED' ? ' (presigned URLs expire; get a fresh one)' : '';
  return new AwsError(code, OPERATION, `GET ${withoutQuery(url)} answered HTTP ${status}${hint}`, {
    httpStatus: status,
  });
}

function transportError(url: string, err: unknown, timedOut: boolean): AwsError {
  const reason = timedOut
    ? 'no data within the idle timeout'
    : err instanceof Error
      ? (causeCode(err) ?? err.message)
      : 'error';
  return new AwsError('UNAVAILABLE', OPERATION, `GET ${withoutQuery(url)} failed: ${redactSecrets(reason)}`, {
    cause: err,
  });
}

function causeCode(err: Error): string | undefined {
  const cause = err.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
