/**
 * `ecrscan why` as readable text: colour on a terminal, plain otherwise. Pure: view in, string out.
 */
import type { Diagnosis } from '../diagnosis/types.js';
import type { VulnerabilityFinding } from '../domain/facts.js';
import type { ExplanationView } from '../usecases/explanation-view.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLOUR: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
  green: ansi(32, 39),
};
const id = (s: string) => s;
export const PLAIN: Style = { bold: id, dim: id, red: id, yellow: id, cyan: id, green: id };

const MARK = { blocking: '✖ BLOCKING', warning: '▲ WARNING', info: '● INFO' } as const;
const FINDINGS_SHOWN = 20;

export function renderExplanation(view: ExplanationView, style: Style = PLAIN): string {
  const { image, scan } = view;
  const lines: string[] = [];
  lines.push(style.bold(image.reference));
  lines.push(
    style.dim(
      `  account ${image.accountId} · ${image.region} · ${image.digest}` +
        (image.target !== 'default' ? ` · target ${image.target}` : ''),
    ),
  );
  const scanLine = [`scan ${scan.type ?? 'unknown'}`, scan.frequency ?? 'frequency unknown', `status ${scan.status}`];
  lines.push(`  ${scanLine.join(' · ')}${scan.description ? `: ${scan.description}` : ''}`);
  const dates = [
    image.pushedAt && `pushed ${image.pushedAt.slice(0, 10)}`,
    image.lastPulledAt && `last pulled ${image.lastPulledAt.slice(0, 10)}`,
    scan.completedAt && `scanned ${scan.completedAt.slice(0, 16).replace('T', ' ')} UTC`,
  ].filter(Boolean);
  if (dates.length) lines.push(style.dim(`  ${dates.join(' · ')}`));
  for (const diagnosis of view.diagnoses) lines.push('', ...renderDiagnosis(diagnosis, style));
  const counts = Object.entries(view.severityCounts).filter(([, n]) => n > 0);
  if (counts.length) lines.push('', `Severity counts: ${counts.map(([k, n]) => `${k} ${n}`).join(' · ')}`);
  lines.push(style.dim(`Console: ${view.consoleUrl}`));
  return `${lines.join('\n')}\n`;
}

function renderDiagnosis(d: Diagnosis, style: Style): string[] {
  const colour = d.severity === 'blocking' ? style.red : d.severity === 'warning' ? style.yellow : style.cyan;
  const platform = d.platform ? ` [${d.platform}]` : '';
  const likely = d.certainty === 'likely' ? style.dim(' (likely)') : '';
  const out = [`${colour(MARK[d.severity])}  ${style.bold(d.code)}${platform} — ${d.title}${likely}`];
  out.push(...wrap(d.cause, '   '));
  if (d.evidence.length) {
    out.push(style.dim('   Evidence:'));
    for (const e of d.evidence) out.push(style.dim(`     • ${e.label}: ${e.value}  (${e.source})`));
  }
  if (d.findings?.length) {
    out.push('   Findings:');
    for (const f of d.findings.slice(0, FINDINGS_SHOWN)) out.push(`     • ${findingLine(f)}`);
    if (d.findings.length > FINDINGS_SHOWN)
      out.push(`     … and ${d.findings.length - FINDINGS_SHOWN} more (use --json)`);
  }
  if (d.fix.length) {
    out.push('   Fix:');
    d.fix.forEach((step, i) => {
      out.push(...wrap(step, `     ${i + 1}. `, '        '));
    });
  }
  return out;
}

export function findingLine(f: VulnerabilityFinding): string {
  const pkg = f.packages[0];
  const parts = [f.id, pkg ? `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''}` : undefined];
  if (f.vendorSeverity) parts.push(`vendor severity ${f.vendorSeverity}`);
  if (f.cvss) parts.push(`CVSS ${f.cvss.score}${f.cvss.version ? ` (v${f.cvss.version})` : ''}`);
  if (f.links[0]) parts.push(f.links[0]);
  return parts.filter(Boolean).join(' · ');
}

function wrap(text: string, first: string, rest = first, width = 100): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && (line + word).length > width) {
        out.push(line.trimEnd());
        line = '';
      }
      line += `${word} `;
    }
    out.push(line.trimEnd());
  }
  return out.map((l, i) => (i === 0 ? first : rest) + l);
}
