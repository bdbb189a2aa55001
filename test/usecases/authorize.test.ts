import { describe, expect, it } from 'vitest';
import { createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createSlackUsergroupMembers, type UsergroupMembers } from '../../src/state/usergroup-members.js';
import { createAdminAuthorizer, createRescanAuthorizer } from '../../src/usecases/authorize.js';
import { fakeUsergroupsClient } from '../state/fake-usergroups-client.js';
import { captureLog } from '../support/log-capture.js';

/** Members from a table; a group mapped to an Error fails its lookup. Records which groups were asked. */
function tableMembers(groups: Record<string, string[] | Error>): UsergroupMembers & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async members(id) {
      asked.push(id);
      const found = groups[id];
      if (found instanceof Error) throw found;
      if (!found) throw new Error('no_such_subteam');
      return found;
    },
  };
}

const groups = {
  SPLATFORM: ['U_ANA', 'U_BEN'],
  SSECURITY: ['U_CAT'],
  SBROKEN: Object.assign(new Error('An API error occurred: missing_scope'), { data: { error: 'missing_scope' } }),
};

describe('createRescanAuthorizer', () => {
  it('refuses everybody when nothing is configured, and says which settings to set', async () => {
    const members = tableMembers(groups);
    const check = createRescanAuthorizer({ allowedUsers: [], allowedUsergroups: [], members });
    const result = await check.check('U_ANA');
    expect(result).toMatchObject({ allowed: false, reason: 'not-configured' });
    if (result.allowed) return;
    expect(result.how).toContain('ECRSCAN_RESCAN_ALLOWED_USERGROUPS');
    expect(result.how).toContain('ECRSCAN_RESCAN_ALLOWED_USERS');
    expect(result.how).toContain('Nobody may rescan images');
    expect(members.asked).toEqual([]);
  });

  it.each([
    ['a listed user, without asking Slack', ['U_ZOE'], ['SPLATFORM'], 'U_ZOE', { allowed: true, via: 'user' }, []],
    [
      'a member of an allowed group',
      [],
      ['SPLATFORM', 'SSECURITY'],
      'U_CAT',
      { allowed: true, via: 'usergroup', usergroup: 'SSECURITY' },
      ['SPLATFORM', 'SSECURITY'],
    ],
    [
      'a member of a readable group even when another group cannot be read',
      [],
      ['SBROKEN', 'SPLATFORM'],
      'U_BEN',
      { allowed: true, via: 'usergroup', usergroup: 'SPLATFORM' },
      ['SBROKEN', 'SPLATFORM'],
    ],
  ])('allows %s', async (_what, allowedUsers, allowedUsergroups, user, expected, asked) => {
    const members = tableMembers(groups);
    const result = await createRescanAuthorizer({ allowedUsers, allowedUsergroups, members }).check(user);
    expect(result).toEqual(expected);
    expect(members.asked).toEqual(asked);
  });

  it('refuses someone in no allowed group and not listed, naming the groups', async () => {
    const members = tableMembers(groups);
    const check = createRescanAuthorizer({ allowedUsers: ['U_ZOE'], allowedUsergroups: ['SPLATFORM'], members });
    const result = await check.check('U_EVE');
    expect(result).toMatchObject({ allowed: false, reason: 'not-a-member' });
    if (!result.allowed) expect(result.how).toMatch(/SPLATFORM.*ECRSCAN_RESCAN_ALLOWED_USERGROUPS/);
  });

  it('refuses, as a failed lookup rather than "not a member", when a group cannot be read', async () => {
    const members = tableMembers(groups);
    const check = createRescanAuthorizer({ allowedUsers: [], allowedUsergroups: ['SBROKEN', 'SSECURITY'], members });
    const result = await check.check('U_ANA');
    expect(result).toMatchObject({ allowed: false, reason: 'lookup-failed' });
    if (!result.allowed) {
      expect(result.how).toContain('SBROKEN: missing_scope');
      expect(result.how).toContain('usergroups:read');
    }
  });

  it('asks Slack once per group: the second check is answered from the cache', async () => {
    const { client, calls } = fakeUsergroupsClient({ SPLATFORM: ['U_ANA'] });
    const cache = createCachedLoader({ cache: createMemoryCache(), log: captureLog().log });
    const members = createSlackUsergroupMembers({ client, cache, ttlMs: 300_000 });
    const check = createRescanAuthorizer({ allowedUsers: [], allowedUsergroups: ['SPLATFORM'], members });
    expect(await check.check('U_ANA')).toMatchObject({ allowed: true });
    expect(await check.check('U_OTHER')).toMatchObject({ allowed: false, reason: 'not-a-member' });
    expect(calls).toHaveLength(1);
  });
});

describe('createAdminAuthorizer', () => {
  it('is the same check under the ECRSCAN_ADMIN_* settings', async () => {
    const members = tableMembers(groups);
    const none = await createAdminAuthorizer({ users: [], usergroups: [], members }).check('U_ANA');
    expect(none).toMatchObject({ allowed: false, reason: 'not-configured' });
    if (!none.allowed) expect(none.how).toMatch(/ECRSCAN_ADMIN_USERGROUPS.*ECRSCAN_ADMIN_USERS/);
    const admins = createAdminAuthorizer({ users: [], usergroups: ['SSECURITY'], members });
    expect(await admins.check('U_CAT')).toEqual({ allowed: true, via: 'usergroup', usergroup: 'SSECURITY' });
  });
});
