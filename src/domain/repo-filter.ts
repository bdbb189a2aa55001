/**
 * Repository filters as ECR accepts them in scanning rules (domain.md §2.1): 1–255 characters matching
 * `^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$`. Digests and `/ecrscan expiring` take the same filters with the
 * same meaning (substring, or anchored glob with `*`), so a filter that works here works in ECR and back.
 *
 * ECR's pattern nests quantifiers and backtracks exponentially on a near-miss such as `aaaa…a!`; the text comes
 * from Slack, so it is checked with an equivalent pattern that cannot: runs of `[a-z0-9*]` joined by single
 * separators (`.`, `_`, `-`, `/`). A fast-check property in the tests compares the two on short inputs. The Slack
 * commands, the subscription store and the sandbox's PutRegistryScanningConfiguration all check with it.
 */
export const REPO_FILTER_MAX = 255;

/** ECR's own pattern, as its error messages quote it; never used to test input (see above). */
export const ECR_REPO_FILTER_PATTERN = '^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$';

const SAFE_PATTERN = /^[a-z0-9*]+(?:[._\-/][a-z0-9*]+)*$/;

/** Whether ECR would accept `filter` as a repository filter (length and pattern). */
export function isRepoFilter(filter: string): boolean {
  return filter.length >= 1 && filter.length <= REPO_FILTER_MAX && SAFE_PATTERN.test(filter);
}

export type RepoFilterCheck = { ok: true; filter: string } | { ok: false; problem: string };

export function checkRepoFilter(input: string): RepoFilterCheck {
  const shown = input.length > 60 ? `${input.slice(0, 60)}…` : input;
  if (input.length > REPO_FILTER_MAX) {
    return {
      ok: false,
      problem: `the repository filter "${shown}" is longer than ECR's ${REPO_FILTER_MAX} characters`,
    };
  }
  if (SAFE_PATTERN.test(input)) return { ok: true, filter: input };
  if (SAFE_PATTERN.test(input.toLowerCase())) {
    return {
      ok: false,
      problem: `repository filters are lower-case, like ECR repository names: "${input.toLowerCase()}", not "${shown}"`,
    };
  }
  return {
    ok: false,
    problem:
      `"${shown}" is not an ECR repository filter: use lower-case letters, digits and "*", joined by single ` +
      '".", "_", "-" or "/" (a filter without "*" matches names containing it; with "*" it must match the whole name)',
  };
}

/**
 * ECR's filter semantics: without `*`, `name` contains `filter`; with `*`, `filter` matches the whole name, `*`
 * standing for any run of characters. Matched with two pointers (back to the last `*` on a mismatch), at most
 * |filter| × |name| steps: a regular expression built from the filter backtracks exponentially on filters such
 * as `*******q`, and filters come from Slack users.
 */
export function repoFilterMatches(filter: string, name: string): boolean {
  if (!filter.includes('*')) return name.includes(filter);
  let f = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (f < filter.length && filter[f] === '*') {
      star = f++;
      resume = n;
    } else if (f < filter.length && filter[f] === name[n]) {
      f++;
      n++;
    } else if (star >= 0) {
      f = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (f < filter.length && filter[f] === '*') f++;
  return f === filter.length;
}
