/**
 * Plain-text formatting shared by the rules. Dates are UTC days: every expiry is approximate
 * ("around <day>"), so a time of day would suggest a precision AWS does not give.
 */
import type { PlatformChild } from '../domain/image-facts.js';

export { plural, shortDigest } from '../domain/text.js';

const DAY_MS = 86_400_000;

/** `2026-05-03` (UTC). */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Full ISO-8601 instant, for evidence values that quote an API field. */
export function instant(date: Date): string {
  return date.toISOString();
}

/** "around 2026-05-03". */
export function around(date: Date): string {
  return `around ${day(date)}`;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to`, rounded to the nearest day (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

/** "in about 3 days", "today", "about 4 days ago". */
export function relativeDays(from: Date, to: Date): string {
  const days = daysBetween(from, to);
  if (days === 0) return 'within a day';
  const unit = Math.abs(days) === 1 ? 'day' : 'days';
  return days > 0 ? `in about ${days} ${unit}` : `about ${-days} ${unit} ago`;
}

/** `linux/arm64`, `linux/arm64/v8`; the form `docker --platform` uses. */
export function platformLabel(platform: PlatformChild | undefined): string | undefined {
  if (platform === undefined) return undefined;
  const parts = [platform.os ?? 'unknown', platform.architecture ?? 'unknown'];
  if (platform.variant) parts.push(platform.variant);
  return parts.join('/');
}
