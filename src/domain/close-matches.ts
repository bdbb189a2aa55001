/**
 * "Did you mean …?" for repository names and tags: the candidates closest to what was typed,
 * by edit distance (with transpositions), with a cut-off so unrelated names are not suggested.
 */
export function closeMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  const limit = Math.max(2, Math.floor(input.length / 3));
  for (const candidate of new Set(candidates)) {
    const distance = Math.min(
      score(input, candidate),
      score(input, candidate.slice(candidate.lastIndexOf('/') + 1)) + 0.5,
    );
    if (distance <= limit) scored.push({ candidate, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map((s) => s.candidate);
}

function score(input: string, candidate: string): number {
  const contains = candidate.includes(input) || input.includes(candidate);
  return contains ? Math.abs(candidate.length - input.length) * 0.5 : editDistance(input, candidate);
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
