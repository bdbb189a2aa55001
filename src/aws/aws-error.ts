/**
 * The one error type that crosses the AWS port boundary. Adapters translate SDK exceptions into it so
 * that nothing above `aws/` needs to know SDK class names; `awsName` keeps the original for evidence.
 */
export const AWS_ERROR_CODES = [
  'REPOSITORY_NOT_FOUND',
  'IMAGE_NOT_FOUND',
  /** DescribeImageScanFindings: the image was never scanned (ScanNotFoundException). */
  'SCAN_NOT_FOUND',
  'LAYER_NOT_FOUND',
  'ACCESS_DENIED',
  'THROTTLED',
  /** StartImageScan: the one-scan-per-image-per-24h quota (LimitExceededException). */
  'LIMIT_EXCEEDED',
  'IMAGE_ARCHIVED',
  'UNSUPPORTED_IMAGE_TYPE',
  /** Inspector: the account has no Inspector, or it is not enabled (ResourceNotFound / AccessDenied variants). */
  'NOT_ENABLED',
  'VALIDATION',
  /** 5xx, timeouts, connection failures: AWS could not be reached or did not answer. */
  'UNAVAILABLE',
  'UNKNOWN',
] as const;
export type AwsErrorCode = (typeof AWS_ERROR_CODES)[number];

export class AwsError extends Error {
  override readonly name = 'AwsError';
  readonly code: AwsErrorCode;
  readonly operation: string;
  /** The AWS exception name as the service sent it, e.g. `ScanNotFoundException`. */
  readonly awsName: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    code: AwsErrorCode,
    operation: string,
    message: string,
    opts: { awsName?: string; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.operation = operation;
    this.awsName = opts.awsName;
    this.httpStatus = opts.httpStatus;
  }
}

export function isAwsError(err: unknown, code?: AwsErrorCode): err is AwsError {
  return err instanceof AwsError && (code === undefined || err.code === code);
}

/** `ecr:DescribeImages failed (ACCESS_DENIED): …` for AWS errors, the message otherwise (for reports and logs). */
export function describeError(err: unknown): string {
  if (isAwsError(err)) return `${err.operation} failed (${err.code}): ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
