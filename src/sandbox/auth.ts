/**
 * Who is calling: the sandbox trusts the SigV4 `Authorization` header without checking the signature.
 * The access key id selects the account when it is a 12-digit account id (STS hands such keys out);
 * any other key maps to the default account, so `AWS_ACCESS_KEY_ID=test` still works.
 */
import { SandboxError } from './errors.js';

export const DEFAULT_ACCOUNT_ID = '111111111111';
export const DEFAULT_REGION = 'us-east-1';

export interface Caller {
  accountId: string;
  region: string;
  accessKeyId: string;
  /** Service name from the credential scope (`ecr`, `inspector2`, `sts`). */
  service?: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** Parses the caller, or undefined when the request carries no SigV4 Authorization header. */
export function parseCaller(authorization: string | undefined): Caller | undefined {
  if (!authorization?.startsWith('AWS4-HMAC-SHA256')) return undefined;
  const match = CREDENTIAL.exec(authorization);
  if (!match) return undefined;
  const [, accessKeyId, , region, service] = match;
  const accountId = /^\d{12}$/.test(accessKeyId!) ? accessKeyId! : DEFAULT_ACCOUNT_ID;
  return { accountId, region: region!, accessKeyId: accessKeyId!, service };
}

/** AWS answers an unsigned request with 403 MissingAuthenticationToken (ECR/Inspector name it this way). */
export function missingAuthentication(): SandboxError {
  return new SandboxError(
    'MissingAuthenticationTokenException',
    'Missing Authentication Token: the request must be signed with AWS Signature Version 4.',
    { status: 403 },
  );
}
