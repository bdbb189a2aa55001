/**
 * Accepted differences between moto 5.2.1 and the sandbox in the ECR contract test, each with its
 * reason. Only moto shortcomings (moto lacks what the ECR model, domain.md §1–§3, has) or behaviour AWS
 * documents nowhere belong here; a sandbox bug is fixed in the sandbox, never listed. Every entry must
 * still be needed: the contract test fails on a stale one.
 */
export interface Allowance {
  /** ECR operation, or `error` for error bodies. */
  operation: string;
  kind: 'shape' | 'value';
  /** The path the difference is at; it covers everything under it too. */
  path: string;
  reason: string;
}

export const ALLOWANCES: readonly Allowance[] = [
  {
    operation: 'DescribeImages',
    kind: 'shape',
    path: '$.imageDetails[].artifactMediaType',
    reason: 'moto never sets ImageDetail.artifactMediaType; the ECR model has it (domain.md §3.1).',
  },
  {
    operation: 'DescribeImages',
    kind: 'shape',
    path: '$.imageDetails[].imageStatus',
    reason: 'moto 5.2.1 predates ECR archiving: no ImageDetail.imageStatus (ACTIVE|ARCHIVED|ACTIVATING in the model).',
  },
  {
    operation: 'DescribeImages',
    kind: 'shape',
    path: '$.nextToken',
    reason: 'moto ignores maxResults on DescribeImages (no paging); the model pages at 1–1000.',
  },
  {
    operation: 'ListImages',
    kind: 'shape',
    path: '$.nextToken',
    reason: 'moto ignores maxResults on ListImages (no paging); the model pages at 1–1000.',
  },
  {
    operation: 'DescribeRepositories',
    kind: 'shape',
    path: '$.nextToken',
    reason: 'moto ignores maxResults on DescribeRepositories ("maxResults and nextToken not implemented").',
  },
  {
    operation: 'DescribeImageScanFindings',
    kind: 'shape',
    path: '$.imageScanFindings.findings[].description',
    reason: 'moto’s fixed finding has no description; ImageScanFinding.description is in the model.',
  },
  {
    operation: 'BatchGetRepositoryScanningConfiguration',
    kind: 'value',
    path: '$.scanningConfigurations[].scanOnPush',
    reason:
      'moto hardcodes false. What AWS answers for a SCAN_ON_PUSH repository is UNVERIFIED (a real answer for ' +
      'CONTINUOUS_SCAN showed false: turbot/steampipe-plugin-aws#1716).',
  },
  {
    operation: 'error',
    kind: 'shape',
    path: '$.Message',
    reason: 'moto repeats the message as "Message" in every error body; ECR sends "message".',
  },
];
