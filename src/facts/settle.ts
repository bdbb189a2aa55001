import { isAwsError } from '../aws/aws-error.js';
import type { Fact } from '../domain/image-facts.js';

/** Turns a read into a `Fact`: a failed read is evidence for the diagnosis, not a crash. */
export async function settle<T>(operation: string, read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (err) {
    if (isAwsError(err)) {
      return { ok: false, error: { code: err.code, message: err.message, operation, awsName: err.awsName } };
    }
    return { ok: false, error: { code: 'UNKNOWN', message: (err as Error)?.message ?? String(err), operation } };
  }
}

export function factValue<T>(fact: Fact<T> | undefined): T | undefined {
  return fact?.ok ? fact.value : undefined;
}
