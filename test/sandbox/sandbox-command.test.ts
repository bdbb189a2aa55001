import { describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/cli/commands/sandbox.js';
import type { CliIo } from '../../src/cli/io.js';
import { SEEDED_IMAGES } from '../../src/sandbox/seeded-images.js';

function fakeIo(stop: Promise<void> = Promise.resolve()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    isTTY: false,
    untilStopped: () => stop,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('ecrscan sandbox', () => {
  it('--list prints each seeded image reference on its own line', async () => {
    const { io, out } = fakeIo();
    expect(await sandboxCommand(['--list'], io)).toBe(0);
    const lines = out().trimEnd().split('\n');
    expect(lines).toEqual(SEEDED_IMAGES.map((i) => i.ref));
    expect(lines).toContain('111111111111.dkr.ecr.us-east-1.amazonaws.com/payments-prod:1.4.2');
  });

  it('serves until stopped, printing the URL and the environment to use it', async () => {
    let stop!: () => void;
    const { io, out, err } = fakeIo(new Promise((resolve) => (stop = resolve)));
    const running = sandboxCommand(['--latency', '1'], io);
    await expect.poll(out).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = out().trim().replace('listening on ', '');
    expect(err()).toContain(`AWS_ENDPOINT_URL_ECR=${url}`);
    expect(err()).toContain(`AWS_ENDPOINT_URL_INSPECTOR2=${url}`);
    expect(err()).toContain(`AWS_ENDPOINT_URL_STS=${url}`);
    expect(err()).toContain('AWS_ACCESS_KEY_ID=111111111111');
    expect(err()).toContain('AWS_REGION=us-east-1');
    expect((await fetch(`${url}/_sandbox/faults`)).ok).toBe(true);
    stop();
    expect(await running).toBe(0);
  });

  it.each([[['--port', 'abc']], [['--throttle', '1.5']], [['--generate', '2x3']], [['--bogus']]])(
    'rejects %j with exit 2 and a message',
    async (args) => {
      const { io, err } = fakeIo();
      expect(await sandboxCommand(args, io)).toBe(2);
      expect(err()).toMatch(/^ecrscan sandbox: .+\nUsage: ecrscan sandbox/);
    },
  );
});
