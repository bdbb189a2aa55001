/**
 * Builds real image artifacts for the seeded world: gzip'd tar layers, an image config (history, os,
 * architecture, rootfs.diff_ids), and a Docker v2 or OCI manifest, all with true sha256 digests. Also
 * builds a Windows image (foreign base layer), an OCI index and an OCI 1.1 signature referrer.
 */
import { MEDIA_TYPES } from '../domain/aws-values.js';
import { sha256Digest } from './manifest-facts.js';
import { type FlavorKey, osFlavor } from './os-flavors.js';
import { gzipDeterministic, type TarEntry, tarSync } from './tar-gz.js';

export interface BuiltImage {
  manifest: string;
  digest: string;
  mediaType: string;
  artifactMediaType?: string;
  subjectManifestDigest?: string;
  sizeInBytes: number;
  /** Blobs the registry stores for this image (config + non-foreign layers), all present in `blobs`. */
  blobDigests: string[];
  blobs: Map<string, Uint8Array>;
  platform: { architecture: string; inspectorPlatform?: string; os: string };
}

export interface ImageRecipe {
  flavor: FlavorKey;
  arch?: 'amd64' | 'arm64';
  format?: 'docker' | 'oci';
  /** The application layer: one file at `path` (parent directories are added). */
  app: { path: string; content: string | Uint8Array; createdBy: string };
  cmd: string[];
  created: string;
  labels?: Record<string, string>;
}

interface Layer {
  digest: string;
  diffId: string;
  bytes: Uint8Array;
}

const LAYER_TYPES = {
  docker: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  oci: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;
const FOREIGN_LAYER = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip';
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function layer(entries: TarEntry[]): Layer {
  const tar = tarSync(entries);
  const bytes = gzipDeterministic(tar);
  return { digest: sha256Digest(bytes), diffId: sha256Digest(tar), bytes };
}

function withParents(path: string, content: string | Uint8Array): TarEntry[] {
  const parts = path.split('/');
  const parents = parts.slice(0, -1).map((_, i) => ({ name: `${parts.slice(0, i + 1).join('/')}/` }));
  return [...parents, { name: path, content, mode: 0o755 }];
}

function assemble(
  format: 'docker' | 'oci',
  config: object,
  layers: { mediaType: string; digest: string; size: number; urls?: string[] }[],
  blobs: Map<string, Uint8Array>,
  platform: BuiltImage['platform'],
): BuiltImage {
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = sha256Digest(configBytes);
  blobs.set(configDigest, configBytes);
  const mediaType = format === 'docker' ? MEDIA_TYPES.dockerManifestV2 : MEDIA_TYPES.ociManifest;
  const configType = format === 'docker' ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig;
  const manifest = JSON.stringify(
    {
      schemaVersion: 2,
      mediaType,
      config: { mediaType: configType, size: configBytes.length, digest: configDigest },
      layers,
    },
    null,
    format === 'docker' ? 3 : undefined,
  );
  return {
    manifest,
    digest: sha256Digest(manifest),
    mediaType,
    artifactMediaType: configType,
    sizeInBytes: layers.reduce((sum, l) => sum + l.size, 0),
    blobDigests: [...blobs.keys()],
    blobs,
    platform,
  };
}

export function buildImage(recipe: ImageRecipe): BuiltImage {
  const arch = recipe.arch ?? 'amd64';
  const format = recipe.format ?? 'docker';
  const flavor = osFlavor(recipe.flavor, arch);
  const layers: Layer[] = [];
  const history: object[] = [];
  if (flavor.files.length > 0) {
    layers.push(layer(flavor.files));
    history.push({ created: '2025-08-11T00:00:00Z', created_by: flavor.baseCreatedBy });
  }
  layers.push(layer(withParents(recipe.app.path, recipe.app.content)));
  history.push({ created: recipe.created, created_by: recipe.app.createdBy, comment: 'buildkit.dockerfile.v0' });
  history.push({
    created: recipe.created,
    created_by: `CMD ${JSON.stringify(recipe.cmd)}`,
    comment: 'buildkit.dockerfile.v0',
    empty_layer: true,
  });
  const config = {
    architecture: arch,
    config: { Env: [PATH_ENV], Cmd: recipe.cmd, WorkingDir: '/', Labels: recipe.labels ?? {} },
    created: recipe.created,
    history,
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
  };
  const blobs = new Map<string, Uint8Array>();
  for (const l of layers) blobs.set(l.digest, l.bytes);
  const descriptors = layers.map((l) => ({ mediaType: LAYER_TYPES[format], size: l.bytes.length, digest: l.digest }));
  return assemble(format, config, descriptors, blobs, {
    architecture: arch,
    inspectorPlatform: flavor.inspectorPlatform,
    os: 'linux',
  });
}

/** Windows Server 2022 servercore-based image: a foreign base layer pulled from mcr.microsoft.com, plus a real app layer. */
export function buildWindowsImage(created: string): BuiltImage {
  const foreignDiff = sha256Digest('windows/servercore:ltsc2022 base layer (not stored)');
  const foreignDigest = sha256Digest('windows/servercore:ltsc2022 base layer gzip (not stored)');
  const app = layer([
    { name: 'Files/' },
    { name: 'Files/app/' },
    { name: 'Files/app/service.exe', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]) },
    { name: 'Hives/' },
  ]);
  const config = {
    architecture: 'amd64',
    config: { Env: [], Cmd: ['C:\\app\\service.exe'], WorkingDir: 'C:\\app' },
    created,
    history: [
      { created: '2025-09-09T00:00:00Z', created_by: 'Apply image 10.0.20348.4171' },
      { created, created_by: 'COPY service.exe C:/app/ # buildkit', comment: 'buildkit.dockerfile.v0' },
    ],
    os: 'windows',
    'os.version': '10.0.20348.4171',
    rootfs: { type: 'layers', diff_ids: [foreignDiff, app.diffId] },
  };
  const foreign = {
    mediaType: FOREIGN_LAYER,
    size: 1_510_834_016,
    digest: foreignDigest,
    urls: [`https://mcr.microsoft.com/v2/windows/servercore/blobs/${foreignDigest}`],
  };
  const blobs = new Map<string, Uint8Array>([[app.digest, app.bytes]]);
  const appDescriptor = { mediaType: LAYER_TYPES.docker, size: app.bytes.length, digest: app.digest };
  return assemble('docker', config, [foreign, appDescriptor], blobs, { architecture: 'amd64', os: 'windows' });
}

