/**
 * fast-check arbitraries for what a Slack user (or a payload that claims to be Slack) can send: command texts
 * built from command words, image-reference look-alikes and hostile mrkdwn, arbitrary Unicode, and block_actions
 * payloads with tampered, truncated or missing values and fields.
 */
import fc from 'fast-check';
import { SEEDED_IMAGES } from '../../../src/sandbox/seeded-images.js';
import { ACTION_IDS, findingsPageActionId } from '../../../src/slack/blocks/ids.js';
import { HOSTILE_HOST } from '../../support/slack-messages.js';

const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0ADMINS>',
  '<@U0BOSS>',
  '<#C0SECRET>',
  `<https://${HOSTILE_HOST}|click me>`,
  `https://${HOSTILE_HOST}/login`,
  `<javascript:alert(1)|x>`,
  '&',
  '&amp;',
  '&lt;!channel&gt;',
  '<',
  '>',
  '*bold*',
  '_italic_',
  '~strike~',
  '`',
  '```',
  '\u202e',
  '\u0000',
  '\u200b',
  '😀',
  'é',
  '--fresh',
  '--help',
  '-h',
  '?',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style probe, meant literally.
  '${jndi:ldap://x}',
  '{{7*7}}',
  '%00',
  '../../etc/passwd',
];

const VERBS = [
  'why',
  'WHY',
  'Why',
  'help',
  'digest',
  'expiring',
  'wyh',
  'whyy',
  'hepl',
  'subscribe',
  'list',
  'preview',
];

const reference = fc.oneof(
  fc.constantFrom(
    ...SEEDED_IMAGES.slice(0, 8).map((image) => image.ref),
    'payments-api:1.4.2',
    'a:b',
    `repo@sha256:${'a'.repeat(64)}`,
    `repo@sha256:${'A'.repeat(64)}`,
    '111111111111.dkr.ecr.us-east-1.amazonaws.com/x:y',
    '111111111111.dkr.ecr.mars-north-9.amazonaws.com/x:y',
    'public.ecr.aws/nginx/nginx:latest',
    `${'x'.repeat(300)}:tag`,
  ),
  fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,30}(:[A-Za-z0-9_.-]{1,20})?$/),
);

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 3, arbitrary: reference },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

const separator = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000', ' --fresh ');

/** What follows `/ecrscan`: mostly near-misses of real commands, sometimes pure noise up to 3,000 characters. */
export const commandText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(word, { maxLength: 6 }), separator).map(([w, sep]) => w.join(sep)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3000 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
);

export const ACTIONS_UNDER_TEST = [
  ...Object.values(ACTION_IDS).filter((id) => id !== ACTION_IDS.findingsPage),
  findingsPageActionId('next'),
  findingsPageActionId('previous'),
];

/** A button value: a real one changed a little, cut short, replaced, or absent. */
export function actionValue(valid: string) {
  return fc.oneof(
    fc.constant(valid),
    fc
      .nat({ max: valid.length - 1 })
      .chain((at) => fc.constantFrom(...'AZaz09-_.=').map((c) => valid.slice(0, at) + c + valid.slice(at + 1))),
    fc.nat({ max: valid.length }).map((n) => valid.slice(0, n)),
    fc.string({ maxLength: 100 }),
    fc.constantFrom(...HOSTILE),
    fc.constant('x'.repeat(2001)),
    fc.constant(`${Buffer.from('{"repositoryName":"x","imageDigest":"y"}').toString('base64url')}.forged`),
    fc.constant(undefined),
  );
}

/** Where the clicked button lives: all three occur in real Slack payloads. */
export const CONTAINERS = {
  'channel message': { type: 'message' },
  'ephemeral message': { type: 'message', isEphemeral: true },
  'App Home (no response_url)': { type: 'view', viewType: 'home' },
} as const;

/**
 * Changes to a parsed block_actions payload that Slack never makes (it always sends the clicking user, one
 * action, string values). Such a request can only come from someone holding the signing secret; the app must
 * survive it without a 5xx, even where Bolt itself would crash before any listener runs (no user: the request
 * guard acks and drops it).
 */
export const IMPOSSIBLE_MUTATIONS: Record<string, (p: Record<string, unknown>) => void> = {
  'no user': (p) => {
    delete p.user;
  },
  'value is a number': (p) => {
    (p.actions as Record<string, unknown>[])[0]!.value = 42;
  },
  'two actions': (p) => {
    const actions = p.actions as unknown[];
    actions.push(actions[0]);
  },
  'user id is markup': (p) => {
    (p.user as Record<string, unknown>).id = '<!channel>';
  },
  'message without response_url': (p) => {
    delete p.response_url;
  },
};

export const press = (valid: string) =>
  fc.record({
    actionId: fc.constantFrom(...ACTIONS_UNDER_TEST),
    value: actionValue(valid),
    container: fc.constantFrom(...(Object.keys(CONTAINERS) as (keyof typeof CONTAINERS)[])),
    user: fc.constantFrom('U0ALICE', 'U0MALLORY', 'W0ENTERPRISE'),
    impossible: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...Object.keys(IMPOSSIBLE_MUTATIONS)) },
    ),
  });
