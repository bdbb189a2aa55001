/**
 * When a subscription's digest runs, and which day a run belongs to. The next run is computed with BullMQ's own
 * `getNextMillis` (cron-parser with the IANA zone), so the in-process scheduler and the BullMQ job schedulers agree
 * to the millisecond, across daylight-saving changes included: `09:00 Europe/Berlin` is 08:00Z in winter and
 * 07:00Z in summer; a local time that does not exist on the spring-forward day (02:30) runs once, an hour later
 * (03:30), and one that exists twice on the fall-back day runs once, at its first occurrence.
 */
import { getNextMillis } from 'bullmq';
import type { Subscription } from './digest-service.js';

const AT = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → the 5-field cron pattern `M H * * *` BullMQ's scheduler takes; undefined for anything else. */
export function cronPatternFor(at: string): string | undefined {
  const match = AT.exec(at);
  if (!match) return undefined;
  return `${Number(match[2])} ${Number(match[1])} * * *`;
}

/** The first run strictly after `after`; undefined when the time or zone cannot be scheduled. */
export function nextRunAt(sub: Pick<Subscription, 'at' | 'timeZone'>, after: Date): Date | undefined {
  const pattern = cronPatternFor(sub.at);
  if (!pattern) return undefined;
  try {
    const next = getNextMillis(after.getTime(), { pattern, tz: sub.timeZone });
    return next === undefined || Number.isNaN(next) ? undefined : new Date(next);
  } catch {
    return undefined;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `yyyy-mm-dd` of `date` in `timeZone`: the day a digest run counts for ("once per channel per day"). */
export function dayInZone(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** True when Node's Intl and the scheduler's cron library both accept the zone. */
export function isSchedulableZone(timeZone: string): boolean {
  if (timeZone === '' || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    return false;
  }
  return nextRunAt({ at: '09:00', timeZone }, new Date(0)) !== undefined;
}
