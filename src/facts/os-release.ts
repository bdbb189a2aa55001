/**
 * Parses os-release(5): shell-style `KEY=value` lines, values optionally in single or double quotes. Scanners
 * identify the distribution from `ID` and `VERSION_ID` (domain.md §6.1), so those are what matter here.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*?)\s*$/.exec(line);
    if (!match) continue;
    fields[match[1]!] = unquote(match[2]!);
  }
  return fields;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  }
  return value.replace(/\\(.)/g, '$1');
}
