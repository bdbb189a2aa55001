/**
 * The arguments of `/ecrscan expiring …` and `/ecrscan digest subscribe …`: repository filters plus a few
 * keywords, in any order. Pure; every problem names the word that is wrong and comes with a command that works.
 */
import { MIN_SEVERITIES, type MinSeverity } from '../../domain/expiring.js';
import { checkRepoFilter } from '../../domain/repo-filter.js';
import { SUBSCRIPTION_LIMITS } from '../../state/subscriptions.js';
import { checkTimeZone } from './time-zone.js';

export const DIGEST_DEFAULTS = { at: '09:00', timeZone: 'UTC', withinDays: 7 } as const;
/** The subscription store's own bounds, so a command is refused here with the same limits it would meet there. */
export const WITHIN_DAYS = SUBSCRIPTION_LIMITS.withinDays;
export const MAX_REPO_FILTERS = SUBSCRIPTION_LIMITS.repoFilters;
export { MIN_SEVERITIES, type MinSeverity };

export const EXPIRING_EXAMPLE = '/ecrscan expiring within 14d payments*';
export const SUBSCRIBE_EXAMPLE = '/ecrscan digest subscribe payments* at 09:00 Europe/Berlin within 7d';

export interface ExpiringQuery {
  repoFilters: string[];
  withinDays: number;
  minSeverity?: MinSeverity;
}

export interface DigestOptions extends ExpiringQuery {
  /** `HH:MM`, 24-hour. */
  at: string;
  timeZone: string;
  allClear: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string; example: string };

type Keyword = 'at' | 'within' | 'min-severity' | 'all-clear' | 'repo';

const KEYWORDS = new Map<string, Keyword>([
  ['at', 'at'],
  ['within', 'within'],
  ['--within', 'within'],
  ['min-severity', 'min-severity'],
  ['--min-severity', 'min-severity'],
  ['all-clear', 'all-clear'],
  ['--all-clear', 'all-clear'],
  ['--repo', 'repo'],
]);
const keywordOf = (word: string | undefined) => (word === undefined ? undefined : KEYWORDS.get(word.toLowerCase()));

export function parseExpiringArgs(args: readonly string[]): Parsed<ExpiringQuery> {
  const parsed = parseOptions(args, ['within', 'min-severity', 'repo'], EXPIRING_EXAMPLE);
  if (!parsed.ok) return parsed;
  const { repoFilters, withinDays, minSeverity } = parsed.value;
  return { ok: true, value: { repoFilters, withinDays, ...(minSeverity ? { minSeverity } : {}) } };
}

export function parseSubscribeArgs(args: readonly string[]): Parsed<DigestOptions> {
  return parseOptions(args, ['at', 'within', 'min-severity', 'all-clear', 'repo'], SUBSCRIBE_EXAMPLE);
}

function parseOptions(args: readonly string[], allowed: readonly Keyword[], example: string): Parsed<DigestOptions> {
  const fail = (problem: string): Parsed<DigestOptions> => ({ ok: false, problem, example });
  const out: DigestOptions = { repoFilters: [], ...DIGEST_DEFAULTS, allClear: false };
  const seen = new Set<Keyword>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const keyword = keywordOf(word);
    if (keyword === undefined) {
      if (word.startsWith('-')) return fail(unknownOption(word));
      const filter = checkRepoFilter(word);
      if (!filter.ok) return fail(filter.problem);
      if (!out.repoFilters.includes(filter.filter)) out.repoFilters.push(filter.filter);
      if (out.repoFilters.length > MAX_REPO_FILTERS) return fail(`give at most ${MAX_REPO_FILTERS} repository filters`);
      continue;
    }
    if (!allowed.includes(keyword)) return fail(`"${word}" belongs to "/ecrscan digest subscribe", not here`);
    if (keyword !== 'repo' && seen.has(keyword)) return fail(`"${keyword}" is given twice`);
    seen.add(keyword);
    if (keyword === 'all-clear') {
      out.allClear = true;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || keywordOf(value) !== undefined) return fail(missingValue(keyword));
    i += 1;
    const problem = apply(out, keyword, value);
    if (problem) return fail(problem);
    if (keyword === 'at') {
      const zone = args[i + 1];
      if (zone === undefined || keywordOf(zone) !== undefined) continue;
      const checked = checkTimeZone(zone);
      if (!checked.ok) {
        return fail(
          `"${clip(zone)}" is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC (repository filters go before "at")`,
        );
      }
      out.timeZone = checked.timeZone;
      i += 1;
    }
  }
  return { ok: true, value: out };
}

/** Sets one keyword's value; returns what is wrong with it, if anything. */
function apply(out: DigestOptions, keyword: Exclude<Keyword, 'all-clear'>, value: string): string | undefined {
  switch (keyword) {
    case 'at': {
      const time = /^(\d{1,2}):(\d{2})$/.exec(value);
      const hours = Number(time?.[1]);
      const minutes = Number(time?.[2]);
      if (!time || hours > 23 || minutes > 59) {
        return `"${clip(value)}" is not a time of day: use HH:MM, from 00:00 to 23:59`;
      }
      out.at = `${String(hours).padStart(2, '0')}:${time[2]}`;
      return undefined;
    }
    case 'within': {
      const days = /^(\d{1,6})(?:d|days?)?$/i.exec(value);
      const n = Number(days?.[1]);
      if (!days || n < WITHIN_DAYS.min || n > WITHIN_DAYS.max) {
        return `"${clip(value)}" is not a window ecrscan looks ahead: use ${WITHIN_DAYS.min}d to ${WITHIN_DAYS.max}d`;
      }
      out.withinDays = n;
      return undefined;
    }
    case 'min-severity': {
      const severity = MIN_SEVERITIES.find((s) => s === value.toUpperCase());
      if (!severity) return `"${clip(value)}" is not a severity: use ${MIN_SEVERITIES.join(', ')}`;
      out.minSeverity = severity;
      return undefined;
    }
    case 'repo': {
      const filter = checkRepoFilter(value);
      if (!filter.ok) return filter.problem;
      if (!out.repoFilters.includes(filter.filter)) out.repoFilters.push(filter.filter);
      return out.repoFilters.length > MAX_REPO_FILTERS
        ? `give at most ${MAX_REPO_FILTERS} repository filters`
        : undefined;
    }
  }
}

function missingValue(keyword: Keyword): string {
  const what: Record<Keyword, string> = {
    at: 'a time of day, like "at 09:00 Europe/Berlin"',
    within: 'a number of days, like "within 7d"',
    'min-severity': `a severity, like "min-severity HIGH" (${MIN_SEVERITIES.join(', ')})`,
    'all-clear': '',
    repo: 'a repository filter, like "--repo payments*"',
  };
  return `"${keyword}" needs ${what[keyword]}`;
}

function unknownOption(word: string): string {
  if (word.toLowerCase() === '--json') return 'JSON output is for the command line: run "ecrscan expiring --json"';
  return `"${clip(word)}" is not an option ecrscan knows`;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
