import { describe, expect, it } from 'vitest';
import { AwsError, type AwsErrorCode } from '../../src/aws/aws-error.js';
import { mapAwsError, redactSecrets, withAwsErrors } from '../../src/aws/map-aws-error.js';

/** An error shaped like an SDK v3 service exception (name, message, $fault, $metadata). */
function sdkError(name: string, message: string, status?: number, fault: 'client' | 'server' = 'client'): Error {
  return Object.assign(new Error(message), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('mapAwsError', () => {
  it.each<[string, Error, string, AwsErrorCode]>([
    [
      'repository',
      sdkError('RepositoryNotFoundException', 'The repository does not exist', 400),
      'ecr:DescribeImages',
      'REPOSITORY_NOT_FOUND',
    ],
    ['image', sdkError('ImageNotFoundException', 'no image', 400), 'ecr:DescribeImages', 'IMAGE_NOT_FOUND'],
    ['scan', sdkError('ScanNotFoundException', 'no scan', 400), 'ecr:DescribeImageScanFindings', 'SCAN_NOT_FOUND'],
    ['layers', sdkError('LayersNotFoundException', 'x', 400), 'ecr:GetDownloadUrlForLayer', 'LAYER_NOT_FOUND'],
    [
      'layer inaccessible',
      sdkError('LayerInaccessibleException', 'x', 400),
      'ecr:GetDownloadUrlForLayer',
      'LAYER_NOT_FOUND',
    ],
    [
      'access denied',
      sdkError('AccessDeniedException', 'User is not authorized', 400),
      'ecr:DescribeImages',
      'ACCESS_DENIED',
    ],
    [
      'bad key',
      sdkError('UnrecognizedClientException', 'The security token is invalid', 400),
      'ecr:DescribeImages',
      'ACCESS_DENIED',
    ],
    [
      'plain 403',
      sdkError('MissingAuthenticationTokenException', 'Missing token', 403),
      'ecr:DescribeImages',
      'ACCESS_DENIED',
    ],
    ['ECR throttling', sdkError('ThrottlingException', 'Rate exceeded', 400), 'ecr:DescribeImages', 'THROTTLED'],
    ['Inspector 429', sdkError('TooManyRequests', 'slow down', 429), 'inspector2:ListCoverage', 'THROTTLED'],
    [
      'scan quota',
      sdkError('LimitExceededException', 'The scan quota per image has been exceeded.', 400),
      'ecr:StartImageScan',
      'LIMIT_EXCEEDED',
    ],
    ['archived', sdkError('ImageArchivedException', 'archived', 400), 'ecr:StartImageScan', 'IMAGE_ARCHIVED'],
    [
      'unsupported',
      sdkError('UnsupportedImageTypeException', 'cannot be scanned', 400),
      'ecr:StartImageScan',
      'UNSUPPORTED_IMAGE_TYPE',
    ],
    [
      'inspector not enabled',
      sdkError('ResourceNotFoundException', 'not found', 404),
      'inspector2:GetConfiguration',
      'NOT_ENABLED',
    ],
    [
      'inspector not subscribed',
      sdkError('AccessDeniedException', 'Account is not subscribed to Inspector', 403),
      'inspector2:ListCoverage',
      'NOT_ENABLED',
    ],
    [
      'inspector plain denial',
      sdkError('AccessDeniedException', 'User is not authorized to perform inspector2:ListCoverage', 403),
      'inspector2:ListCoverage',
      'ACCESS_DENIED',
    ],
    ['validation', sdkError('ValidationException', 'bad', 400), 'inspector2:ListFindings', 'VALIDATION'],
    ['STS validation', sdkError('ValidationError', 'role ARN is invalid', 400), 'ecr:DescribeImages', 'VALIDATION'],
    ['invalid parameter', sdkError('InvalidParameterException', 'bad', 400), 'ecr:DescribeImages', 'VALIDATION'],
    ['ECR 500', sdkError('ServerException', 'oops', 500, 'server'), 'ecr:DescribeImages', 'UNAVAILABLE'],
    ['unknown 503', sdkError('SomethingNew', 'oops', 503, 'server'), 'inspector2:ListCoverage', 'UNAVAILABLE'],
    ['timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'ecr:DescribeImages', 'UNAVAILABLE'],
    ['refused', networkError('ECONNREFUSED'), 'ecr:DescribeImages', 'UNAVAILABLE'],
    ['unknown 400', sdkError('BrandNewException', 'who knows', 400), 'ecr:DescribeImages', 'UNKNOWN'],
    ['not an Error', 'string thrown' as unknown as Error, 'ecr:DescribeImages', 'UNKNOWN'],
  ])('%s → %s', (_label, err, operation, code) => {
    const mapped = mapAwsError(err, operation);
    expect(mapped).toBeInstanceOf(AwsError);
    expect(mapped.code).toBe(code);
    expect(mapped.operation).toBe(operation);
    expect(mapped.cause).toBe(err);
  });

  it('keeps the AWS name and HTTP status, and names both in the message', () => {
    const mapped = mapAwsError(
      sdkError('ScanNotFoundException', 'Image scan does not exist', 400),
      'ecr:DescribeImageScanFindings',
    );
    expect(mapped.awsName).toBe('ScanNotFoundException');
    expect(mapped.httpStatus).toBe(400);
    expect(mapped.message).toBe(
      'ecr:DescribeImageScanFindings failed (ScanNotFoundException, HTTP 400): Image scan does not exist',
    );
  });

  it('does not treat a plain Error name as an AWS name', () => {
    const mapped = mapAwsError(networkError('ECONNREFUSED'), 'ecr:DescribeImages');
    expect(mapped.awsName).toBeUndefined();
    expect(mapped.message).toContain('(ECONNREFUSED)');
  });

  it('passes an AwsError through unchanged', () => {
    const original = new AwsError('THROTTLED', 'ecr:DescribeImages', 'x');
    expect(mapAwsError(original, 'other:Op')).toBe(original);
  });

  it('never copies credentials or presigned query strings into the message', () => {
    const err = sdkError(
      'AccessDeniedException',
      'denied for AKIAABCDEFGHIJKLMNOP at https://bucket.s3.amazonaws.com/blob?X-Amz-Credential=ASIAXYZXYZXYZXYZXYZX&X-Amz-Signature=abc',
      403,
    );
    const mapped = mapAwsError(err, 'ecr:DescribeImages');
    expect(mapped.message).not.toMatch(/AKIA|ASIA|Signature=abc/);
    expect(mapped.message).toContain('https://bucket.s3.amazonaws.com/blob?[redacted]');
  });
});

describe('redactSecrets', () => {
  it('removes access key ids and X-Amz signing parameters outside URLs too', () => {
    expect(redactSecrets('key ASIA1234567890ABCDEF and X-Amz-Security-Token=FwoGZX')).toBe(
      'key [redacted-key] and X-Amz-Security-Token=[redacted]',
    );
  });
});

describe('withAwsErrors', () => {
  it('returns the value of a successful call', async () => {
    await expect(withAwsErrors('ecr:X', async () => 42)).resolves.toBe(42);
  });

  it('rejects only with AwsError', async () => {
    const rejected = withAwsErrors('ecr:DescribeImages', async () => {
      throw sdkError('RepositoryNotFoundException', 'nope', 400);
    });
    await expect(rejected).rejects.toMatchObject({
      name: 'AwsError',
      code: 'REPOSITORY_NOT_FOUND',
      operation: 'ecr:DescribeImages',
    });
  });
});
