/**
 * Fuzzed input, in two layers. Pure: `parseCommand` on every generated text and the button-value codec on
 * generated and tampered values (many thousands, fast). Over HTTP: a sample of the same texts and of mutated
 * block_actions payloads (each kind Slack never sends at least once), signed and posted to the real app. Nothing
 * may answer 5xx, crash a listener into an internal-error reply or a stack trace, break Block Kit limits, or echo
 * markup from the input unescaped; every command gets an answer.
 */
import fc from 'fast-check';
import { SEEDED_IMAGES } from '../../../src/sandbox/seeded-images.js';
import { createActionValueCodec } from '../../../src/slack/action-value.js';
import { ACTION_IDS } from '../../../src/slack/blocks/ids.js';
import { parseCommand } from '../../../src/slack/commands/parse-command.js';
import {
  buttonValue,
  hasStackTrace,
  isInternalError,
  type SlackMessage,
  unescapedMarkup,
} from '../../support/slack-messages.js';
import { blockAction, send, TEST_SLACK } from '../../support/slack-requests.js';
import { DRILL_SECRET, pool, startDrillApp } from '../support/drill-app.js';
import { type DrillSummary, printDrill } from '../support/drill-log.js';
import { actionValue, CONTAINERS, commandText, IMPOSSIBLE_MUTATIONS, press } from '../support/fuzz-inputs.js';

export interface FuzzOptions {
  /** Texts given to `parseCommand` directly. */
  parseRuns: number;
  /** Values given to the codec directly. */
  codecRuns: number;
  httpCommands: number;
  httpActions: number;
  concurrency: number;
  seed: number;
}

export interface FuzzResult extends DrillSummary {
  problems: string[];
}

export async function fuzzDrill(opts: FuzzOptions): Promise<FuzzResult> {
  const problems: string[] = [];
  checkParseCommand(opts, problems);
  checkCodec(opts, problems);

  const app = await startDrillApp({ env: { ECRSCAN_RESCAN_ALLOWED_USERS: 'U0ALICE' } });
  try {
    const texts = fc.sample(commandText, { numRuns: opts.httpCommands, seed: opts.seed });
    const commands: { id: string; status: number; text: string }[] = [];
    await pool(texts.length, opts.concurrency, async (i) => {
      const { id, status } = await app.command(texts[i]!, { userId: `U0FUZZ${i % 30}` });
      commands.push({ id, status, text: texts[i]! });
    });
    await app.waitForReplies(
      commands.map((c) => c.id),
      60_000,
    );

    // A real answer's button value, to tamper with.
    const answer = await app.command(`why ${SEEDED_IMAGES.find((i) => i.id === 'never-scanned')!.ref}`);
    await app.waitForReplies([answer.id], 15_000);
    const valid = buttonValue(app.replies(answer.id)[0], ACTION_IDS.share);
    if (!valid) throw new Error('the why answer has no Share button to take a real value from');
    // Each payload Slack never sends goes at least once whatever the seed draws.
    const presses = [
      ...fc.sample(press(valid), { numRuns: opts.httpActions, seed: opts.seed + 1 }),
      ...Object.keys(IMPOSSIBLE_MUTATIONS).map((impossible) => ({
        actionId: ACTION_IDS.share,
        value: valid,
        container: 'channel message' as const,
        user: 'U0ALICE',
        impossible,
      })),
    ];
    const actions: { id: string; status: number; what: string; user: string; impossible: boolean }[] = [];
    await pool(presses.length, opts.concurrency, async (i) => {
      const p = presses[i]!;
      const id = `fuzz-action-${i}`;
      const request = blockAction({
        actionId: p.actionId,
        value: p.value,
        userId: p.user,
        responseUrl: app.slack.responseUrl(id),
        container: CONTAINERS[p.container],
      });
      const payload = JSON.parse(new URLSearchParams(request.body).get('payload')!) as Record<string, unknown>;
      if (p.impossible) IMPOSSIBLE_MUTATIONS[p.impossible]!(payload);
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const { status } = await send(app.appUrl, { ...request, body }, { secret: DRILL_SECRET });
      const what = `${p.actionId} in ${p.container}${p.impossible ? ` (${p.impossible})` : ''}`;
      actions.push({ id, status, user: p.user, what, impossible: p.impossible !== null });
    });
    // Actions that answer do so quickly; the rest only ack (open console) or open a modal.
    await new Promise((r) => setTimeout(r, 1_000));

    let lost = 0;
    let duplicated = 0;
    let crashed = 0;
    for (const c of commands) {
      const replies = app.replies(c.id);
      if (replies.length === 0) lost++;
      if (new Set(replies.map((r) => JSON.stringify(r))).size < replies.length) duplicated++;
      if (c.status >= 500) problems.push(`command answered ${c.status}: ${JSON.stringify(c.text)}`);
      // Digest commands name the channel they were typed in (`<#C…>`) on purpose; fuzzed text never does.
      crashed += inspect(replies, `command ${JSON.stringify(c.text).slice(0, 200)}`, problems, [TEST_SLACK.channelId]);
    }
    const possible = actions.filter((a) => !a.impossible);
    const impossible = actions.filter((a) => a.impossible);
    for (const a of possible) {
      if (a.status >= 500) problems.push(`action answered ${a.status}: ${a.what}`);
      crashed += inspect(app.slack.responses(a.id) as SlackMessage[], `action ${a.what}`, problems, [a.user]);
    }
    crashed += [...commands, ...actions].filter((r) => r.status >= 500).length;
    // Payloads Slack never sends: the app must survive them, answer without a 5xx and never reply with a crash.
    for (const a of impossible) {
      if (a.status >= 500) problems.push(`action answered ${a.status}: ${a.what}`);
      const replies = app.slack.responses(a.id) as SlackMessage[];
      if (replies.some((m) => isInternalError(m) || hasStackTrace(m))) problems.push(`action ${a.what}: crash reply`);
    }
    const health = await fetch(`${app.appUrl}/healthz`);
    if (health.status !== 200) problems.push(`/healthz answered ${health.status} after the fuzzing`);
    const errorsLogged = app.logs.filter((l) => (l.level as number) >= 50);
    if (app.slack.violations.length) problems.push(`Block Kit violations: ${JSON.stringify(app.slack.violations[0])}`);
    const statuses = countBy([...commands, ...actions].map((r) => String(r.status)));
    const impossibleStatuses = countBy(impossible.map((r) => `${r.what.replace(/^.*\(/, '(')} → ${r.status}`));
    return {
      ...printDrill({
        drill: 'Fuzzed command texts and action payloads (fast-check)',
        tried: `${opts.parseRuns} texts into parseCommand, ${opts.codecRuns} generated or tampered button values into the codec, then ${commands.length} signed commands and ${actions.length} signed block_actions (mutated values and payloads) to the real app over HTTP; seed ${opts.seed}`,
        requests: commands.length + actions.length,
        lost,
        duplicated,
        crashed,
        details: {
          ...Object.fromEntries(Object.entries(statuses).map(([s, n]) => [`HTTP ${s}`, n])),
          actionsAnswered: actions.filter((a) => app.slack.responses(a.id).length > 0).length,
          impossiblePayloads: `${impossible.length} ${JSON.stringify(impossibleStatuses)}`,
          errorsLogged: `${errorsLogged.length} ${JSON.stringify(countBy(errorsLogged.map((l) => String(l.msg))))}`,
          blockKitViolations: app.slack.violations.length,
          problems: problems.length,
        },
      }),
      problems,
    };
  } finally {
    await app.close();
  }
}

