/**
 * Two kinds of error (style.md habit 9): `UserFacingError` carries text that is safe and useful to
 * show a user as is; anything else is logged in full and the user gets a generic line with a reference.
 */
import { randomBytes } from 'node:crypto';

export const USER_ERROR_CODES = [
  'INVALID_REFERENCE',
  'REPOSITORY_NOT_FOUND',
  'IMAGE_NOT_FOUND',
  'ACCESS_DENIED',
  'AWS_UNAVAILABLE',
  'UNKNOWN_TARGET',
  'BAD_USAGE',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  readonly code: UserErrorCode;
  /** Extra lines shown under the message: an example, close matches, a command to run. */
  readonly hints: string[];
  constructor(code: UserErrorCode, message: string, opts: { hints?: string[]; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.hints = opts.hints ?? [];
  }
}

/** A short id to quote to the user and find the full error in the logs. */
export function newErrorReference(): string {
  return randomBytes(4).toString('hex');
}
