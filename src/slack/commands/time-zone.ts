/**
 * IANA time zones as typed in Slack (`Europe/Berlin`, `utc`, `america/new_york`), checked against the zones this
 * Node.js knows (`Intl`), which is also what the digest scheduler's cron time zones resolve through.
 */
export type TimeZoneCheck = { ok: true; timeZone: string } | { ok: false };

export function checkTimeZone(input: string): TimeZoneCheck {
  const resolved = resolve(input);
  if (!resolved) return { ok: false };
  // Keep what the user typed when it has capitals (ICU would turn Asia/Kolkata into Asia/Calcutta); fix only casing.
  if (/[A-Z]/.test(input)) return { ok: true, timeZone: input };
  if (resolved.toLowerCase() === input) return { ok: true, timeZone: resolved };
  const candidate = input.includes('/') ? titleCase(input) : input.toUpperCase();
  return { ok: true, timeZone: resolve(candidate) === resolved ? candidate : resolved };
}

function resolve(zone: string): string | undefined {
  if (zone === '' || zone.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function titleCase(zone: string): string {
  return zone.replace(/(^|[/_-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}
