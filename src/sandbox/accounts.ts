/** The three accounts of the seeded default world (seeded-world.md). Access key id = account id selects one. */
export const SANDBOX_ACCOUNTS = {
  /** BASIC scanning, one SCAN_ON_PUSH rule (`prod` substring, `team-*` glob); Inspector not used for ECR. */
  basic: { accountId: '111111111111', region: 'us-east-1', scanType: 'BASIC', inspectorEcr: 'DISABLED' },
  /** ENHANCED: CONTINUOUS_SCAN `svc-*`, `platform`; SCAN_ON_PUSH `batch-*`. Inspector enabled, 30/14 days, LAST_PULL_DATE. */
  enhanced: { accountId: '222222222222', region: 'eu-west-1', scanType: 'ENHANCED', inspectorEcr: 'ENABLED' },
  /** ENHANCED (CONTINUOUS_SCAN `*`) but Inspector's ECR scanning is disabled. */
  inspectorDisabled: { accountId: '333333333333', region: 'eu-west-1', scanType: 'ENHANCED', inspectorEcr: 'DISABLED' },
} as const;

export type SandboxAccount = (typeof SANDBOX_ACCOUNTS)[keyof typeof SANDBOX_ACCOUNTS];

/** The secret key that goes with any sandbox access key (never checked). */
export const SANDBOX_SECRET_ACCESS_KEY = 'sandbox';
