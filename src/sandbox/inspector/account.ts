/** Inspector2 GetConfiguration and BatchGetAccountStatus (domain.md §4.1, §4.4). */
import { inspectorValidation } from '../errors.js';
import type { HandlerContext, Input } from '../handler.js';
import { registryKey } from '../world.js';

/** Returned even when ECR scanning is disabled: the setting is account-wide (behaviour for never-enabled accounts UNVERIFIED). */
export function getConfiguration(ctx: HandlerContext) {
  const { inspector } = ctx.registry;
  return {
    ecrConfiguration: {
      rescanDurationState: {
        rescanDuration: inspector.rescanDuration,
        pullDateRescanDuration: inspector.pullDateRescanDuration,
        pullDateRescanMode: inspector.pullDateRescanMode,
        status: inspector.status,
        updatedAt: inspector.updatedAt,
      },
    },
    ec2Configuration: { scanModeState: { scanMode: 'EC2_SSM_AGENT_BASED', scanModeStatus: 'SUCCESS' } },
  };
}

/**
 * The caller's own account, or accounts the sandbox knows in this Region (as a delegated administrator
 * would see its members); others fail with ACCESS_DENIED. `errorCode`/`errorMessage` of healthy states
 * are left out (what AWS puts there for ENABLED/DISABLED is UNVERIFIED).
 */
export function batchGetAccountStatus(ctx: HandlerContext, input: Input) {
  const ids = input.accountIds ?? [ctx.caller.accountId];
  if (!Array.isArray(ids) || ids.length > 10 || ids.some((id) => typeof id !== 'string' || !/^\d{12}$/.test(id))) {
    throw inspectorValidation(
      'accountIds',
      JSON.stringify(ids),
      'Member must be a list of at most 10 12-digit account ids',
    );
  }
  const accounts: unknown[] = [];
  const failedAccounts: unknown[] = [];
  for (const accountId of ids as string[]) {
    const registry =
      accountId === ctx.caller.accountId
        ? ctx.registry
        : ctx.world.registries.get(registryKey(accountId, ctx.caller.region));
    if (!registry) {
      failedAccounts.push({
        accountId,
        errorCode: 'ACCESS_DENIED',
        errorMessage: 'The caller is not the delegated administrator of this account.',
      });
      continue;
    }
    const ecr = registry.inspector.ecrStatus;
    accounts.push({
      accountId,
      state: { status: ecr === 'ENABLED' ? 'ENABLED' : 'DISABLED' },
      resourceState: { ec2: { status: 'DISABLED' }, ecr: { status: ecr }, lambda: { status: 'DISABLED' } },
    });
  }
  return { accounts, failedAccounts };
}
