import { AwsError, type AwsErrorCode } from './aws-error.js';

const BY_NAME: Readonly<Record<string, AwsErrorCode>> = {
  RepositoryNotFoundException: 'REPOSITORY_NOT_FOUND',
  ImageNotFoundException: 'IMAGE_NOT_FOUND',
  ScanNotFoundException: 'SCAN_NOT_FOUND',
  LayersNotFoundException: 'LAYER_NOT_FOUND',
  LayerInaccessibleException: 'LAYER_NOT_FOUND',
  AccessDeniedException: 'ACCESS_DENIED',
  AccessDenied: 'ACCESS_DENIED',
  UnrecognizedClientException: 'ACCESS_DENIED',
  InvalidSignatureException: 'ACCESS_DENIED',
  SignatureDoesNotMatch: 'ACCESS_DENIED',
  InvalidClientTokenId: 'ACCESS_DENIED',
  ExpiredTokenException: 'ACCESS_DENIED',
  ExpiredToken: 'ACCESS_DENIED',
  CredentialsProviderError: 'ACCESS_DENIED',
  LimitExceededException: 'LIMIT_EXCEEDED',
  ImageArchivedException: 'IMAGE_ARCHIVED',
  UnsupportedImageTypeException: 'UNSUPPORTED_IMAGE_TYPE',
  ValidationException: 'VALIDATION',
  ValidationError: 'VALIDATION',
  InvalidParameterException: 'VALIDATION',
  SerializationException: 'VALIDATION',
  ServerException: 'UNAVAILABLE',
  InternalServerException: 'UNAVAILABLE',
  InternalFailure: 'UNAVAILABLE',
  ServiceUnavailable: 'UNAVAILABLE',
  ServiceUnavailableException: 'UNAVAILABLE',
  UnableToGetUpstreamImageException: 'UNAVAILABLE',
  UnableToGetUpstreamLayerException: 'UNAVAILABLE',
  TimeoutError: 'UNAVAILABLE',
  RequestTimeout: 'UNAVAILABLE',
  RequestTimeoutException: 'UNAVAILABLE',
};

/** The SDK's throttling names (platform.md §6.1) except LimitExceededException, which ECR uses for its scan quota. */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const NOT_ENABLED_TEXT = /not (?:been )?(?:enabled|subscribed|activated)|no subscription|not a member/i;

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $response?: { statusCode?: unknown };
}

/**
 * Translates anything an SDK call threw into the one `AwsError` that crosses the port boundary.
 * `operation` is `<service>:<Op>` (e.g. `inspector2:GetConfiguration`) because the same AWS name means
 * different things per service: Inspector answers ResourceNotFound / AccessDenied when it is not enabled.
 */
export function mapAwsError(err: unknown, operation: string): AwsError {
  if (err instanceof AwsError) return err;
  const shape: ErrorShape = typeof err === 'object' && err !== null ? (err as ErrorShape) : {};
  const awsName = typeof shape.name === 'string' && shape.name !== 'Error' ? shape.name : undefined;
  const httpStatus = httpStatusOf(shape);
  const raw = typeof shape.message === 'string' && shape.message !== '' ? shape.message : String(awsName ?? err);
  const code = classify(
    awsName,
    typeof shape.code === 'string' ? shape.code : undefined,
    httpStatus,
    shape,
    raw,
    operation,
  );
  const label = awsName ?? (typeof shape.code === 'string' ? shape.code : 'error');
  const message = `${operation} failed (${label}${httpStatus === undefined ? '' : `, HTTP ${httpStatus}`}): ${redactSecrets(raw)}`;
  return new AwsError(code, operation, message, { awsName, httpStatus, cause: err });
}

function classify(
  awsName: string | undefined,
  errno: string | undefined,
  httpStatus: number | undefined,
  shape: ErrorShape,
  message: string,
  operation: string,
): AwsErrorCode {
  const isInspector = operation.startsWith('inspector2:');
  if (isInspector && awsName === 'ResourceNotFoundException') return 'NOT_ENABLED';
  if (isInspector && awsName === 'AccessDeniedException' && NOT_ENABLED_TEXT.test(message)) return 'NOT_ENABLED';
  const named = awsName === undefined ? undefined : BY_NAME[awsName];
  if (named !== undefined) return named;
  if (awsName !== undefined && THROTTLING_NAMES.has(awsName)) return 'THROTTLED';
  if (httpStatus === 429) return 'THROTTLED';
  if (httpStatus === 401 || httpStatus === 403) return 'ACCESS_DENIED';
  if (errno !== undefined && NETWORK_CODES.has(errno)) return 'UNAVAILABLE';
  if (httpStatus !== undefined && httpStatus >= 500) return 'UNAVAILABLE';
  if (shape.$fault === 'server') return 'UNAVAILABLE';
  return 'UNKNOWN';
}

function httpStatusOf(shape: ErrorShape): number | undefined {
  const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Error texts can echo request material: presigned URLs carry X-Amz-Credential / Signature / Security-Token
 * in their query, and some services quote the access key id. None of that belongs in a message that is logged
 * or shown in Slack.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(https?:\/\/[^\s?#"']+)\?[^\s"']*/g, '$1?[redacted]')
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '[redacted-key]')
    .replace(/(X-Amz-(?:Credential|Signature|Security-Token)=)[^\s&"']+/gi, '$1[redacted]');
}

/** Runs one SDK call and lets only `AwsError` out. */
export async function withAwsErrors<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw mapAwsError(err, operation);
  }
}
