/**
 * ECR's repository filter semantics (domain.md §2.1, D-ECR-FILTERS), evaluated the way ECR does so that
 * NO_MATCHING_SCAN_RULE can show, filter by filter, why a repository is not covered:
 * a filter without `*` matches any name that contains it; a filter with `*` must match the whole name,
 * `*` standing for zero or more characters.
 */
import type { ScanningRule } from '../domain/facts.js';
import { repoFilterMatches } from '../domain/repo-filter.js';

export interface FilterMatch {
  filter: string;
  filterType: string;
  mode: 'substring' | 'glob';
  matches: boolean;
  /** One plain sentence: which semantics applied and the outcome. */
  why: string;
}

export interface RuleMatch {
  scanFrequency: string;
  /** A rule matches when any of its filters does. */
  matches: boolean;
  filters: FilterMatch[];
}

export function matchFilter(filter: string, repositoryName: string, filterType = 'WILDCARD'): FilterMatch {
  if (!filter.includes('*')) {
    const matches = repoFilterMatches(filter, repositoryName);
    return {
      filter,
      filterType,
      mode: 'substring',
      matches,
      why: `"${filter}" has no "*", so it matches every repository name that contains "${filter}": "${repositoryName}" ${matches ? 'does' : 'does not'}.`,
    };
  }
  const matches = repoFilterMatches(filter, repositoryName);
  return {
    filter,
    filterType,
    mode: 'glob',
    matches,
    why: `"${filter}" has "*", so it must match the whole repository name, "*" standing for zero or more characters: "${repositoryName}" ${matches ? 'matches' : 'does not match'}.`,
  };
}

/** Every rule with every filter evaluated, in the registry's order. */
export function scanFilterMatch(rules: readonly ScanningRule[], repositoryName: string): RuleMatch[] {
  return rules.map((rule) => {
    const filters = rule.repositoryFilters.map((f) => matchFilter(f.filter, repositoryName, f.filterType));
    return { scanFrequency: rule.scanFrequency, matches: filters.some((f) => f.matches), filters };
  });
}
