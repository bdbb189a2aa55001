/**
 * One diagnosis as a small group of blocks: what is wrong (title, cause), the proof (evidence), what to do (fix)
 * and, for UNDEFINED_SEVERITY, the unrated findings. Each part has its own cap, so a single diagnosis always fits
 * the message budget however long the AWS text behind it is; the full text stays available in the CLI and JSON.
 */
import type { KnownBlock } from '@slack/types';
import type { Diagnosis, DiagnosisSeverity, Evidence } from '../../diagnosis/types.js';
import { findingLine } from './finding-line.js';
import { formatFixSteps } from './fix-steps.js';
import { context, section } from './message.js';
import { code } from './mrkdwn.js';
import { prose, proseLine } from './slack-format.js';
import { truncate, truncateMrkdwn } from './truncate.js';

const CAUSE_MAX = 1500;
const EVIDENCE_MAX = 1800;
const FIX_MAX = 2000;
/** Findings listed in the message; the rest are behind Show findings. */
export const FINDINGS_SHOWN = 10;

const SEVERITY_MARK: Readonly<Record<DiagnosisSeverity, { emoji: string; word: string }>> = {
  blocking: { emoji: ':no_entry:', word: 'Blocking' },
  warning: { emoji: ':warning:', word: 'Warning' },
  info: { emoji: ':information_source:', word: 'Info' },
};

export function diagnosisBlocks(d: Diagnosis): KnownBlock[] {
  const blocks: KnownBlock[] = [section(summary(d))];
  const evidence = evidenceText(d);
  if (evidence) blocks.push(context(evidence));
  if (d.findings?.length) blocks.push(section(findingsText(d)));
  if (d.fix.length) blocks.push(section(`*Fix*\n${formatFixSteps(d.fix, FIX_MAX)}`));
  return blocks;
}

function summary(d: Diagnosis): string {
  const mark = SEVERITY_MARK[d.severity] ?? SEVERITY_MARK.info;
  const likely = d.certainty === 'likely' ? ' _(likely)_' : '';
  const tags = [code(d.code), mark.word];
  if (d.platform) tags.push(`platform ${code(d.platform, 60)}`);
  const title = `${mark.emoji} *${proseLine(truncate(d.title.trim(), 300))}*${likely}`;
  const cause = truncateMrkdwn(prose(d.cause.trim()), CAUSE_MAX);
  return [title, tags.join(' · '), cause].filter((l) => l !== '').join('\n');
}

/** The UNDEFINED findings are listed in their own block, so their evidence lines would only repeat them. */
function evidenceText(d: Diagnosis): string {
  const listed = new Set((d.findings ?? []).map((f) => f.id));
  const lines = d.evidence.filter((e) => !listed.has(e.label)).map(evidenceLine);
  if (lines.length === 0) return '';
  return truncateMrkdwn(`*Evidence*\n${lines.join('\n')}`, EVIDENCE_MAX);
}

function evidenceLine(e: Evidence): string {
  const value = code(e.value, 300) || '_(empty)_';
  return `• ${proseLine(truncate(e.label, 120))}: ${value} — ${proseLine(truncate(e.source, 160))}`;
}

function findingsText(d: Diagnosis): string {
  const findings = d.findings ?? [];
  const shown = findings.slice(0, FINDINGS_SHOWN).map((f) => truncateMrkdwn(findingLine(f), 280));
  const more = findings.length - shown.length;
  const head = more > 0 ? `*Findings* (${shown.length} of ${findings.length})` : `*Findings* (${findings.length})`;
  const tail = more > 0 ? [`… and ${more} more — *Show findings*`] : [];
  return [head, ...shown, ...tail].join('\n');
}