function checkParseCommand(opts: FuzzOptions, problems: string[]): void {
  try {
    fc.assert(
      fc.property(commandText, (text) => {
        const parsed = parseCommand(text);
        if (typeof parsed.kind !== 'string') return false;
        if (parsed.kind === 'why') return parsed.ref.length > 0 && !/\s/.test(parsed.ref);
        return JSON.stringify(parsed) !== undefined;
      }),
      { numRuns: opts.parseRuns, seed: opts.seed },
    );
  } catch (err) {
    problems.push(`parseCommand: ${(err as Error).message.slice(0, 500)}`);
  }
}

function checkCodec(opts: FuzzOptions, problems: string[]): void {
  const codec = createActionValueCodec(DRILL_SECRET);
  const image = SEEDED_IMAGES[0]!;
  const valid = codec.encode({
    ref: image.ref,
    repositoryName: image.repositoryName,
    imageDigest: image.digest,
    accountId: image.accountId,
    region: image.region,
  });
  try {
    fc.assert(
      fc.property(actionValue(valid), (value) => {
        const decoded = codec.decode(value);
        return value === valid ? decoded?.imageDigest === image.digest : decoded === undefined;
      }),
      { numRuns: opts.codecRuns, seed: opts.seed },
    );
  } catch (err) {
    problems.push(`action value codec: ${(err as Error).message.slice(0, 500)}`);
  }
}

/** Counts crash replies; records those and any unescaped markup as problems. */
function inspect(replies: SlackMessage[], what: string, problems: string[], mentions: string[]): number {
  let crashes = 0;
  for (const reply of replies) {
    if (isInternalError(reply) || hasStackTrace(reply)) {
      crashes++;
      problems.push(`${what}: crash reply`);
    }
    const markup = unescapedMarkup(reply, mentions);
    if (markup.length) problems.push(`${what}: unescaped ${JSON.stringify(markup.slice(0, 3))}`);
  }
  return crashes;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
