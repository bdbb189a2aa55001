/**
 * What ECR derives from a pushed manifest: media type, artifact media type (INFERRED: `artifactType`, else
 * `config.mediaType`; UNVERIFIED), subject (referrers), the blobs it stores and the image size
 * (sum of layer sizes; for an index the largest child is what ECR reports, which a bare index cannot know).
 */
import { createHash } from 'node:crypto';

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  urls?: string[];
}

interface ManifestJson {
  mediaType?: string;
  artifactType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
}

export interface ManifestFacts {
  digest: string;
  mediaType: string | undefined;
  artifactMediaType?: string;
  subjectManifestDigest?: string;
  /** Config and non-foreign layers: the blobs a registry stores for the image. */
  blobDigests: string[];
  sizeInBytes: number;
}

export function sha256Digest(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

const FOREIGN = /foreign|nondistributable/;

/** Throws SyntaxError when the text is not a JSON object. */
export function manifestFacts(text: string, mediaTypeParam?: string): ManifestFacts {
  const parsed = JSON.parse(text) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
  const json = parsed as ManifestJson;
  const layers = json.layers ?? [];
  const stored = [json.config, ...layers].filter(
    (d): d is Descriptor & { digest: string } => typeof d?.digest === 'string' && !FOREIGN.test(d.mediaType ?? ''),
  );
  return {
    digest: sha256Digest(text),
    mediaType: mediaTypeParam ?? json.mediaType,
    artifactMediaType: json.artifactType ?? json.config?.mediaType,
    subjectManifestDigest: json.subject?.digest,
    blobDigests: stored.map((d) => d.digest),
    sizeInBytes: layers.reduce((sum, l) => sum + (l.size ?? 0), 0),
  };
}
