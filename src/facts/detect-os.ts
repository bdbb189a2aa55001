/**
 * Which operating system an ECR image has, for the "unsupported image" diagnoses (domain.md §6.4): the config blob
 * first (small; enough for Windows), then, only when needed, the layers streamed base first under a byte bound.
 * Image content problems (bad JSON, corrupt or unreadable layers) become `unknown` with evidence; only errors of
 * the ECR port (AwsError: access denied, layer not found, throttling…) reach the caller.
 */
import type { EcrPort } from '../aws/ports.js';
import type { ManifestFacts, OsDetection } from '../domain/image-facts.js';
import { shortDigest } from '../domain/text.js';
import { arr, obj, parseJsonObject, str } from './manifest-json.js';
import { layerFormat } from './manifest-media-types.js';
import { classifyLayers } from './os-classify.js';
import { type ConfigSummary, summariseConfig } from './os-config.js';
import { kib, scanLayers } from './os-scan-layers.js';
import { configOf, layersOf, type ManifestDescriptor, parseManifest } from './parse-manifest.js';

export interface DetectOsDeps {
  ecr: Pick<EcrPort, 'getDownloadUrlForLayer' | 'fetchBlob' | 'streamBlob'>;
}

export interface DetectOsOptions {
  /** Largest config blob read. Default 1 MiB. */
  maxConfigBytes?: number;
  /** Compressed bytes read in total across layers. Default 64 MiB. */
  maxLayerBytes?: number;
  /** Most layers downloaded. Default: all. */
  maxLayers?: number;
}

const DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;
const DEFAULT_MAX_LAYER_BYTES = 64 * 1024 * 1024;

export async function detectOs(
  deps: DetectOsDeps,
  repositoryName: string,
  manifestRaw: string,
  opts: DetectOsOptions = {},
): Promise<OsDetection> {
  let manifest: ManifestFacts;
  let layers: ManifestDescriptor[];
  try {
    manifest = parseManifest(manifestRaw);
    layers = layersOf(manifestRaw);
  } catch (err) {
    return fromConfig('unknown', [(err as Error).message]);
  }
  if (manifest.kind === 'index') {
    const children = manifest.platforms?.length ?? 0;
    return fromConfig('unknown', [
      `manifest is ${manifest.mediaType} with ${children} platform children: each child image has its own OS`,
    ]);
  }
  if (manifest.kind === 'artifact') {
    return fromConfig('unknown', [
      `manifest is an artifact (${manifest.artifactType ?? manifest.configMediaType}), not a container image: it has no OS`,
    ]);
  }

  const evidence: string[] = [];
  const maxConfigBytes = opts.maxConfigBytes ?? DEFAULT_MAX_CONFIG_BYTES;
  const config = await readConfig(deps.ecr, repositoryName, manifestRaw, maxConfigBytes, evidence);
  if (config === 'malformed') return fromConfig('unknown', evidence);
  evidence.push(...(config?.platform ?? []));
  const platform = { os: config?.os, architecture: config?.architecture, osVersion: config?.osVersion };

  const foreign = layers.filter((layer) => layerFormat(layer.mediaType)?.foreign);
  if (foreign.length > 0) {
    evidence.push(
      `${foreign.length} of ${layers.length} layers are foreign (${foreign[0]!.mediaType}): Windows base layers`,
    );
  }
  if (config?.os === 'windows' || (config?.os === undefined && foreign.length > 0)) {
    return fromConfig('windows', evidence, { ...platform, os: 'windows' });
  }

  evidence.push(...(config?.hints ?? []));
  const scan = await scanLayers(
    deps.ecr,
    repositoryName,
    layers,
    { maxBytes: opts.maxLayerBytes ?? DEFAULT_MAX_LAYER_BYTES, maxLayers: opts.maxLayers ?? Number.POSITIVE_INFINITY },
    evidence,
  );
  return classifyLayers(platform, scan, layers.length, evidence);
}

/** `undefined` when there is no config to read (noted in evidence); `malformed` when it is not a JSON object. */
async function readConfig(
  ecr: DetectOsDeps['ecr'],
  repositoryName: string,
  manifestRaw: string,
  maxBytes: number,
  evidence: string[],
): Promise<ConfigSummary | 'malformed' | undefined> {
  const descriptor = configOf(manifestRaw);
  if (!descriptor) return schema1Config(manifestRaw, evidence);
  if (descriptor.size !== undefined && descriptor.size > maxBytes) {
    evidence.push(
      `config blob ${shortDigest(descriptor.digest)} is ${kib(descriptor.size)}, over ${kib(maxBytes)}; not read`,
    );
    return undefined;
  }
  const url = await ecr.getDownloadUrlForLayer(repositoryName, descriptor.digest);
  const bytes = await ecr.fetchBlob(url, maxBytes);
  try {
    return summariseConfig(
      parseJsonObject(new TextDecoder().decode(bytes), `config blob ${shortDigest(descriptor.digest)}`),
    );
  } catch (err) {
    evidence.push(`${(err as Error).message}: the image config is unusable`);
    return 'malformed';
  }
}

/** Schema 1 manifests have no config blob; `history[0].v1Compatibility` holds the top layer's config. */
function schema1Config(manifestRaw: string, evidence: string[]): ConfigSummary | undefined {
  const doc = parseJsonObject(manifestRaw, 'image manifest');
  const v1 = doc.schemaVersion === 1 ? str(obj(arr(doc.history)[0])?.v1Compatibility) : undefined;
  if (v1 === undefined) {
    evidence.push('manifest has no config descriptor: the platform is unknown');
    return undefined;
  }
  try {
    const summary = summariseConfig(parseJsonObject(v1, 'schema 1 history[0].v1Compatibility'));
    evidence.push('schema 1 manifest: platform read from history[0].v1Compatibility');
    return { ...summary, hints: [] };
  } catch (err) {
    evidence.push(`${(err as Error).message}: the platform is unknown`);
    return undefined;
  }
}

function fromConfig(
  kind: 'windows' | 'unknown',
  evidence: string[],
  platform: { os?: string; architecture?: string; osVersion?: string } = {},
): OsDetection {
  const detection: OsDetection = { source: 'config', kind, evidence, bytesRead: 0 };
  if (platform.os !== undefined) detection.os = platform.os;
  if (platform.architecture !== undefined) detection.architecture = platform.architecture;
  if (platform.osVersion !== undefined) detection.osVersion = platform.osVersion;
  return detection;
}
