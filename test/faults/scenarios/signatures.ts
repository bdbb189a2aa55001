/**
 * Requests that did not come from Slack, or not just now: a wrong secret, no or malformed signature headers, a
 * body changed after signing, stale timestamps and ones dated more than five minutes ahead, and requests Slack
 * really sent, captured and re-sent (within the five minutes and after them). Each must get 401 and cause
 * nothing: no reply, no AWS call, no scan, no audit entry. The same requests correctly signed are the control:
 * they are answered, so "nothing happened" is meaningful; the captured ones were answered once when Slack sent
 * them, so their replays are refused by the app and not by chance.
 */
import { randomUUID } from 'node:crypto';
import { seededImage } from '../../../src/sandbox/seeded-images.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { buttonValue } from '../../support/slack-messages.js';
import { blockAction, type SlackRequest, send, slashCommand } from '../../support/slack-requests.js';
import { signSlackRequest } from '../../support/slack-signing.js';
import { DRILL_SECRET, type DrillApp, startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';

interface Attack {
  /** Sends the request the attacker's way; resolves with the status of the post that must be refused. */
  run(app: DrillApp, request: SlackRequest): Promise<number>;
  /** HTTP posts per run (default 1). */
  posts?: number;
  /**
   * Runs on requests Slack really sent a moment ago, which the app has answered; `request.headers` holds the
   * signature headers they were sent with.
   */
  replaysGenuine?: true;
}

const now = () => Math.floor(Date.now() / 1000);
const post = async (app: DrillApp, request: SlackRequest, headers: object) =>
  (
    await fetch(`${app.appUrl}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': request.contentType, ...(headers as Record<string, string>) },
      body: request.body,
    })
  ).status;

/** Seconds a captured request may wait for its replay: well inside the five minutes its signature is good for. */
const REPLAY_WITHIN_S = 4 * 60;

export const ATTACKS: Record<string, Attack> = {
  'signed with a wrong secret': {
    run: async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, forgeSignature: true })).status,
  },
  'no signature headers': {
    run: async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, unsigned: true })).status,
  },
  'signature of another body': {
    run: async (app, r) => post(app, r, { ...signSlackRequest(DRILL_SECRET, `${r.body}&text=tampered`) }),
  },
  'empty signature': {
    run: async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, forgeSignature: '' })).status,
  },
  'v1 signature scheme': {
    run: async (app, r) => {
      const signed = signSlackRequest(DRILL_SECRET, r.body);
      return post(app, r, { ...signed, 'X-Slack-Signature': signed['X-Slack-Signature'].replace(/^v0=/, 'v1=') });
    },
  },
  'timestamp is not a number': {
    run: async (app, r) =>
      post(app, r, { ...signSlackRequest(DRILL_SECRET, r.body), 'X-Slack-Request-Timestamp': 'soon' }),
  },
  'replayed 5 min 1 s after capture': {
    posts: 2,
    run: async (app, r) => {
      // Captured with its valid signature 301 s ago and sent again, unchanged, now.
      const captured = signSlackRequest(DRILL_SECRET, r.body, now() - 301);
      const first = await post(app, r, captured);
      const second = await post(app, r, captured);
      return first === 401 ? second : first;
    },
  },
  'replayed within the window': {
    replaysGenuine: true,
    run: async (app, r) => {
      const age = now() - Number(r.headers['X-Slack-Request-Timestamp']);
      // Past the window Bolt's staleness check would refuse it, and the drill would prove nothing about replays.
      if (!(age <= REPLAY_WITHIN_S)) throw new Error(`the captured request is ${age} s old: the drill ran too slowly`);
      return post(app, r, r.headers);
    },
  },
  'stale: 10 minutes old': {
    run: async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, timestamp: now() - 600 })).status,
  },
  'stale: a day old': {
    run: async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, timestamp: now() - 86_400 })).status,
  },
  'timestamp 6 minutes in the future': {
    run: async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, timestamp: now() + 360 })).status,
  },
};

export interface SignatureResult extends DrillSummary {
  /** Attack name → HTTP statuses seen. */
  statuses: Record<string, number[]>;
  sideEffects: { replies: number; awsCalls: number; scansStarted: number; auditEntries: number };
  control: { commandAnswered: boolean; rescanStarted: boolean };
}

export async function signaturesDrill(opts: { rounds: number }): Promise<SignatureResult> {
  const app = await startDrillApp({ env: { ECRSCAN_RESCAN_ALLOWED_USERS: 'U0ALICE' } });
  try {
    const image = seededImage('scan-not-started');
    // Genuine button values, taken from a real answer: a forged Rescan click would otherwise start a scan, and a
    // replayed Share click would share the answer again.
    const answer = await app.command(`why ${image.ref}`);
    await app.waitForReplies([answer.id], 15_000);
    const [reply] = app.replies(answer.id);
    const rescanValue = buttonValue(reply, ACTION_IDS.rescan);
    const shareValue = buttonValue(reply, ACTION_IDS.share);
    if (!rescanValue || !shareValue) throw new Error('no Rescan or Share button in the answer');

    const ids: string[] = [];
    const command = (id: string) =>
      slashCommand({ text: `why ${image.ref} --fresh`, userId: 'U0ALICE', responseUrl: app.slack.responseUrl(id) });
    const click = (id: string, actionId: string, value: string) =>
      blockAction({ actionId, value, userId: 'U0ALICE', responseUrl: app.slack.responseUrl(id) });
    const requests = () => {
      const [commandId, pressId] = [randomUUID(), randomUUID()];
      ids.push(commandId, pressId);
      return [command(commandId), click(pressId, ACTION_IDS.rescan, rescanValue)];
    };

    // What an attacker could capture: a command and a (not idempotent) Share click per round, really sent and
    // answered, kept with the signature headers they were sent with.
    const captured: SlackRequest[][] = [];
    const capturedIds: string[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const [commandId, pressId] = [randomUUID(), randomUUID()];
      capturedIds.push(commandId, pressId);
      const batch = [command(commandId), click(pressId, ACTION_IDS.share, shareValue)].map((r) => ({
        ...r,
        headers: { ...r.headers, ...signSlackRequest(DRILL_SECRET, r.body) },
      }));
      for (const r of batch) {
        const status = await post(app, r, r.headers);
        if (status !== 200) throw new Error(`a genuine request to capture was answered ${status}`);
      }
      captured.push(batch);
    }
    await app.waitForReplies(capturedIds, 30_000);
    if (capturedIds.some((id) => app.replies(id).length !== 1)) {
      throw new Error('a captured request was not answered exactly once: its replay would prove nothing');
    }
    await new Promise((r) => setTimeout(r, 500));
    const capturedReplies = () => capturedIds.reduce((n, id) => n + app.slack.responses(id).length, 0);
    const repliesBefore = capturedReplies();

    const statuses: Record<string, number[]> = {};
    const awsBefore = app.sandbox.stats.total();
    const scans = () => app.sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0;
    const scansBefore = scans();
    const auditBefore = app.logs.filter((l) => l.audit === true).length;
    let sent = 0;
    for (let round = 0; round < opts.rounds; round++) {
      for (const [name, attack] of Object.entries(ATTACKS)) {
        for (const request of attack.replaysGenuine ? captured[round]! : requests()) {
          const status = await attack.run(app, request);
          sent += attack.posts ?? 1;
          statuses[name] = [...(statuses[name] ?? []), status];
        }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    const sideEffects = {
      replies: ids.reduce((n, id) => n + app.slack.responses(id).length, 0) + capturedReplies() - repliesBefore,
      awsCalls: app.sandbox.stats.total() - awsBefore,
      scansStarted: scans() - scansBefore,
      auditEntries: app.logs.filter((l) => l.audit === true).length - auditBefore,
    };

    // Control: the same two requests, correctly signed and on time, do have effects.
    const [controlCommand, controlPress] = requests() as [SlackRequest, SlackRequest];
    const scansBeforeControl = scans();
    await send(app.appUrl, controlCommand, { secret: DRILL_SECRET });
    await send(app.appUrl, controlPress, { secret: DRILL_SECRET });
    await app.waitForReplies(ids.slice(-2), 15_000);
    const control = {
      commandAnswered: app.replies(ids.at(-2)!).length > 0,
      rescanStarted: scans() - scansBeforeControl === 1,
    };
    const accepted = Object.values(statuses)
      .flat()
      .filter((s) => s !== 401).length;
    return {
      ...printDrill({
        drill: 'Forged, replayed and stale signatures',
        tried: `${Object.keys(ATTACKS).length} kinds (${Object.keys(ATTACKS).join('; ')}) × a \`why\` command and a genuine Rescan click (a genuine Share click for the replay within the window) × ${opts.rounds} rounds; then the same two requests correctly signed as the control`,
        requests: sent,
        lost: 0,
        duplicated: 0,
        crashed: Object.values(statuses)
          .flat()
          .filter((s) => s >= 500).length,
        details: {
          'answered other than 401': accepted,
          'replies posted': sideEffects.replies,
          'AWS calls': sideEffects.awsCalls,
          'scans started': sideEffects.scansStarted,
          'audit entries': sideEffects.auditEntries,
          'genuine requests captured (each answered once)': capturedIds.length,
          'control answered': String(control.commandAnswered),
          'control scan started': String(control.rescanStarted),
        },
      }),
      statuses,
      sideEffects,
      control,
    };
  } finally {
    await app.close();
  }
}
