/**
 * ECR's registry scanning rules (domain.md §2.1): a filter without `*` matches any repository name that
 * contains it; with `*` it must match the whole name. Under ENHANCED, CONTINUOUS_SCAN beats SCAN_ON_PUSH;
 * a repository no rule matches is MANUAL (enhanced: "off").
 */
import type { ScanFrequency } from '../domain/aws-values.js';
import type { RepositoryFilter } from '../domain/facts.js';
import type { SandboxRegistry } from './world.js';

const globs = new Map<string, RegExp>();

export function filterMatches(filter: string, name: string): boolean {
  if (!filter.includes('*')) return name.includes(filter);
  let glob = globs.get(filter);
  if (!glob) {
    const pattern = filter
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&'))
      .join('.*');
    glob = new RegExp(`^${pattern}$`);
    globs.set(filter, glob);
  }
  return glob.test(name);
}

export interface EffectiveScanning {
  frequency: ScanFrequency;
  appliedScanFilters: RepositoryFilter[];
}

export function effectiveScanning(registry: SandboxRegistry, repositoryName: string): EffectiveScanning {
  const order: ScanFrequency[] =
    registry.scanType === 'ENHANCED' ? ['CONTINUOUS_SCAN', 'SCAN_ON_PUSH'] : ['SCAN_ON_PUSH'];
  for (const frequency of order) {
    const applied = registry.rules
      .filter((rule) => rule.scanFrequency === frequency)
      .flatMap((rule) => rule.repositoryFilters)
      .filter((f) => filterMatches(f.filter, repositoryName));
    if (applied.length > 0) return { frequency, appliedScanFilters: applied };
  }
  return { frequency: 'MANUAL', appliedScanFilters: [] };
}
