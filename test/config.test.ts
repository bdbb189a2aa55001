import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../src/config.js';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'secret-1234567890' };

describe('loadConfig', () => {
  it('applies defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, logLevel: 'info', expiryWarningDays: 7, targets: [] });
    expect(config.redisUrl).toBeUndefined();
    expect(config.rescan).toEqual({ allowedUsergroups: [], allowedUsers: [] });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...SLACK,
      SLACK_APP_TOKEN: 'xapp-1-x',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '8080',
      REDIS_URL: 'redis://:pw@127.0.0.1:6379/2',
      LOG_LEVEL: 'debug',
      AWS_REGION: 'eu-west-1',
      ECRSCAN_RESCAN_ALLOWED_USERGROUPS: 'S1, S2',
      ECRSCAN_RESCAN_ALLOWED_USERS: 'U1',
      ECRSCAN_EXPIRY_WARNING_DAYS: '14',
    });
    expect(config.slack.socketMode).toBe(true);
    expect(config.port).toBe(8080);
    expect(config.defaultRegion).toBe('eu-west-1');
    expect(config.rescan.allowedUsergroups).toEqual(['S1', 'S2']);
    expect(config.expiryWarningDays).toBe(14);
  });

  it('names every bad variable at once, with how to fix it', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxp-user', REDIS_URL: 'localhost' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'SLACK_BOT_TOKEN', 'REDIS_URL']) expect(problems).toContain(name);
    expect(problems).toContain('xoxb-');
    expect((err as ConfigError).message).not.toContain('xoxp-user');
  });

  it('requires the Slack secrets only when asked', () => {
    expect(() => loadConfig({}, { needs: ['slack'] })).toThrow(
      /SLACK_BOT_TOKEN: missing[\s\S]*SLACK_SIGNING_SECRET: missing/,
    );
    expect(loadConfig(SLACK, { needs: ['slack'] }).slack.socketMode).toBe(false);
  });

  it('reads targets from the YAML config file and validates them', () => {
    const files: Record<string, string> = {
      good: 'targets:\n  - name: prod\n    region: eu-west-1\n    accountId: "123456789012"\n    roleArn: arn:aws:iam::123456789012:role/ecrscan\n',
      bad: 'targets:\n  - name: Prod\n    region: europe\n  - name: Prod\n    region: eu-west-1\n',
    };
    const readFile = (p: string) => files[p] ?? '';
    expect(loadConfig({ ECRSCAN_CONFIG_FILE: 'good' }, { readFile }).targets).toEqual([
      {
        name: 'prod',
        region: 'eu-west-1',
        accountId: '123456789012',
        roleArn: 'arn:aws:iam::123456789012:role/ecrscan',
      },
    ]);
    expect(() => loadConfig({ ECRSCAN_CONFIG_FILE: 'bad' }, { readFile })).toThrow(
      /targets\.0\.name[\s\S]*targets\.0\.region/,
    );
  });

  it('refuses a misspelt key in the targets file instead of dropping it', () => {
    const files: Record<string, string> = {
      role: 'targets:\n  - name: prod\n    region: eu-west-1\n    roleARN: arn:aws:iam::123456789012:role/x\n',
      top: 'target:\n  - name: prod\n    region: eu-west-1\n',
    };
    const readFile = (p: string) => files[p] ?? '';
    expect(() => loadConfig({ ECRSCAN_CONFIG_FILE: 'role' }, { readFile })).toThrow(/targets\.0.*roleARN/);
    expect(() => loadConfig({ ECRSCAN_CONFIG_FILE: 'top' }, { readFile })).toThrow(/ECRSCAN_CONFIG_FILE top.*target/);
  });
});

describe('redactConfig', () => {
  it('hides tokens, secrets and the Redis password', () => {
    const config = loadConfig({ ...SLACK, SLACK_APP_TOKEN: 'xapp-1-x', REDIS_URL: 'redis://user:hunter2@redis:6379' });
    const text = JSON.stringify(redactConfig(config));
    for (const secret of ['xoxb-1-abc', 'secret-1234567890', 'xapp-1-x', 'hunter2']) expect(text).not.toContain(secret);
    expect(text).toContain('redis:6379');
  });
});
