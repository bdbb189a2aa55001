/**
 * STS (awsQuery) AssumeRole and GetCallerIdentity, so targets with a role work through
 * `AWS_ENDPOINT_URL_STS`. Any well-formed role ARN may be assumed; the temporary access key id is the
 * role's account id, which is how the sandbox later recognises the account (seeded-world.md).
 */
import { createHash } from 'node:crypto';
import { SandboxError } from './errors.js';
import type { Handler } from './handler.js';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

function validation(field: string, value: unknown, constraint: string): SandboxError {
  return new SandboxError(
    'ValidationError',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

const assumeRole: Handler = (ctx, input) => {
  const roleArn = input.RoleArn;
  const session = input.RoleSessionName;
  if (typeof roleArn !== 'string' || roleArn.length < 20) {
    throw validation('roleArn', roleArn, 'Member must have length greater than or equal to 20');
  }
  if (typeof session !== 'string' || !/^[\w+=,.@-]{2,64}$/.test(session)) {
    throw validation('roleSessionName', session, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
  }
  const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validation('durationSeconds', input.DurationSeconds, 'Member must have value between 900 and 43200');
  }
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new SandboxError('ValidationError', `${roleArn} is invalid`);
  const [, accountId, roleName] = match;
  const roleId = `AROA${createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
  const now = ctx.now();
  return {
    Credentials: {
      AccessKeyId: accountId,
      SecretAccessKey: createHash('sha256').update(`${roleArn}|${session}|secret`).digest('base64'),
      SessionToken: Buffer.from(JSON.stringify({ roleArn, session, issuedAt: now.toISOString() })).toString('base64'),
      Expiration: new Date(now.getTime() + duration * 1000),
    },
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${session}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`,
    },
  };
};

const getCallerIdentity: Handler = (ctx) => ({
  UserId: `AIDA${ctx.caller.accountId}SANDBOX`,
  Account: ctx.caller.accountId,
  Arn: `arn:aws:iam::${ctx.caller.accountId}:user/sandbox`,
});

export const stsHandlers: Record<string, Handler> = { AssumeRole: assumeRole, GetCallerIdentity: getCallerIdentity };