/** An OCI image index over per-platform children; ECR reports the largest child's size for it. */
export function buildIndex(children: BuiltImage[]): BuiltImage {
  const manifests = children.map((c) => ({
    mediaType: c.mediaType,
    digest: c.digest,
    size: Buffer.byteLength(c.manifest),
    platform: { architecture: c.platform.architecture, os: c.platform.os },
  }));
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests });
  return {
    manifest,
    digest: sha256Digest(manifest),
    mediaType: MEDIA_TYPES.ociIndex,
    sizeInBytes: Math.max(...children.map((c) => c.sizeInBytes)),
    blobDigests: [],
    blobs: new Map(),
    platform: { architecture: 'multi', os: 'linux' },
  };
}

/** A cosign (sigstore bundle) signature stored as an OCI 1.1 referrer of `subject`. */
export function buildSignature(subject: BuiltImage, created: string): BuiltImage {
  const empty = Buffer.from('{}');
  const bundle = Buffer.from(
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      messageSignature: {
        messageDigest: {
          algorithm: 'SHA2_256',
          digest: Buffer.from(subject.digest.slice(7), 'hex').toString('base64'),
        },
      },
    }),
  );
  const bundleType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
  const emptyDigest = sha256Digest(empty);
  const bundleDigest = sha256Digest(bundle);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    artifactType: bundleType,
    config: { mediaType: MEDIA_TYPES.ociEmpty, digest: emptyDigest, size: 2, data: 'e30=' },
    layers: [{ mediaType: bundleType, digest: bundleDigest, size: bundle.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: Buffer.byteLength(subject.manifest) },
    annotations: { 'dev.sigstore.bundle.content': 'message-signature', 'org.opencontainers.image.created': created },
  });
  return {
    manifest,
    digest: sha256Digest(manifest),
    mediaType: MEDIA_TYPES.ociManifest,
    artifactMediaType: bundleType,
    subjectManifestDigest: subject.digest,
    sizeInBytes: bundle.length,
    blobDigests: [emptyDigest, bundleDigest],
    blobs: new Map([
      [emptyDigest, empty],
      [bundleDigest, bundle],
    ]),
    platform: { architecture: 'unknown', os: 'unknown' },
  };
}
