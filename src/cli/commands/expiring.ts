/**
 * `ecrscan expiring [--within 7d] [--repo FILTER ...] [--expired-since 7d|YYYY-MM-DD] [--min-severity X] [--severity]
 *  [--json] [--fresh] [--target NAME]`.
 * Exit 0: nothing expiring or expired; 1: some; 2: could not answer, or the report is partial (errors listed).
 */
import { parseArgs } from 'node:util';
import { type ExpiringImage, type ExpiringReport, MIN_SEVERITIES } from '../../domain/expiring.js';
import { filterBySeverity } from '../../usecases/build-digest.js';
import { DEFAULT_WITHIN_DAYS, listExpiring } from '../../usecases/list-expiring.js';
import { withCliCore } from '../cli-core.js';
import type { CliCommand } from '../io.js';

export const EXPIRING_USAGE =
  'Usage: ecrscan expiring [--within 7d] [--repo FILTER ...] [--expired-since 7d|YYYY-MM-DD] [--min-severity X] [--severity]\n' +
  '                        [--json] [--fresh] [--target NAME]\n' +
  '  --within         images whose scan eligibility ends within this many days (default 7d, at most 365d)\n' +
  '  --repo           ECR filter syntax: a name part ("payments"), or a glob over the whole name ("svc-*"); repeatable\n' +
  '  --expired-since  only expired images that lapsed since then (default: every expired image)\n' +
  '  --min-severity   only images with findings of this severity or worse (CRITICAL, HIGH, MEDIUM, LOW); images of\n' +
  '                   unknown severity (expired ones: Inspector closed their findings) are kept\n' +
  "  --severity       show each image's highest finding severity (one Inspector call per repository listed)\n" +
  '  --fresh          re-read the re-scan settings instead of using the cache (coverage and images are always read)\n' +
  '  --target         read one configured target (e.g. the Inspector delegated administrator) instead of all\n';

const DAY_MS = 86_400_000;

export const expiringCommand: CliCommand = async (args, io) => {
  let parsed: ReturnType<typeof parseExpiringArgs>;
  try {
    parsed = parseExpiringArgs(args, new Date());
  } catch (err) {
    io.stderr(`ecrscan expiring: ${(err as Error).message}\n${EXPIRING_USAGE}`);
    return 2;
  }
  return withCliCore(io, parsed.json, async (core) => {
    const full = await listExpiring(core, {
      withinDays: parsed.withinDays,
      repoFilters: parsed.repoFilters,
      ...(parsed.expiredSince ? { expiredSince: parsed.expiredSince } : {}),
      ...(parsed.target ? { targetNames: [parsed.target] } : {}),
      fresh: parsed.fresh,
      severity: parsed.severity,
    });
    const report = filterBySeverity(full, parsed.minSeverity);
    io.stdout(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : renderExpiring(report));
    return report.errors.length > 0 ? 2 : report.images.length > 0 ? 1 : 0;
  });
};

export function parseExpiringArgs(args: string[], now: Date) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      within: { type: 'string' },
      repo: { type: 'string', multiple: true },
      'expired-since': { type: 'string' },
      json: { type: 'boolean' },
      fresh: { type: 'boolean' },
      target: { type: 'string' },
      'min-severity': { type: 'string' },
      severity: { type: 'boolean' },
    },
  });
  const min = values['min-severity']?.toUpperCase();
  if (min !== undefined && !(MIN_SEVERITIES as readonly string[]).includes(min)) {
    throw new Error(`--min-severity "${values['min-severity']}" is not a severity: use ${MIN_SEVERITIES.join(', ')}`);
  }
  if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
  const repoFilters = values.repo ?? [];
  const empty = repoFilters.find((f) => f.trim() === '');
  if (empty !== undefined) throw new Error('--repo needs a filter, e.g. --repo payments or --repo "svc-*"');
  const since = values['expired-since'];
  return {
    withinDays: values.within === undefined ? DEFAULT_WITHIN_DAYS : parseDays('--within', values.within),
    repoFilters,
    expiredSince: since === undefined ? undefined : parseSince(since, now),
    json: values.json ?? false,
    fresh: values.fresh ?? false,
    target: values.target,
    minSeverity: min,
    severity: (values.severity ?? false) || min !== undefined,
  };
}

