/**
 * The audit log: who asked ecrscan to act (rescan, later subscription and admin changes), on what, and what
 * happened, for every request whether allowed or refused (design.md §4). Each entry is written twice: as a
 * pino line with `audit: true` (the durable record, shipped with the other logs) and into a bounded list
 * that `recent(n)` reads back for a quick look from Slack or the CLI.
 *
 * Recording never blocks or fails the action it describes: `record` resolves even when the list cannot be
 * written, and the failure is logged (the pino line has been written already, so nothing is lost).
 */
import type { Logger } from 'pino';

export const AUDIT_OUTCOMES = [
  'allowed',
  'refused',
  'rate-limited',
  'already-requested',
  'started',
  'enhanced',
  'limit-exceeded',
  'image-archived',
  'unsupported-image-type',
  'failed',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  at: Date;
  /** What was asked, e.g. `rescan`. */
  action: string;
  /** Slack user id of whoever asked. */
  user: string;
  team?: string;
  channel?: string;
  /** The ecrscan target (configured name) the image belongs to. */
  target: string;
  account?: string;
  region?: string;
  /** `<repository>@<digest>`. */
  image: string;
  outcome: AuditOutcome | (string & {});
  /** Why, in a few words: the refusal reason, the AWS error, the scan status. */
  detail?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** The newest `n` entries, newest first. */
  recent(n: number): Promise<AuditEntry[]>;
}

/** How many entries the list keeps; older ones remain only in the logs. */
export const DEFAULT_AUDIT_MAX_ENTRIES = 10_000;

/** The pino line every implementation writes first. */
export function logAuditEntry(log: Logger, entry: AuditEntry): void {
  log.info({ audit: true, ...entry, at: entry.at.toISOString() }, `audit: ${entry.action} ${entry.outcome}`);
}

/** One process's list (no REDIS_URL): lost at restart, the log lines are not. */
export function createMemoryAuditLog(opts: { log: Logger; maxEntries?: number }): AuditLog {
  const log = opts.log.child({ component: 'audit' });
  const maxEntries = opts.maxEntries ?? DEFAULT_AUDIT_MAX_ENTRIES;
  const entries: AuditEntry[] = [];
  return {
    async record(entry) {
      logAuditEntry(log, entry);
      entries.unshift({ ...entry, at: new Date(entry.at) });
      if (entries.length > maxEntries) entries.length = maxEntries;
    },
    async recent(n) {
      return entries.slice(0, Math.max(0, n)).map((e) => ({ ...e, at: new Date(e.at) }));
    },
  };
}
