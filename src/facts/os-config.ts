/**
 * What an image config blob (OCI image-spec config, or the `v1Compatibility` of a schema 1 manifest) says about
 * the OS. Only `os = windows` settles the question (domain.md §6.4 step 3): a history that starts with the app's
 * COPY looks the same for FROM scratch and for a distroless base without history, so for Linux the config only
 * adds hints and the layers decide.
 */
import { arr, type Json, obj, str } from './manifest-json.js';

export interface ConfigSummary {
  os?: string;
  architecture?: string;
  variant?: string;
  osVersion?: string;
  /** Evidence lines about the platform. */
  platform: string[];
  /** Evidence lines from labels and build history: hints, never conclusive on their own. */
  hints: string[];
}

/** Windows Server releases by build number, as Microsoft numbers them (`os.version` is `10.0.<build>.<revision>`). */
const WINDOWS_SERVER_BUILDS: Record<string, string> = {
  '14393': 'Windows Server 2016',
  '17763': 'Windows Server 2019',
  '20348': 'Windows Server 2022',
  '26100': 'Windows Server 2025',
};

const BASE_LABELS = ['org.opencontainers.image.base.name', 'org.opencontainers.image.version'] as const;
/** A base image's root filesystem step: `ADD file:<hash> in /` (classic builder) or `ADD rootfs.tar.gz /`. */
const BASE_ADD = /\bADD (?:--\S+ )*(?:file:\S+|\S+\.(?:tar(?:\.\w+)?|tgz|txz)) (?:in )?\/\s*(?:#.*)?$/;
const COPY_OR_ADD = /^(?:\/bin\/sh -c #\(nop\)\s*)?(?:COPY|ADD)\b/;

export function summariseConfig(doc: Json): ConfigSummary {
  const summary: ConfigSummary = { platform: [], hints: [] };
  const os = str(doc.os);
  const architecture = str(doc.architecture);
  const variant = str(doc.variant);
  const osVersion = str(doc['os.version']);
  if (os !== undefined) summary.os = os;
  if (architecture !== undefined) summary.architecture = architecture;
  if (variant !== undefined) summary.variant = variant;
  if (osVersion !== undefined) summary.osVersion = osVersion;

  const parts = [`config.os = ${quote(os)}`, `config.architecture = ${quote(architecture)}`];
  if (variant !== undefined) parts.push(`config.variant = ${quote(variant)}`);
  summary.platform.push(parts.join(', '));
  if (osVersion !== undefined) {
    const release = windowsRelease(osVersion);
    summary.platform.push(`config["os.version"] = ${quote(osVersion)}${release ? ` (${release})` : ''}`);
  }

  const labels = obj(obj(doc.config)?.Labels);
  for (const label of BASE_LABELS) {
    const value = str(labels?.[label]);
    if (value !== undefined) summary.hints.push(`config.Labels["${label}"] = ${quote(value)}`);
  }
  summary.hints.push(...historyHints(doc.history));
  return summary;
}

/** The marketing name of a Windows build, when known. */
export function windowsRelease(osVersion: string): string | undefined {
  return WINDOWS_SERVER_BUILDS[osVersion.split('.')[2] ?? ''];
}

function historyHints(history: unknown): string[] {
  const steps = arr(history).map((item, index) => ({
    index,
    createdBy: str(obj(item)?.created_by) ?? '',
    emptyLayer: obj(item)?.empty_layer === true,
  }));
  if (steps.length === 0) {
    return ['config.history is empty (distroless and ko- or Bazel-built images often have none)'];
  }
  const base = steps.find((step) => BASE_ADD.test(step.createdBy));
  if (base) return [`history[${base.index}].created_by = ${quote(short(base.createdBy))}: a base image's filesystem`];
  const first = steps.find((step) => !step.emptyLayer);
  if (first && COPY_OR_ADD.test(first.createdBy)) {
    return [
      `history[${first.index}].created_by = ${quote(short(first.createdBy))}: the first layer copies files in, ` +
        'with no base "ADD file:… in /" step (FROM scratch, or a base image without history)',
    ];
  }
  return [];
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

function quote(value: string | undefined): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}
