/**
 * Turns what the layers showed into an OS verdict. Scanners identify the distribution from os-release and list
 * packages from the package database (domain.md §6.1, §6.4), so: os-release → a distribution (or distroless);
 * neither file in a fully read image → scratch; anything short of that → unknown, saying what is missing.
 */
import type { OsDetection } from '../domain/image-facts.js';
import { plural } from '../domain/text.js';
import { withDefined } from './manifest-json.js';
import { hasShell, packageDbs, resolveOsRelease, type ViewEntry } from './os-layer-view.js';
import { parseOsRelease } from './os-release.js';
import { kib, type LayerScan } from './os-scan-layers.js';

export function classifyLayers(
  platform: Pick<OsDetection, 'os' | 'architecture' | 'osVersion'>,
  scan: LayerScan,
  totalLayers: number,
  evidence: string[],
): OsDetection {
  const base = { source: 'layers' as const, ...withDefined(platform), evidence, bytesRead: scan.bytesRead };
  const release = resolveOsRelease(scan.view);
  const dbs = packageDbs(scan.view);
  const db = dbs[0]?.file.role as 'apk' | 'dpkg' | 'rpm' | undefined;
  const packageDb = db ?? (scan.complete && scan.stop === undefined ? 'none' : undefined);
  const distrolessByDpkg = statusDirOnly(dbs) && !hasShell(scan.view);

  if (release) {
    const fields = parseOsRelease(release.entry.file.content);
    const distro = withDefined({
      id: fields.ID ?? 'linux',
      versionId: fields.VERSION_ID,
      prettyName: fields.PRETTY_NAME,
    });
    const { via, entry } = release;
    const link = via ? `${via.file.path}${via.layer === entry.layer ? '' : ` (layer ${via.layer})`} → ` : '';
    evidence.push(`${link}${at(entry)}: ${describeRelease(fields)}`);
    evidence.push(...describeDbs(dbs));
    if (/distroless/i.test(fields.PRETTY_NAME ?? '')) {
      evidence.push(`PRETTY_NAME = ${JSON.stringify(fields.PRETTY_NAME)}: a distroless image`);
      return withDefined({ ...base, kind: 'distroless' as const, distro, packageDb });
    }
    if (distrolessByDpkg) {
      evidence.push(distrolessLine());
      return withDefined({ ...base, kind: 'distroless' as const, distro, packageDb });
    }
    if (packageDb === 'none') evidence.push('no package database in any layer: scanners will list no OS packages');
    else if (!db) evidence.push('no package database seen before reading stopped');
    return withDefined({ ...base, kind: 'linux-distro' as const, distro, packageDb });
  }

  evidence.push(...describeDbs(dbs));
  if (distrolessByDpkg) {
    evidence.push(distrolessLine(), 'no etc/os-release or usr/lib/os-release: the distribution is not named');
    return withDefined({ ...base, kind: 'distroless' as const, packageDb });
  }
  if (dbs.length > 0) {
    evidence.push(
      'no etc/os-release or usr/lib/os-release although a package database is present: scanners identify the OS from os-release',
    );
    return withDefined({ ...base, kind: 'unknown' as const, packageDb });
  }
  if (packageDb === 'none') {
    evidence.push(
      `no etc/os-release, no package database in ${plural(totalLayers, 'layer')} (${kib(scan.bytesRead)} read)`,
    );
    return { ...base, kind: 'scratch', packageDb };
  }
  evidence.push(
    `no etc/os-release and no package database in the ${kib(scan.bytesRead)} read, but not every layer was read: cannot tell scratch from an OS`,
  );
  return { ...base, kind: 'unknown' };
}

/** Distroless keeps one dpkg status file per package in `status.d/` and has no `var/lib/dpkg/status`. */
function statusDirOnly(dbs: ViewEntry[]): boolean {
  const dpkg = dbs.filter((entry) => entry.file.role === 'dpkg');
  return dpkg.length > 0 && dpkg.every((entry) => entry.file.path.startsWith('var/lib/dpkg/status.d/'));
}

/** One line per database kind: distroless has a status file per package, which would flood the evidence. */
function describeDbs(dbs: ViewEntry[]): string[] {
  const byRole = new Map<string, ViewEntry[]>();
  for (const entry of dbs) byRole.set(entry.file.role, [...(byRole.get(entry.file.role) ?? []), entry]);
  return [...byRole].map(([role, entries]) => {
    const more = entries.length > 1 ? ` and ${entries.length - 1} more` : '';
    return `${at(entries[0]!)}${more}: ${role} package database`;
  });
}

function distrolessLine(): string {
  return 'var/lib/dpkg/status.d/ without var/lib/dpkg/status and no shell (bin/sh, busybox): a distroless image';
}

function describeRelease(fields: Record<string, string>): string {
  const shown = (['ID', 'VERSION_ID', 'PRETTY_NAME'] as const)
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}=${JSON.stringify(fields[key])}`);
  return shown.length > 0 ? shown.join(' ') : 'no ID, VERSION_ID or PRETTY_NAME';
}

function at(entry: ViewEntry): string {
  return `${entry.file.path} (layer ${entry.layer})`;
}
