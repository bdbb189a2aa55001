/**
 * The three wire protocols the sandbox speaks (platform.md §6.3): ECR awsJson1_1, Inspector2 restJson1,
 * STS awsQuery. Both JSON protocols carry timestamps as epoch seconds (the SDK's default format for them).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { SandboxError } from './errors.js';
import type { Input } from './handler.js';

export interface ServiceProtocol {
  parse(body: string): Input;
  success(res: ServerResponse, operation: string, output: unknown): void;
  failure(res: ServerResponse, err: SandboxError): void;
  throttled(): SandboxError;
  serverError(): SandboxError;
}

/** JSON with Dates as epoch seconds (fractional milliseconds kept, as AWS sends them). */
export function toAwsJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers = {}): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(body);
}

function parseJson(body: string): Input {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Input;
  } catch {}
  throw new SandboxError('SerializationException', 'Start of structure or map found where not expected.');
}

export const ecrProtocol: ServiceProtocol = {
  parse: parseJson,
  success(res, _operation, output) {
    send(res, 200, 'application/x-amz-json-1.1', toAwsJson(output ?? {}));
  },
  failure(res, err) {
    const body = toAwsJson({ __type: err.type, message: err.message, ...err.members });
    send(res, err.status, 'application/x-amz-json-1.1', body, { 'x-amzn-errortype': err.type, ...err.headers });
  },
  // ECR models no throttling shape; real ECR answers a generic 400 ThrottlingException, which the SDK retries.
  throttled: () => new SandboxError('ThrottlingException', 'Rate exceeded'),
  serverError: () =>
    new SandboxError('ServerException', 'An internal error occurred. Try again later.', { status: 500 }),
};

export const inspectorProtocol: ServiceProtocol = {
  parse: parseJson,
  success(res, _operation, output) {
    send(res, 200, 'application/json', toAwsJson(output ?? {}));
  },
  failure(res, err) {
    const body = toAwsJson({ message: err.message, ...err.members });
    send(res, err.status, 'application/json', body, { 'x-amzn-errortype': err.type, ...err.headers });
  },
  throttled: () =>
    new SandboxError('ThrottlingException', 'Rate exceeded', { status: 429, headers: { 'retry-after': '1' } }),
  serverError: () =>
    new SandboxError('InternalServerException', 'Internal server error', {
      status: 500,
      headers: { 'retry-after': '1' },
    }),
};

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const stsProtocol: ServiceProtocol = {
  parse(body) {
    return Object.fromEntries(new URLSearchParams(body));
  },
  success(res, operation, output) {
    const action = operation.replace(/^sts:/, '');
    const xml =
      `<${action}Response xmlns="${STS_NS}"><${action}Result>${toXml(output)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
    send(res, 200, 'text/xml', xml);
  },
  failure(res, err) {
    const kind = err.status >= 500 ? 'Receiver' : 'Sender';
    const xml =
      `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${kind}</Type><Code>${escapeXml(err.type)}</Code>` +
      `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
    send(res, err.status, 'text/xml', xml, err.headers);
  },
  throttled: () => new SandboxError('Throttling', 'Rate exceeded'),
  serverError: () =>
    new SandboxError('ServiceUnavailable', 'Service is unavailable. Try again later.', { status: 503 }),
};
