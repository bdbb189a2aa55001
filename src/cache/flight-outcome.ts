/**
 * How a single-flight result crosses from the replica that ran the load to the replicas that waited for it.
 * A value travels as tagged JSON. An error travels as its name, message and own plain fields, and is rebuilt:
 * an `AwsError` becomes an `AwsError` again (its `code` drives the diagnosis, so waiters in other replicas must
 * see the same fact as the winner), anything else becomes an `Error` with the same name, message and fields.
 */
import { AWS_ERROR_CODES, AwsError, type AwsErrorCode } from '../aws/aws-error.js';
import { taggedJson } from './tagged-json.js';

export type FlightOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface SentError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean>;
}

function toSentError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: SentError['fields'] = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

function isAwsErrorCode(code: unknown): code is AwsErrorCode {
  return typeof code === 'string' && (AWS_ERROR_CODES as readonly string[]).includes(code);
}

function fromSentError(sent: SentError): Error {
  const { code, operation, awsName, httpStatus } = sent.fields;
  if (sent.name === 'AwsError' && isAwsErrorCode(code) && typeof operation === 'string') {
    return new AwsError(code, operation, sent.message, {
      ...(typeof awsName === 'string' ? { awsName } : {}),
      ...(typeof httpStatus === 'number' ? { httpStatus } : {}),
    });
  }
  const error = Object.assign(new Error(sent.message), sent.fields);
  error.name = sent.name;
  return error;
}

export const flightOutcome = {
  /** Throws `CacheValueError` when the value cannot be encoded. */
  encode(outcome: FlightOutcome): string {
    return outcome.ok
      ? taggedJson.stringify({ ok: true, value: outcome.value })
      : taggedJson.stringify({ ok: false, error: toSentError(outcome.error) });
  },
  decode(text: string): FlightOutcome {
    const parsed = taggedJson.parse(text) as { ok: true; value: unknown } | { ok: false; error: SentError };
    return parsed.ok ? parsed : { ok: false, error: fromSentError(parsed.error) };
  },
};
