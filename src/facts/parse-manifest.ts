/**
 * Reads what `BatchGetImage` returned (domain.md §3.2, §6.3): is it a runnable image, a manifest list / OCI index
 * (scanned per platform child, never as a whole), or an artifact such as a signature, SBOM or Helm chart
 * (never scanned). Structure decides, not the declared media type alone, because OCI manifests may omit
 * `mediaType` and cosign signatures declare an image config while carrying only a signature payload.
 */
import { IMAGE_CONFIG_MEDIA_TYPES, INDEX_MEDIA_TYPES, MEDIA_TYPES } from '../domain/aws-values.js';
import type { ManifestFacts, PlatformChild } from '../domain/image-facts.js';
import { arr, type Json, num, obj, parseJsonObject, str, withDefined } from './manifest-json.js';
import { layerFormat, SCHEMA1_LAYER_MEDIA_TYPE } from './manifest-media-types.js';

export interface ManifestDescriptor {
  digest: string;
  mediaType: string;
  size?: number;
}

const SCHEMA1_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v1+json';
const SCHEMA1_SIGNED_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

export function parseManifest(raw: string, mediaTypeHint?: string): ManifestFacts {
  const doc = parseJsonObject(raw, 'image manifest');
  if (doc.schemaVersion === 1) {
    const fallback = doc.signatures === undefined ? SCHEMA1_MEDIA_TYPE : SCHEMA1_SIGNED_MEDIA_TYPE;
    return { mediaType: str(doc.mediaType) ?? mediaTypeHint ?? fallback, kind: 'image' };
  }
  const subjectDigest = str(obj(doc.subject)?.digest);
  const declaredArtifactType = str(doc.artifactType);
  const isIndex = Array.isArray(doc.manifests) && doc.config === undefined;
  const declared = str(doc.mediaType) ?? mediaTypeHint;
  if (isIndex || (declared !== undefined && INDEX_MEDIA_TYPES.includes(declared) && doc.config === undefined)) {
    const mediaType = declared ?? MEDIA_TYPES.ociIndex;
    if (declaredArtifactType !== undefined) {
      return withDefined({ mediaType, kind: 'artifact', artifactType: declaredArtifactType, subjectDigest });
    }
    const { platforms, attestations } = indexChildren(doc.manifests);
    return withDefined({
      mediaType,
      kind: 'index',
      platforms,
      attestations: attestations.length > 0 ? attestations : undefined,
      subjectDigest,
    });
  }

  const mediaType = declared ?? MEDIA_TYPES.ociManifest;
  const configMediaType = str(obj(doc.config)?.mediaType);
  const artifactType = declaredArtifactType ?? nonImageType(configMediaType, layerMediaTypes(doc));
  return withDefined({
    mediaType,
    kind: artifactType === undefined ? 'image' : 'artifact',
    configMediaType,
    artifactType,
    subjectDigest,
  });
}

/** The config blob's descriptor; `undefined` for schema 1 manifests and indexes, which have none. */
export function configOf(raw: string): ManifestDescriptor | undefined {
  const config = obj(parseJsonObject(raw, 'image manifest').config);
  const digest = str(config?.digest);
  if (config === undefined || digest === undefined) return undefined;
  return withDefined({ digest, mediaType: str(config.mediaType) ?? '', size: num(config.size) });
}

export function configDigestOf(raw: string): string | undefined {
  return configOf(raw)?.digest;
}

/** Layers base first. Schema 1 lists `fsLayers` top first, so they are reversed here. */
export function layersOf(raw: string): ManifestDescriptor[] {
  const doc = parseJsonObject(raw, 'image manifest');
  if (doc.schemaVersion === 1) {
    return arr(doc.fsLayers)
      .map((layer) => str(obj(layer)?.blobSum))
      .filter((digest) => digest !== undefined)
      .reverse()
      .map((digest) => ({ digest, mediaType: SCHEMA1_LAYER_MEDIA_TYPE }));
  }
  const layers: ManifestDescriptor[] = [];
  for (const item of arr(doc.layers)) {
    const layer = obj(item);
    const digest = str(layer?.digest);
    if (digest === undefined) continue;
    layers.push(withDefined({ digest, mediaType: str(layer?.mediaType) ?? '', size: num(layer?.size) }));
  }
  return layers;
}

/** A non-image config type, or layers that are all payloads (cosign `.sig` manifests declare an image config). */
function nonImageType(configMediaType: string | undefined, layerTypes: string[]): string | undefined {
  if (configMediaType !== undefined && !IMAGE_CONFIG_MEDIA_TYPES.includes(configMediaType)) return configMediaType;
  if (layerTypes.length > 0 && layerTypes.every((type) => layerFormat(type) === undefined)) return layerTypes[0];
  return undefined;
}

function layerMediaTypes(doc: Json): string[] {
  return arr(doc.layers)
    .map((layer) => str(obj(layer)?.mediaType))
    .filter((type) => type !== undefined);
}

function indexChildren(manifests: unknown): { platforms: PlatformChild[]; attestations: string[] } {
  const platforms: PlatformChild[] = [];
  const attestations: string[] = [];
  for (const item of arr(manifests)) {
    const child = obj(item);
    const digest = str(child?.digest);
    if (child === undefined || digest === undefined) continue;
    const platform = obj(child.platform);
    const os = str(platform?.os);
    const architecture = str(platform?.architecture);
    const referenceType = str(obj(child.annotations)?.['vnd.docker.reference.type']);
    if (referenceType === 'attestation-manifest' || (os === 'unknown' && architecture === 'unknown')) {
      attestations.push(digest);
      continue;
    }
    platforms.push(
      withDefined({
        digest,
        os,
        architecture,
        variant: str(platform?.variant),
        osVersion: str(platform?.['os.version']),
      }),
    );
  }
  return { platforms, attestations };
}
