/**
 * The registry of rules. Problem rules always run; outcome rules (SCAN_OK, NO_FINDINGS) only run when no
 * problem rule found anything, so "all good" is never said next to a real problem.
 */
import type { Rule } from '../types.js';
import { ecrDataUnavailableRule } from './ecr-data-unavailable.js';
import { findingsUnavailableRule } from './findings-unavailable.js';
import { imageArchivedRule } from './image-archived.js';
import { inspectorAccessDeniedRule } from './inspector-access-denied.js';
import { inspectorInternalErrorRule } from './inspector-internal-error.js';
import { inspectorNotEnabledRule } from './inspector-not-enabled.js';
import { inspectorUnavailableRule } from './inspector-unavailable.js';
import { kmsAccessDeniedRule } from './kms-access-denied.js';
import { limitExceededRule } from './limit-exceeded.js';
import { noFindingsRule } from './no-findings.js';
import { noMatchingScanRuleRule } from './no-matching-scan-rule.js';
import { scanEligibilityExpiredRule } from './scan-eligibility-expired.js';
import { makeScanEligibilityExpiringRule } from './scan-eligibility-expiring.js';
import { scanFailedRule } from './scan-failed.js';
import { scanInProgressRule } from './scan-in-progress.js';
import { scanNotStartedRule } from './scan-not-started.js';
import { scanOkRule } from './scan-ok.js';
import { scanOnPushOnlyRule } from './scan-on-push-only.js';
import { scanPendingRule } from './scan-pending.js';
import { undefinedSeverityRule } from './undefined-severity.js';
import { unknownStatusRule } from './unknown-status.js';
import { unsupportedImageRule } from './unsupported-image.js';

export interface RuleOptions {
  /** SCAN_ELIGIBILITY_EXPIRING fires when the computed expiry is at most this many days away (default 7). */
  expiryWarningDays?: number;
}

export function problemRules(options: RuleOptions = {}): Rule[] {
  return [
    imageArchivedRule,
    unsupportedImageRule,
    inspectorNotEnabledRule,
    kmsAccessDeniedRule,
    inspectorAccessDeniedRule,
    scanEligibilityExpiredRule,
    noMatchingScanRuleRule,
    scanNotStartedRule,
    scanFailedRule,
    makeScanEligibilityExpiringRule(options.expiryWarningDays),
    undefinedSeverityRule,
    scanOnPushOnlyRule,
    findingsUnavailableRule,
    limitExceededRule,
    inspectorInternalErrorRule,
    unknownStatusRule,
    ecrDataUnavailableRule,
    inspectorUnavailableRule,
    scanPendingRule,
    scanInProgressRule,
  ];
}

export const OUTCOME_RULES: readonly Rule[] = [scanOkRule, noFindingsRule];
