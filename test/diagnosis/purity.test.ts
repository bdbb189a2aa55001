import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../src/diagnosis');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const SOURCES = files(ROOT).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('src/diagnosis stays pure', () => {
  it('has source files to check', () => {
    expect(SOURCES.length).toBeGreaterThan(20);
  });

  it.each(SOURCES)('$path imports only src/domain and src/diagnosis', ({ path, text }) => {
    const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);
    for (const spec of specifiers) {
      expect(spec.startsWith('.'), `${path} imports ${spec}`).toBe(true);
      const target = resolve(ROOT, path, '..', spec);
      const inside = target.startsWith(ROOT) || target.startsWith(resolve(ROOT, '../domain'));
      expect(inside, `${path} imports ${spec}`).toBe(true);
    }
  });

  it.each(SOURCES)('$path reads no clock and does no I/O', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\(|new Date\(\)|process\.|console\.|fetch\(|Math\.random/);
  });
});
