/**
 * Requests that did not come from Slack, or came from Slack too long ago: a wrong secret, no or malformed
 * signature headers, a body changed after signing, a request captured and re-sent more than five minutes later,
 * and stale timestamps. Each must get 401 and cause nothing: no reply, no AWS call, no scan, no audit entry.
 * The same requests correctly signed are the control: they are answered, so "nothing happened" is meaningful.
 */
import { randomUUID } from 'node:crypto';
import { seededImage } from '../../../src/sandbox/seeded-images.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { blockAction, type SlackRequest, send, slashCommand } from '../../support/slack-requests.js';
import { signSlackRequest } from '../../support/slack-signing.js';
import { DRILL_SECRET, type DrillApp, startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';

type Attack = (app: DrillApp, request: SlackRequest) => Promise<number>;

const now = () => Math.floor(Date.now() / 1000);
const post = async (app: DrillApp, request: SlackRequest, headers: object) =>
  (
    await fetch(`${app.appUrl}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': request.contentType, ...(headers as Record<string, string>) },
      body: request.body,
    })
  ).status;

export const ATTACKS: Record<string, Attack> = {
  'signed with a wrong secret': async (app, r) =>
    (await send(app.appUrl, r, { secret: DRILL_SECRET, forgeSignature: true })).status,
  'no signature headers': async (app, r) =>
    (await send(app.appUrl, r, { secret: DRILL_SECRET, unsigned: true })).status,
  'signature of another body': async (app, r) =>
    post(app, r, { ...signSlackRequest(DRILL_SECRET, `${r.body}&text=tampered`) }),
  'empty signature': async (app, r) => (await send(app.appUrl, r, { secret: DRILL_SECRET, forgeSignature: '' })).status,
  'v1 signature scheme': async (app, r) => {
    const signed = signSlackRequest(DRILL_SECRET, r.body);
    return post(app, r, { ...signed, 'X-Slack-Signature': signed['X-Slack-Signature'].replace(/^v0=/, 'v1=') });
  },
  'timestamp is not a number': async (app, r) =>
    post(app, r, { ...signSlackRequest(DRILL_SECRET, r.body), 'X-Slack-Request-Timestamp': 'soon' }),
  'replayed 5 min 1 s after capture': async (app, r) => {
    // Captured with its valid signature 301 s ago and sent again, unchanged, now.
    const captured = signSlackRequest(DRILL_SECRET, r.body, now() - 301);
    const first = await post(app, r, captured);
    const second = await post(app, r, captured);
    return first === 401 ? second : first;
  },
  'stale: 10 minutes old': async (app, r) =>
    (await send(app.appUrl, r, { secret: DRILL_SECRET, timestamp: now() - 600 })).status,
  'stale: a day old': async (app, r) =>
    (await send(app.appUrl, r, { secret: DRILL_SECRET, timestamp: now() - 86_400 })).status,
};

/**
 * Not attacks the scheme can stop, printed so the behaviour is on record: Bolt rejects only timestamps in the past
 * (platform.md §1.4), and a request re-sent within the five minutes carries a valid signature.
 */
async function observe(app: DrillApp): Promise<Record<string, string>> {
  const future = randomUUID();
  const ahead = await send(app.appUrl, slashCommand({ text: 'help', responseUrl: app.slack.responseUrl(future) }), {
    secret: DRILL_SECRET,
    timestamp: now() + 600,
  });
  const replay = randomUUID();
  const request = slashCommand({ text: 'help', responseUrl: app.slack.responseUrl(replay) });
  const signed = signSlackRequest(DRILL_SECRET, request.body, now() - 60);
  const statuses = [await post(app, request, signed), await post(app, request, signed)];
  await app.waitForReplies([future, replay], 5_000);
  await new Promise((r) => setTimeout(r, 200));
  return {
    'dated 10 min in the future': `${ahead.status}, ${app.slack.responses(future).length} reply`,
    'sent twice within 5 min': `${statuses.join(' and ')}, ${app.slack.responses(replay).length} replies`,
  };
}

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
    // A genuine Rescan button value, taken from a real answer, so a forged click would otherwise start a scan.
    const answer = await app.command(`why ${image.ref}`);
    await app.waitForReplies([answer.id], 15_000);
    const value = /"action_id":"ecrscan\.rescan"[^}]*"value":"([^"]+)"/.exec(
      JSON.stringify(app.replies(answer.id)),
    )?.[1];
    if (!value) throw new Error('no Rescan button in the answer');

    const ids: string[] = [];
    const requests = () => {
      const commandId = randomUUID();
      const pressId = randomUUID();
      ids.push(commandId, pressId);
      return [
        slashCommand({
          text: `why ${image.ref} --fresh`,
          userId: 'U0ALICE',
          responseUrl: app.slack.responseUrl(commandId),
        }),
        blockAction({
          actionId: ACTION_IDS.rescan,
          value,
          userId: 'U0ALICE',
          responseUrl: app.slack.responseUrl(pressId),
        }),
      ];
    };
    const statuses: Record<string, number[]> = {};
    const awsBefore = app.sandbox.stats.total();
    const auditBefore = app.logs.filter((l) => l.audit === true).length;
    let sent = 0;
    for (let round = 0; round < opts.rounds; round++) {
      for (const [name, attack] of Object.entries(ATTACKS)) {
        for (const request of requests()) {
          const status = await attack(app, request);
          sent += name.startsWith('replayed') ? 2 : 1;
          statuses[name] = [...(statuses[name] ?? []), status];
        }
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    const sideEffects = {
      replies: ids.reduce((n, id) => n + app.slack.responses(id).length, 0),
      awsCalls: app.sandbox.stats.total() - awsBefore,
      scansStarted: app.sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0,
      auditEntries: app.logs.filter((l) => l.audit === true).length - auditBefore,
    };

    // Control: the same two requests, correctly signed and on time, do have effects.
    const [command, press] = requests() as [SlackRequest, SlackRequest];
    await send(app.appUrl, command, { secret: DRILL_SECRET });
    await send(app.appUrl, press, { secret: DRILL_SECRET });
    await app.waitForReplies(ids.slice(-2), 15_000);
    const control = {
      commandAnswered: app.replies(ids.at(-2)!).length > 0,
      rescanStarted: (app.sandbox.stats.byOperation()['ecr:StartImageScan'] ?? 0) === 1,
    };
    const observed = await observe(app);
    const accepted = Object.values(statuses)
      .flat()
      .filter((s) => s !== 401).length;
    return {
      ...printDrill({
        drill: 'Forged, replayed and stale signatures',
        tried: `${Object.keys(ATTACKS).length} kinds (${Object.keys(ATTACKS).join('; ')}) × a \`why\` command and a genuine Rescan click × ${opts.rounds} rounds; then the same two requests correctly signed as the control`,
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
          'control answered': String(control.commandAnswered),
          'control scan started': String(control.rescanStarted),
          ...Object.fromEntries(Object.entries(observed).map(([k, v]) => [`accepted by the scheme: ${k}`, v])),
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
