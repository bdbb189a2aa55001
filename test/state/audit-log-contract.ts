/** The one suite every `AuditLog` must pass: run by memory-audit-log.test.ts and redis-audit-log.test.ts. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../../src/state/audit-log.js';
import type { LogLine } from '../support/log-capture.js';

export interface AuditLogHarness {
  audit: AuditLog;
  /** Lines the audit log wrote to its pino logger. */
  lines: LogLine[];
  dispose(): Promise<void>;
}

const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.parse('2026-05-01T10:00:00.000Z') + n * 1000),
  action: 'rescan',
  user: `U0${n}`,
  target: 'default',
  image: `team-api@sha256:${String(n).padStart(64, '0')}`,
  outcome: 'started',
  ...over,
});

export function auditLogContract(name: string, make: (opts: { maxEntries: number }) => Promise<AuditLogHarness>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let h: AuditLogHarness;
    beforeEach(async () => {
      h = await make({ maxEntries: 3 });
    });
    afterEach(() => h.dispose());

    it('gives back entries newest first, every field intact, dates as Dates', async () => {
      const full = entry(1, {
        team: 'T01',
        channel: 'C01',
        account: '111111111111',
        region: 'us-east-1',
        outcome: 'refused',
        detail: 'not-a-member',
      });
      await h.audit.record(full);
      await h.audit.record(entry(2));
      const recent = await h.audit.recent(10);
      expect(recent).toEqual([entry(2), full]);
      expect(recent[1]?.at).toBeInstanceOf(Date);
    });

    it('keeps only the newest maxEntries, and recent(n) returns at most n', async () => {
      for (let n = 1; n <= 5; n++) await h.audit.record(entry(n));
      expect((await h.audit.recent(10)).map((e) => e.user)).toEqual(['U05', 'U04', 'U03']);
      expect((await h.audit.recent(2)).map((e) => e.user)).toEqual(['U05', 'U04']);
      expect(await h.audit.recent(0)).toEqual([]);
    });

    it('writes every entry as a pino line marked audit: true', async () => {
      await h.audit.record(entry(7, { outcome: 'limit-exceeded', detail: 'quota' }));
      const line = h.lines.find((l) => l.audit === true);
      expect(line).toMatchObject({
        audit: true,
        action: 'rescan',
        user: 'U07',
        outcome: 'limit-exceeded',
        detail: 'quota',
        at: '2026-05-01T10:00:07.000Z',
        msg: 'audit: rescan limit-exceeded',
      });
    });

    it('returns a copy: changing an entry after recording changes nothing stored', async () => {
      const e = entry(1);
      await h.audit.record(e);
      e.at.setTime(0);
      e.user = 'changed';
      const [stored] = await h.audit.recent(1);
      expect(stored?.user).toBe('U01');
      expect(stored?.at.toISOString()).toBe('2026-05-01T10:00:01.000Z');
    });
  });
}
