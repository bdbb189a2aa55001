import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, toBoltLogger } from '../src/logger.js';
import { captureLines } from './support/log-capture.js';

describe('createLogger', () => {
  it('writes JSON with child bindings and redacts secrets by key', () => {
    const { lines, destination } = captureLines();
    const log = createLogger({ destination, level: 'debug' });
    log
      .child({ component: 'slack', reqId: 'r1' })
      .info(
        { token: 'xoxb-secret', body: { response_url: 'https://hooks.slack.com/x' }, accessKeyId: 'AKIA' },
        'hello',
      );
    expect(lines[0]).toMatchObject({ msg: 'hello', component: 'slack', reqId: 'r1', token: '[redacted]' });
    expect(JSON.stringify(lines[0])).not.toMatch(/xoxb-secret|hooks\.slack|AKIA/);
  });
});

describe('toBoltLogger', () => {
  it('routes Bolt logs into pino, keeps errors, and maps levels', () => {
    const { lines, destination } = captureLines();
    const bolt = toBoltLogger(createLogger({ destination, level: 'debug' }));
    bolt.warn('An incoming event was not acknowledged within 3 seconds', { x: 1 });
    bolt.error(new Error('boom'), 'while processing');
    bolt.setLevel(LogLevel.ERROR);
    bolt.info('dropped');
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, component: 'bolt', msg: expect.stringContaining('not acknowledged') });
    expect(lines[1]).toMatchObject({ level: 50, msg: 'while processing', err: { message: 'boom' } });
  });
});
