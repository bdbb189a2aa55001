import type { WebClient } from '@slack/web-api';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createCachedLoader } from '../../src/cache/cached.js';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import {
  createSlackUsergroupMembers,
  slackErrorCode,
  type UsergroupsClient,
  usergroupMembersKey,
} from '../../src/state/usergroup-members.js';
import { captureLog } from '../support/log-capture.js';
import { fakeClock } from './fake-clock.js';
import { fakeUsergroupsClient } from './fake-usergroups-client.js';

function loader(clock = fakeClock()) {
  return createCachedLoader({ cache: createMemoryCache({ clock }), log: captureLog().log });
}

describe('createSlackUsergroupMembers', () => {
  it('accepts Bolt’s WebClient as its client', () => {
    expectTypeOf<WebClient>().toExtend<UsergroupsClient>();
  });

  it('lists a group once, then answers from the cache until the TTL passes', async () => {
    const clock = fakeClock();
    const { client, calls } = fakeUsergroupsClient({ S01: ['U1', 'U2'] });
    const members = createSlackUsergroupMembers({ client, cache: loader(clock), ttlMs: 300_000 });
    expect(await members.members('S01')).toEqual(['U1', 'U2']);
    expect(await members.members('S01')).toEqual(['U1', 'U2']);
    expect(calls).toEqual([{ usergroup: 'S01', include_disabled: false }]);
    clock.advance(300_001);
    await members.members('S01');
    expect(calls).toHaveLength(2);
  });

  it('shares one call between concurrent checks', async () => {
    const { client, calls } = fakeUsergroupsClient({ S01: ['U1'] });
    const members = createSlackUsergroupMembers({ client, cache: loader() });
    await Promise.all([members.members('S01'), members.members('S01'), members.members('S01')]);
    expect(calls).toHaveLength(1);
  });

  it('rejects a failed lookup and does not cache it', async () => {
    const { client, calls } = fakeUsergroupsClient({});
    const members = createSlackUsergroupMembers({ client, cache: loader() });
    await expect(members.members('S404')).rejects.toThrow('usergroups.users.list: no_such_subteam');
    await expect(members.members('S404')).rejects.toThrow();
    expect(calls).toHaveLength(2);
  });

  it('keys the cache by group id, escaped', () => {
    expect(usergroupMembersKey('S01')).toBe('ecrscan:v1:usergroup-members:S01');
    expect(usergroupMembersKey('S:01')).toBe('ecrscan:v1:usergroup-members:S%3A01');
  });

  it.each([
    [
      Object.assign(new Error('An API error occurred: missing_scope'), { data: { error: 'missing_scope' } }),
      'missing_scope',
    ],
    [new Error('socket hang up'), undefined],
    [null, undefined],
  ])('reads the Slack error code of %s', (err, code) => {
    expect(slackErrorCode(err)).toBe(code);
  });
});
