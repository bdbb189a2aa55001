/**
 * Static digest subscriptions from a YAML file (ECRSCAN_DIGEST_FILE), for teams that keep configuration in git:
 *
 * ```yaml
 * subscriptions:
 *   - team: T0123ABCD
 *     channel: C0123ABCD
 *     repos: [payments-*, checkout]   # optional; empty = every repository
 *     at: "09:00"                     # optional, default 09:00
 *     timeZone: Europe/Berlin         # optional, default UTC
 *     within: 7                       # optional, days, default 7
 *     minSeverity: HIGH               # optional
 *     allClear: false                 # optional
 * ```
 *
 * Read once at start and validated like a Slack subscription; any problem stops the bot with a `ConfigError`
 * naming the file and the entry, like every other bad setting.
 */
import { z } from 'zod';
import { ConfigError, readYamlFile } from '../config.js';
import { UserFacingError } from '../errors.js';
import type { Subscription } from '../usecases/digest-service.js';
import { subscriptionIdOf, validateSubscription } from './subscriptions.js';

const entrySchema = z
  .object({
    team: z.string(),
    channel: z.string(),
    repos: z.array(z.string()).default([]),
    at: z.string().default('09:00'),
    timeZone: z.string().default('UTC'),
    within: z.number().default(7),
    minSeverity: z.string().optional(),
    allClear: z.boolean().default(false),
  })
  .strict();

const fileSchema = z.object({ subscriptions: z.array(entrySchema).default([]) }).strict();

export function loadDigestFile(
  path: string,
  opts: { now?: Date; readFile?: (path: string) => string } = {},
): Subscription[] {
  const name = `ECRSCAN_DIGEST_FILE ${path}`;
  const parsed = readYamlFile('ECRSCAN_DIGEST_FILE', path, fileSchema, opts.readFile);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  const problems: string[] = [];
  const out = new Map<string, Subscription>();
  for (const [i, entry] of parsed.data.subscriptions.entries()) {
    try {
      const valid = validateSubscription({
        teamId: entry.team,
        channelId: entry.channel,
        repoFilters: entry.repos,
        at: entry.at,
        timeZone: entry.timeZone,
        withinDays: entry.within,
        allClear: entry.allClear,
        ...(entry.minSeverity === undefined ? {} : { minSeverity: entry.minSeverity }),
      });
      const id = subscriptionIdOf(valid.teamId, valid.channelId, valid.repoFilters);
      if (out.has(id)) problems.push(`${name}: subscriptions.${i}: the same channel and repositories appear twice`);
      out.set(id, { ...valid, id, createdBy: 'file', createdAt: opts.now ?? new Date(), source: 'file' });
    } catch (err) {
      if (!(err instanceof UserFacingError)) throw err;
      problems.push(`${name}: subscriptions.${i}: ${err.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return [...out.values()];
}
