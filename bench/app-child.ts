/**
 * One server under test, in its own process so that the load generator, the fake Slack and the sandbox (in the
 * parent) do not share its event loop: `ecrscan` is the real `serve()` in HTTP mode, `bare` is a Bolt app with the
 * same Bolt version and receiver whose only listener acks. Started by `support/app-process.ts`; reports its port
 * and, when asked, its CPU time over IPC.
 */
import { App } from '@slack/bolt';
import { sandboxAwsOptions } from '../src/sandbox/client-options.js';

type Mode = 'ecrscan' | 'bare';

async function start(mode: Mode): Promise<{ port: number; stop(): Promise<void> }> {
  const env = process.env;
  if (mode === 'ecrscan') {
    // Imported here so that the bare app loads nothing of ecrscan.
    const { serve } = await import('../src/main.js');
    const sandboxUrl = env.BENCH_SANDBOX_URL ?? '';
    const server = await serve(env, {
      redisPrefix: env.BENCH_REDIS_PREFIX,
      awsOptions: sandboxAwsOptions(sandboxUrl),
      // One load generator plays every user: the per-user command limit would otherwise answer most requests.
      slack: { commandLimit: { limit: 1_000_000, windowMs: 60_000 } },
    });
    return server;
  }
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    convoStore: false,
    clientOptions: { slackApiUrl: env.SLACK_API_URL },
  });
  app.command('/ecrscan', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as { address(): { port: number } };
  return { port: server.address().port, stop: () => app.stop() as Promise<void> };
}

const mode = process.argv[2] as Mode;
// The benchmark process died or let go: do not outlive it.
process.on('disconnect', () => process.exit(0));
const running = await start(mode);
process.send?.({ type: 'ready', port: running.port });
process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
  if (message.type === 'stop') {
    await running.stop();
    process.exit(0);
  }
});
