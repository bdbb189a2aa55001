/**
 * The one typed configuration, read from environment variables at start (style.md habit 8).
 * AWS settings (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_*, …) are deliberately NOT parsed here:
 * the AWS SDK reads them itself, unchanged. Only Region is peeked at to name the default target.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  );

// Strict: a misspelt key (`roleARN`, `target:`) must stop the bot, not silently drop a role or every target.
const targetSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS Region such as eu-west-1'),
  accountId: z
    .string()
    .regex(/^\d{12}$/, '12 digits')
    .optional(),
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN')
    .optional(),
});
export type TargetConfig = z.infer<typeof targetSchema>;

const fileSchema = z.strictObject({ targets: z.array(targetSchema).default([]) });

const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'a bot token starting with xoxb-')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'the signing secret from the app’s Basic Information page').optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'an app-level token starting with xapp- (only for Socket Mode)')
    .optional(),
  SLACK_API_URL: z.url('a URL such as https://slack.com/api/').optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  AWS_REGION: z.string().optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  ECRSCAN_CONFIG_FILE: z.string().optional(),
  ECRSCAN_RESCAN_ALLOWED_USERGROUPS: csv,
  ECRSCAN_RESCAN_ALLOWED_USERS: csv,
  ECRSCAN_ADMIN_USERGROUPS: csv,
  ECRSCAN_ADMIN_USERS: csv,
  ECRSCAN_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(1).max(180).default(7),
  ECRSCAN_DIGEST_FILE: z.string().min(1).optional(),
});

/** What each variable is for, shown next to any error so the fix is obvious. */
const HELP: Record<string, string> = {
  SLACK_BOT_TOKEN: 'Slack app → OAuth & Permissions → Bot User OAuth Token',
  SLACK_SIGNING_SECRET: 'Slack app → Basic Information → Signing Secret',
  SLACK_APP_TOKEN: 'Slack app → Basic Information → App-Level Tokens (connections:write); unset for HTTP mode',
  PORT: 'the HTTP port for /slack/events, /healthz, /readyz, /metrics',
  REDIS_URL: 'e.g. redis://127.0.0.1:6379; unset = in-memory cache, one replica only',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
  ECRSCAN_CONFIG_FILE: 'a YAML file with `targets:` (name, region, accountId, roleArn)',
  ECRSCAN_DIGEST_FILE: 'a YAML file with static digest `subscriptions:` (team, channel, repos, at, timeZone, within)',
};

export interface Config {
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    socketMode: boolean;
  };
  port: number;
  redisUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Region for the default target when the environment names one; otherwise the SDK resolves it. */
  defaultRegion?: string;
  targets: TargetConfig[];
  rescan: { allowedUsergroups: string[]; allowedUsers: string[] };
  admin: { usergroups: string[]; users: string[] };
  expiryWarningDays: number;
  /** ECRSCAN_DIGEST_FILE: static digest subscriptions, read and validated when the digest jobs start. */
  digestFile?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export type ConfigNeed = 'slack';

/** Parses and validates; throws `ConfigError` naming every bad or missing variable at once. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  opts: { needs?: ConfigNeed[]; readFile?: (path: string) => string } = {},
): Readonly<Config> {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      problems.push(`${name}: ${issue.message}${HELP[name] ? ` (${HELP[name]})` : ''}`);
    }
  }
  const e = parsed.success ? parsed.data : undefined;
  if (opts.needs?.includes('slack')) {
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const) {
      if (!env[name]) problems.push(`${name}: missing (${HELP[name]})`);
    }
  }
  const targets = e?.ECRSCAN_CONFIG_FILE ? readTargets(e.ECRSCAN_CONFIG_FILE, problems, opts.readFile) : [];
  if (problems.length > 0 || !e) throw new ConfigError(problems);
  return Object.freeze({
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      socketMode: Boolean(e.SLACK_APP_TOKEN),
    },
    port: e.PORT,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    defaultRegion: e.AWS_REGION || e.AWS_DEFAULT_REGION || undefined,
    targets,
    rescan: { allowedUsergroups: e.ECRSCAN_RESCAN_ALLOWED_USERGROUPS, allowedUsers: e.ECRSCAN_RESCAN_ALLOWED_USERS },
    admin: { usergroups: e.ECRSCAN_ADMIN_USERGROUPS, users: e.ECRSCAN_ADMIN_USERS },
    expiryWarningDays: e.ECRSCAN_EXPIRY_WARNING_DAYS,
    ...(e.ECRSCAN_DIGEST_FILE ? { digestFile: e.ECRSCAN_DIGEST_FILE } : {}),
  });
}

/**
 * Reads a YAML settings file (ECRSCAN_CONFIG_FILE, ECRSCAN_DIGEST_FILE) through its zod schema; every problem is
 * a line naming the variable, the file and the key, as for environment variables.
 */
export function readYamlFile<S extends z.ZodType>(
  variable: string,
  path: string,
  schema: S,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): { ok: true; data: z.infer<S> } | { ok: false; problems: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(readFile(path));
  } catch (err) {
    return { ok: false, problems: [`${variable} ${path}: cannot read it: ${(err as Error).message}`] };
  }
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${variable} ${path}: ${i.path.join('.') || '(top)'}: ${i.message}`),
  };
}

function readTargets(path: string, problems: string[], readFile?: (p: string) => string) {
  const parsed = readYamlFile('ECRSCAN_CONFIG_FILE', path, fileSchema, readFile);
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return [];
  }
  const names = new Set<string>();
  for (const t of parsed.data.targets) {
    if (names.has(t.name)) problems.push(`ECRSCAN_CONFIG_FILE ${path}: target name '${t.name}' is used twice`);
    names.add(t.name);
  }
  return parsed.data.targets;
}

const SECRET = '[redacted]';

/** The config as it may be logged: secrets replaced, everything else kept for debugging. */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    slack: {
      ...config.slack,
      botToken: config.slack.botToken ? SECRET : undefined,
      signingSecret: config.slack.signingSecret ? SECRET : undefined,
      appToken: config.slack.appToken ? SECRET : undefined,
    },
    redisUrl: config.redisUrl?.replace(/\/\/([^@/]*)@/, `//${SECRET}@`),
  };
}
