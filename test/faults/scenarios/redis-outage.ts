/**
 * Redis killed (SIGKILL) and restarted while `why` commands are in flight: every command must still be acked
 * and answered exactly once with the right diagnosis (straight from AWS while the cache is down), and /readyz
 * must say ready again once Redis is back.
 */
import { SEEDED_IMAGES } from '../../../src/sandbox/seeded-images.js';
import { startThrowAwayRedis } from '../../support/redis-server.js';
import { hasStackTrace, isInternalError, textOf } from '../../support/slack-messages.js';
import { startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';

const IMAGES = ['healthy', 'scan-clean', 'scratch', 'windows', 'expired', 'undefined-severity', 'never-scanned'].map(
  (id) => SEEDED_IMAGES.find((image) => image.id === id)!,
);

export interface RedisOutageOptions {
  commands: number;
  concurrency: number;
  /** Kill/restart cycles, spread evenly over the run. */
  outages: number;
  /** How long Redis stays down each time. */
  downMs: number;
}

export async function redisOutageDrill(
  opts: RedisOutageOptions,
): Promise<DrillSummary & { readyAfter: boolean; recovered: boolean }> {
  const redis = await startThrowAwayRedis();
  const app = await startDrillApp({ redisUrl: redis.url });
  try {
    const sent: { id: string; status: number; expected: string }[] = [];
    let next = 0;
    let answered = 0;
    // Closed loop on answers: each client waits for its reply before asking again, so the outages fall in the
    // middle of a steady stream (questions answered before, during and after each one) rather than after a burst.
    const client = async () => {
      while (next < opts.commands) {
        const i = next++;
        const image = IMAGES[i % IMAGES.length]!;
        // Every third question skips the cache, so AWS is asked during the outage as well as the cache.
        const text = `why ${image.ref}${i % 3 === 0 ? ' --fresh' : ''}`;
        const { status, id } = await app.command(text, { userId: `U0LOAD${i % 40}` });
        sent.push({ id, status, expected: image.expectedCodes[0]! });
        await app.waitForReplies([id], 30_000);
        answered++;
      }
    };
    const outages: { at: number; answeredWhileDown: number }[] = [];
    const chaos = async () => {
      for (let outage = 1; outage <= opts.outages; outage++) {
        const at = Math.floor((opts.commands * outage) / (opts.outages + 1));
        while (answered < at) await new Promise((r) => setTimeout(r, 5));
        await redis.kill();
        const before = answered;
        await new Promise((r) => setTimeout(r, opts.downMs));
        outages.push({ at: before, answeredWhileDown: answered - before });
        await redis.start();
      }
    };
    await Promise.all([chaos(), ...Array.from({ length: opts.concurrency }, client)]);
    // Late duplicates would arrive after the first reply: give them a moment.
    await new Promise((r) => setTimeout(r, 300));

    const replies = sent.map((s) => ({ ...s, replies: app.replies(s.id) }));
    const crashed = replies.filter(
      (r) => r.status !== 200 || r.replies.some((m) => isInternalError(m) || hasStackTrace(m)),
    ).length;
    const wrong = replies.filter((r) => r.replies.length === 1 && !textOf(r.replies[0]!).includes(r.expected)).length;
    const fromAws = replies.filter((r) => textOf(r.replies[0] ?? {}).includes('the cache is unavailable')).length;
    const ready = await app.slack
      .waitFor(async () => (await fetch(`${app.appUrl}/readyz`)).status === 200, 10_000)
      .catch(() => false);
    // Once Redis is back, answers come through the cache again (no "cache unavailable" notice).
    const after = await app.command(`why ${IMAGES[0]!.ref}`, { userId: 'U0AFTER' });
    await app.waitForReplies([after.id], 10_000);
    const recovered = !textOf(app.replies(after.id)[0] ?? {}).includes('the cache is unavailable');
    return {
      ...printDrill({
        drill: 'Redis killed and restarted under load',
        tried: `${opts.commands} \`/ecrscan why\` (${IMAGES.length} images, every third --fresh) from ${opts.concurrency} concurrent clients; redis-server SIGKILLed ${opts.outages}× for ${opts.downMs} ms each while they were in flight`,
        requests: sent.length,
        lost: replies.filter((r) => r.replies.length === 0).length,
        duplicated: replies.filter((r) => r.replies.length > 1).length,
        crashed,
        details: {
          wrongAnswers: wrong,
          answeredStraightFromAws: fromAws,
          'answered while Redis was down': outages.map((o) => o.answeredWhileDown).join('+'),
          awsCalls: app.sandbox.stats.total(),
          readyAfterRestart: String(ready),
          cacheUsedAgainAfterRestart: String(recovered),
        },
      }),
      readyAfter: ready,
      recovered,
      details: { wrongAnswers: wrong, answeredStraightFromAws: fromAws },
    };
  } finally {
    await app.close();
    await redis.kill();
  }
}
