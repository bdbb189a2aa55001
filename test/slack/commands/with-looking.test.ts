import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../../src/errors.js';
import { createLogger } from '../../../src/logger.js';
import { withLooking } from '../../../src/slack/commands/with-looking.js';
import type { Reply } from '../../../src/slack/reply.js';

const log = createLogger({ level: 'silent' });

/** A reply whose posts resolve only when the test says so, recording the order they were sent and landed in. */
function slowReply() {
  const sent: string[] = [];
  const landed: string[] = [];
  const pending: (() => void)[] = [];
  const reply: Reply = (message) => {
    const name = JSON.stringify(message).includes('Looking at') ? 'looking' : 'answer';
    sent.push(name);
    return new Promise((resolve) => {
      pending.push(() => {
        landed.push(name);
        resolve(true);
      });
    });
  };
  const release = () => {
    for (const finish of pending.splice(0)) finish();
  };
  return { reply, sent, landed, release };
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setImmediate(r));
};

describe('withLooking', () => {
  it('a slow answer shows the note first, then replaces it; the answer is not sent before the note has landed', async () => {
    const r = slowReply();
    let finish!: (v: string) => void;
    const work = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const replaced: boolean[] = [];
    const done = withLooking({ lookingAfterMs: 0, log }, r.reply, 'expiring', work, (_, replace) => {
      replaced.push(replace);
      return r.reply({ text: 'answer', blocks: [] });
    });
    await until(() => r.sent.length === 1);
    finish('ready');
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.sent).toEqual(['looking']);
    r.release();
    await until(() => r.sent.length === 2);
    r.release();
    await done;
    expect(r.landed).toEqual(['looking', 'answer']);
    expect(replaced).toEqual([true]);
  });

  it('a fast answer comes alone', async () => {
    const r = slowReply();
    const replaced: boolean[] = [];
    const done = withLooking({ lookingAfterMs: 60_000, log }, r.reply, 'x', Promise.resolve(1), (_, replace) => {
      replaced.push(replace);
      return r.reply({ text: 'answer', blocks: [] });
    });
    await until(() => r.sent.length === 1);
    r.release();
    await done;
    expect(r.sent).toEqual(['answer']);
    expect(replaced).toEqual([false]);
  });

  it('a failure is answered in the user’s words', async () => {
    const messages: unknown[] = [];
    const reply: Reply = async (m) => {
      messages.push(m);
      return true;
    };
    const work = Promise.reject(new UserFacingError('BAD_USAGE', 'No such digest.'));
    await withLooking({ lookingAfterMs: 60_000, log }, reply, 'x', work, async () => {});
    expect(JSON.stringify(messages)).toContain('No such digest.');
  });
});
