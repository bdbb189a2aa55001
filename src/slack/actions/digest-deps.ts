/** What the digest listeners (commands, buttons) share: the admin check for subscription changes. */
import { type AuthorizeResult, createAdminAuthorizer } from '../../usecases/authorize.js';
import type { SlackDeps } from '../slack-deps.js';

/** Without `deps.admin` nobody is an admin: the same refusal, and how-to, as with no ECRSCAN_ADMIN_* set. */
const NOBODY = createAdminAuthorizer({ users: [], usergroups: [], members: { members: async () => [] } });

export function checkAdmin(deps: SlackDeps, userId: string): Promise<AuthorizeResult> {
  return (deps.admin ?? NOBODY).check(userId);
}
