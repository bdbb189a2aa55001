/**
 * Who may press what (design.md §4, platform.md §8): a Slack user is allowed when listed by id or a member of a
 * listed user group, checked server-side on every action. Default deny: with neither list configured nobody is
 * allowed, and the answer says which settings to set. A user group that cannot be read (missing
 * `usergroups:read`, unknown id, Slack down) grants nothing, and the answer says so rather than "not a member".
 * The same shape serves rescans (`ECRSCAN_RESCAN_ALLOWED_*`) and admin actions (`ECRSCAN_ADMIN_*`).
 */
import { slackErrorCode, type UsergroupMembers } from '../state/usergroup-members.js';

export type AuthorizeResult =
  | { allowed: true; via: 'user' | 'usergroup'; usergroup?: string }
  | { allowed: false; reason: 'not-configured' | 'not-a-member' | 'lookup-failed'; how: string };

export interface Authorizer {
  check(userId: string): Promise<AuthorizeResult>;
}

export interface AuthorizerOptions {
  users: readonly string[];
  usergroups: readonly string[];
  members: UsergroupMembers;
  /** The environment variables that configure this permission, named in the `how` text. */
  settingNames: { users: string; usergroups: string };
  /** What the permission allows, for messages: `rescan images`. */
  action: string;
}

export function createAuthorizer(opts: AuthorizerOptions): Authorizer {
  const users = new Set(opts.users);
  const usergroups = [...new Set(opts.usergroups)];
  const { settingNames: names, action } = opts;
  const configure =
    `set ${names.usergroups} to Slack user group ids (S…) and/or ${names.users} to Slack user ids (U… or W…), ` +
    'comma-separated, then restart ecrscan';

  return {
    async check(userId) {
      if (users.size === 0 && usergroups.length === 0) {
        return {
          allowed: false,
          reason: 'not-configured',
          how: `Nobody may ${action} yet: an admin must ${configure}.`,
        };
      }
      if (users.has(userId)) return { allowed: true, via: 'user' };
      const lookups = await Promise.allSettled(usergroups.map((group) => opts.members.members(group)));
      const failed: string[] = [];
      for (const [i, lookup] of lookups.entries()) {
        const group = usergroups[i]!;
        if (lookup.status === 'rejected') failed.push(describeFailure(group, lookup.reason));
        else if (lookup.value.includes(userId)) return { allowed: true, via: 'usergroup', usergroup: group };
      }
      if (failed.length > 0) {
        return {
          allowed: false,
          reason: 'lookup-failed',
          how: `ecrscan could not check the allowed user groups (${failed.join('; ')}), so it refuses to ${action}. Try again in a minute; if it persists, an admin should check that the Slack app has the usergroups:read scope and that ${names.usergroups} lists existing groups.`,
        };
      }
      const where = [
        usergroups.length ? `user groups ${usergroups.join(', ')} (${names.usergroups})` : '',
        users.size ? `users listed in ${names.users}` : '',
      ]
        .filter(Boolean)
        .join(' or ');
      return {
        allowed: false,
        reason: 'not-a-member',
        how: `Only ${where} may ${action}. Ask an admin to add you, or ask someone allowed to do it.`,
      };
    },
  };
}

function describeFailure(group: string, err: unknown): string {
  return `${group}: ${slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err))}`;
}

export function createRescanAuthorizer(opts: {
  allowedUsers: readonly string[];
  allowedUsergroups: readonly string[];
  members: UsergroupMembers;
}): Authorizer {
  return createAuthorizer({
    users: opts.allowedUsers,
    usergroups: opts.allowedUsergroups,
    members: opts.members,
    settingNames: { users: 'ECRSCAN_RESCAN_ALLOWED_USERS', usergroups: 'ECRSCAN_RESCAN_ALLOWED_USERGROUPS' },
    action: 'rescan images',
  });
}

export function createAdminAuthorizer(opts: {
  users: readonly string[];
  usergroups: readonly string[];
  members: UsergroupMembers;
}): Authorizer {
  return createAuthorizer({
    ...opts,
    settingNames: { users: 'ECRSCAN_ADMIN_USERS', usergroups: 'ECRSCAN_ADMIN_USERGROUPS' },
    action: 'change ecrscan settings',
  });
}
