import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadDigestFile } from '../../src/state/digest-file.js';
import { subscriptionIdOf } from '../../src/state/subscriptions.js';

const load = (text: string) => loadDigestFile('/etc/ecrscan/digests.yml', { readFile: () => text, now: new Date(0) });

describe('ECRSCAN_DIGEST_FILE', () => {
  it('reads static subscriptions with defaults, as source "file"', () => {
    const subs = load(`
subscriptions:
  - team: T0ECRSCAN
    channel: C0PLATFORM
    repos: [payments-*, checkout]
    at: "07:30"
    timeZone: America/New_York
    within: 14
    minSeverity: high
    allClear: true
  - team: T0ECRSCAN
    channel: C0OTHER
`);
    expect(subs).toEqual([
      {
        id: subscriptionIdOf('T0ECRSCAN', 'C0PLATFORM', ['checkout', 'payments-*']),
        teamId: 'T0ECRSCAN',
        channelId: 'C0PLATFORM',
        repoFilters: ['checkout', 'payments-*'],
        at: '07:30',
        timeZone: 'America/New_York',
        withinDays: 14,
        minSeverity: 'HIGH',
        allClear: true,
        createdBy: 'file',
        createdAt: new Date(0),
        source: 'file',
      },
      {
        id: subscriptionIdOf('T0ECRSCAN', 'C0OTHER', []),
        teamId: 'T0ECRSCAN',
        channelId: 'C0OTHER',
        repoFilters: [],
        at: '09:00',
        timeZone: 'UTC',
        withinDays: 7,
        allClear: false,
        createdBy: 'file',
        createdAt: new Date(0),
        source: 'file',
      },
    ]);
  });

  it.each([
    [
      'an unknown key',
      'subscriptions:\n  - team: T0A1\n    channel: C0A1\n    every: day\n',
      /subscriptions\.0.*every/,
    ],
    [
      'a bad time',
      'subscriptions:\n  - team: T0A1\n    channel: C0A1\n    at: "25:61"\n',
      /subscriptions\.0: .*time of day/,
    ],
    ['an unknown zone', 'subscriptions:\n  - {team: T0A1, channel: C0A1, timeZone: Atlantis}\n', /time zone/],
    ['a window out of range', 'subscriptions:\n  - {team: T0A1, channel: C0A1, within: 365}\n', /from 1 to 180/],
    [
      'the same channel twice',
      'subscriptions:\n  - {team: T0A1, channel: C0A1}\n  - {team: T0A1, channel: C0A1}\n',
      /twice/,
    ],
    ['YAML that does not parse', 'subscriptions: [', /cannot read it/],
  ])('stops with a ConfigError naming the file and entry for %s', (_, text, message) => {
    const error = (() => {
      try {
        load(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(message);
    expect((error as ConfigError).problems.join('\n')).toContain('ECRSCAN_DIGEST_FILE /etc/ecrscan/digests.yml');
  });

  it('is a configuration setting', () => {
    expect(loadConfig({ ECRSCAN_DIGEST_FILE: '/etc/ecrscan/digests.yml' }).digestFile).toBe('/etc/ecrscan/digests.yml');
    expect(loadConfig({}).digestFile).toBeUndefined();
  });
});