/** `7d`, `7` → 7. Whole days only: every date ecrscan gives is "around" a day anyway. */
function parseDays(option: string, text: string): number {
  const match = /^(\d{1,3})d?$/.exec(text.trim());
  const days = match ? Number(match[1]) : Number.NaN;
  if (!(days >= 0 && days <= 365)) {
    throw new Error(`${option} "${text}" is not a number of days: write e.g. 7d (0 to 365 days)`);
  }
  return days;
}

function parseSince(text: string, now: Date): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(text)) return date;
    throw new Error(`--expired-since "${text}" is not a calendar date`);
  }
  return new Date(now.getTime() - parseDays('--expired-since', text) * DAY_MS);
}

/** A plain table: image, account, state, expiry, cause; then counts and any errors. */
export function renderExpiring(report: ExpiringReport): string {
  const { counts } = report;
  const lines = [
    `${counts.expiring} expiring within ${report.withinDays} ${report.withinDays === 1 ? 'day' : 'days'}, ${counts.expired} expired (as of ${report.generatedAt.toISOString()}; dates are approximate)`,
  ];
  if (report.images.length > 0) {
    // The column appears when severities were read (--severity, --min-severity).
    const withSeverity = report.images.some((i) => i.highestSeverity !== undefined);
    const rows = report.images.map((image) => [
      imageName(image),
      `${image.accountId} ${image.region}`,
      image.state,
      expiryText(image),
      ...(withSeverity ? [image.highestSeverity ?? 'unknown'] : []),
      image.cause,
    ]);
    const header = ['IMAGE', 'ACCOUNT', 'STATE', 'EXPIRY', ...(withSeverity ? ['SEVERITY'] : []), 'CAUSE'];
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] as string).length)));
    const line = (cells: string[]) =>
      cells.map((c, k) => (k === cells.length - 1 ? c : c.padEnd(widths[k] as number))).join('  ');
    lines.push('', line(header), ...rows.map(line));
    const accounts = Object.entries(counts.byAccount).map(
      ([account, c]) => `  ${account}: ${c.expiring} expiring, ${c.expired} expired`,
    );
    lines.push('', 'By account:', ...accounts);
  }
  if (report.unsupported) {
    const n = report.unsupported;
    lines.push(
      '',
      `${n} ${n === 1 ? 'image' : 'images'} Inspector cannot scan at all (unsupported OS or media type): never scanned, so never expiring; \`ecrscan why\` explains each.`,
    );
  }
  if (report.errors.length > 0) {
    lines.push('', 'Not read (the report is partial):', ...report.errors.map((e) => `  ${e.target}: ${e.message}`));
  }
  return `${lines.join('\n')}\n`;
}

function imageName(image: ExpiringImage): string {
  const [tag, ...more] = image.imageTags;
  if (tag === undefined) return `${image.repositoryName}@${image.imageDigest.slice(0, 19)}`;
  return `${image.repositoryName}:${tag}${more.length ? ` (+${more.length} tags)` : ''}`;
}

function expiryText(image: ExpiringImage): string {
  if (!image.expiresAt) return image.state === 'expired' ? 'ended (date unknown)' : 'unknown';
  const day = image.expiresAt.toISOString().slice(0, 10);
  if (image.state === 'expired') return `ended around ${day}`;
  // Still ACTIVE although both windows have passed by the estimate: Inspector has not caught up yet.
  return image.expiry?.lapsed === 'both' ? `due (around ${day})` : `around ${day}`;
}
