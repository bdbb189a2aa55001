/**
 * ECR's registry scanning rules (domain.md §2.1): a filter without `*` matches any repository name that
 * contains it; with `*` it must match the whole name. Under ENHANCED, CONTINUOUS_SCAN beats SCAN_ON_PUSH;
 * a repository no rule matches is MANUAL (enhanced: "off").
 */
import type { ScanFrequency } from '../domain/aws-values.js';
import type { RepositoryFilter } from '../domain/facts.js';
import { repoFilterMatches } from '../domain/repo-filter.js';
import type { SandboxRegistry } from './world.js';

export const filterMatches = repoFilterMatches;

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
