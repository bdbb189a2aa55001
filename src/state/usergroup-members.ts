/**
 * Who is in a Slack user group, for authorization. `usergroups.users.list` is Tier 2 (20+ calls a minute per
 * workspace, platform.md §2.1) and needs the `usergroups:read` scope, so answers are cached for a few minutes
 * (platform.md §8: "do not call the API per click"): adding someone to a group takes effect within `ttlMs`.
 * Failed lookups are not cached; the caller decides what a failure means (the authorizer refuses).
 */
import { keyPart } from '../cache/cache-keys.js';

/** The port the authorizer depends on. */
export interface UsergroupMembers {
  /** Slack user ids in the group. Rejects when the group cannot be read (unknown id, missing scope, Slack down). */
  members(usergroupId: string): Promise<string[]>;
}

/** The part of Bolt's `WebClient` this needs; `app.client` fits as it is. */
export interface UsergroupsClient {
  usergroups: {
    users: {
      list(args: { usergroup: string; include_disabled?: boolean }): Promise<{
        ok?: boolean;
        error?: string;
        users?: string[];
      }>;
    };
  };
}

/** A read-through cache: `CachedLoader` (cache/cached.ts) fits, with its single-flight and fail-open. */
export interface MembersCache {
  load<T>(key: string, ttlMs: number, read: () => Promise<T>): Promise<T>;
}

export const DEFAULT_USERGROUP_MEMBERS_TTL_MS = 5 * 60_000;

export function usergroupMembersKey(usergroupId: string): string {
  return `ecrscan:v1:usergroup-members:${keyPart(usergroupId)}`;
}

export function createSlackUsergroupMembers(opts: {
  client: UsergroupsClient;
  cache: MembersCache;
  ttlMs?: number;
}): UsergroupMembers {
  const ttlMs = opts.ttlMs ?? DEFAULT_USERGROUP_MEMBERS_TTL_MS;
  return {
    members: (usergroupId) =>
      opts.cache.load(usergroupMembersKey(usergroupId), ttlMs, async () => {
        // A disabled group grants nothing: its members are not listed.
        const answer = await opts.client.usergroups.users.list({ usergroup: usergroupId, include_disabled: false });
        if (answer.ok === false) throw new Error(`usergroups.users.list: ${answer.error ?? 'not ok'}`);
        return answer.users ?? [];
      }),
  };
}

/** The Slack error code of a failed Web API call (`missing_scope`, `no_such_subteam`…), when there is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
