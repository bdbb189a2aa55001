/**
 * Every drill ends with the same few lines: what was tried, how many requests, and how many were lost,
 * duplicated or answered with a crash, so the outcome can be read from the test output (and the notes).
 */
export interface DrillSummary {
  drill: string;
  tried: string;
  requests: number;
  lost: number;
  duplicated: number;
  crashed: number;
  /** Further counts worth reading (outcomes by kind, AWS calls, …). */
  details: Record<string, number | string>;
}

export function printDrill(summary: DrillSummary): DrillSummary {
  const verdict =
    summary.lost + summary.duplicated + summary.crashed === 0
      ? 'none lost, none duplicated, none answered with a crash'
      : `LOST ${summary.lost}, DUPLICATED ${summary.duplicated}, CRASHED ${summary.crashed}`;
  const details = Object.entries(summary.details)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  console.log(
    [
      `[drill] ${summary.drill}`,
      `  tried:    ${summary.tried}`,
      `  requests: ${summary.requests}`,
      `  result:   ${verdict}`,
      ...(details ? [`  details:  ${details}`] : []),
    ].join('\n'),
  );
  return summary;
}
