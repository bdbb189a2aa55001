/**
 * AWS throttling and 5xx storms from the sandbox while `why` commands skip the cache (`--fresh`): every
 * command must be answered exactly once, either rightly (the SDK's retries absorbed the faults) or with a clear
 * "AWS is unavailable" (the AWS_UNAVAILABLE reply, or an ECR/Inspector data-unavailable diagnosis), never with
 * an internal error or a stack trace.
 */
import { SEEDED_IMAGES } from '../../../src/sandbox/seeded-images.js';
import type { FaultSettings } from '../../../src/sandbox/server.js';
import { hasStackTrace, isInternalError, type SlackMessage, textOf } from '../../support/slack-messages.js';
import { pool, startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';

const IMAGES = ['healthy', 'scan-clean', 'scratch', 'windows', 'expired', 'undefined-severity', 'never-scanned'].map(
  (id) => SEEDED_IMAGES.find((image) => image.id === id)!,
);
const UNAVAILABLE = /AWS_UNAVAILABLE|ECR_DATA_UNAVAILABLE|INSPECTOR_UNAVAILABLE/;

export const AWS_FAULT_PHASES = {
  'throttle 30%': { throttle: { fraction: 0.3 }, seed: 30 },
  '5xx storm 50%': { serverErrors: { fraction: 0.5, operations: ['ecr:*', 'inspector2:*', 'blob:*'] }, seed: 50 },
  'AWS down (100% 5xx)': { serverErrors: { fraction: 1, operations: ['ecr:*', 'inspector2:*', 'blob:*'] }, seed: 1 },
} as const satisfies Record<string, FaultSettings>;
export type AwsFaultPhase = keyof typeof AWS_FAULT_PHASES;

export interface PhaseOutcome {
  phase: AwsFaultPhase;
  commands: number;
  /** From the first command to the last reply. */
  seconds: number;
  /** The longest wait for one answer (SDK backoff included). */
  slowestMs: number;
  right: number;
  unavailable: number;
  other: number;
  /** Sandbox requests in the phase, retries included. */
  awsCalls: number;
  lost: number;
  duplicated: number;
  crashed: number;
}

export async function awsFaultsDrill(opts: {
  commandsPerPhase: number;
  concurrency: number;
  phases: AwsFaultPhase[];
}): Promise<DrillSummary & { phases: PhaseOutcome[]; others: string[] }> {
  const app = await startDrillApp();
  const phases: PhaseOutcome[] = [];
  const others: string[] = [];
  try {
    for (const phase of opts.phases) {
      app.sandbox.faults.set(AWS_FAULT_PHASES[phase]);
      app.sandbox.stats.reset();
      const started = Date.now();
      const sent: { id: string; status: number; expected: string; ms: number }[] = [];
      await pool(opts.commandsPerPhase, opts.concurrency, async (i) => {
        const image = IMAGES[i % IMAGES.length]!;
        const asked = Date.now();
        const { id, status } = await app.command(`why ${image.ref} --fresh`, { userId: `U0AWS${i % 40}` });
        await app.waitForReplies([id], 90_000);
        sent.push({ id, status, expected: image.expectedCodes[0]!, ms: Date.now() - asked });
      });
      await app.waitForReplies(
        sent.map((s) => s.id),
        90_000,
      );
      const seconds = (Date.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 300));
      const outcome: PhaseOutcome = {
        phase,
        seconds,
        slowestMs: Math.max(...sent.map((s) => s.ms)),
        commands: sent.length,
        right: 0,
        unavailable: 0,
        other: 0,
        awsCalls: app.sandbox.stats.total(),
        lost: 0,
        duplicated: 0,
        crashed: 0,
      };
      for (const s of sent) {
        const replies = app.replies(s.id);
        if (replies.length === 0) outcome.lost++;
        if (replies.length > 1) outcome.duplicated++;
        if (s.status !== 200 || replies.some((m) => isInternalError(m) || hasStackTrace(m))) {
          outcome.crashed++;
          continue;
        }
        const reply: SlackMessage | undefined = replies[0];
        if (!reply) continue;
        const text = textOf(reply);
        if (text.includes(s.expected)) outcome.right++;
        else if (UNAVAILABLE.test(text)) outcome.unavailable++;
        else {
          outcome.other++;
          others.push(`${phase}: expected ${s.expected}: ${text.slice(0, 300)}`);
        }
      }
      phases.push(outcome);
    }
  } finally {
    app.sandbox.faults.reset();
    await app.close();
  }
  const sum = (key: 'lost' | 'duplicated' | 'crashed' | 'commands') => phases.reduce((n, p) => n + p[key], 0);
  const summary = printDrill({
    drill: 'AWS throttling and 5xx storms',
    tried: `${opts.commandsPerPhase} \`/ecrscan why … --fresh\` per phase from ${opts.concurrency} concurrent clients, AWS SDK retries at ecrscan's default (5 attempts); phases: ${opts.phases.join(', ')}`,
    requests: sum('commands'),
    lost: sum('lost'),
    duplicated: sum('duplicated'),
    crashed: sum('crashed'),
    details: Object.fromEntries(
      phases.map((p) => [
        p.phase,
        `right ${p.right}, AWS unavailable ${p.unavailable}, other ${p.other}, AWS requests ${p.awsCalls}, slowest answer ${(p.slowestMs / 1000).toFixed(1)} s`,
      ]),
    ),
  });
  return { ...summary, phases, others };
}
