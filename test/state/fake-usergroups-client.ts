import type { UsergroupsClient } from '../../src/state/usergroup-members.js';

/** A stand-in for `app.client` answering `usergroups.users.list` from a table, counting calls. */
export function fakeUsergroupsClient(groups: Record<string, string[] | Error>) {
  const calls: Array<{ usergroup: string; include_disabled?: boolean }> = [];
  const client: UsergroupsClient = {
    usergroups: {
      users: {
        async list(args) {
          calls.push(args);
          const answer = groups[args.usergroup];
          if (answer instanceof Error) throw answer;
          if (answer === undefined) return { ok: false, error: 'no_such_subteam' };
          return { ok: true, users: answer };
        },
      },
    },
  };
  return { client, calls };
}
