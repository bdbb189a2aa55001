import { describe, expect, it } from 'vitest';
import { MEDIA_TYPES } from '../../src/domain/aws-values.js';
import type { ManifestFacts } from '../../src/domain/image-facts.js';
import { configDigestOf, configOf, layersOf, parseManifest } from '../../src/facts/parse-manifest.js';

const d = (char: string) => `sha256:${char.repeat(64)}`;
const json = (value: unknown) => JSON.stringify(value);

const dockerImage = json({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.dockerManifestV2,
  config: { mediaType: MEDIA_TYPES.dockerConfig, size: 1469, digest: d('c') },
  layers: [
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 29126484, digest: d('1') },
    { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 4096, digest: d('2') },
  ],
});

/** OCI manifests may omit `mediaType`; BatchGetImage's `imageManifestMediaType` then names it. */
const ociImageNoMediaType = json({
  schemaVersion: 2,
  config: { mediaType: MEDIA_TYPES.ociConfig, size: 700, digest: d('c') },
  layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', size: 10, digest: d('1') }],
});

const buildxIndex = json({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociIndex,
  manifests: [
    { mediaType: MEDIA_TYPES.ociManifest, digest: d('a'), size: 1, platform: { architecture: 'amd64', os: 'linux' } },
    {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: d('b'),
      size: 1,
      platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    },
    {
      mediaType: MEDIA_TYPES.ociManifest,
      digest: d('e'),
      size: 1,
      annotations: { 'vnd.docker.reference.digest': d('a'), 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { architecture: 'unknown', os: 'unknown' },
    },
  ],
});

const windowsList = json({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.dockerManifestList,
  manifests: [
    {
      mediaType: MEDIA_TYPES.dockerManifestV2,
      digest: d('f'),
      size: 1,
      platform: { architecture: 'amd64', os: 'windows', 'os.version': '10.0.20348.2527' },
    },
    {
      mediaType: MEDIA_TYPES.dockerManifestV2,
      digest: d('0'),
      size: 1,
      platform: { architecture: 'amd64', os: 'unknown' },
    },
  ],
});

const helmChart = json({
  schemaVersion: 2,
  config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: d('c'), size: 117 },
  layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: d('1'), size: 3000 }],
});

const cosignSignature = json({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociManifest,
  config: { mediaType: MEDIA_TYPES.ociConfig, size: 247, digest: d('c') },
  layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', size: 252, digest: d('1') }],
});

const sbomReferrer = json({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.ociManifest,
  artifactType: 'application/spdx+json',
  config: { mediaType: MEDIA_TYPES.ociEmpty, digest: d('4'), size: 2 },
  layers: [{ mediaType: 'application/spdx+json', digest: d('1'), size: 9000 }],
  subject: { mediaType: MEDIA_TYPES.ociManifest, digest: d('a'), size: 1234 },
});

const schema1 = json({
  schemaVersion: 1,
  name: 'legacy',
  tag: 'old',
  architecture: 'amd64',
  fsLayers: [{ blobSum: d('3') }, { blobSum: d('2') }, { blobSum: d('1') }],
  history: [{ v1Compatibility: json({ os: 'linux', architecture: 'amd64' }) }],
  signatures: [{ header: {}, signature: 'x', protected: 'y' }],
});

describe('parseManifest', () => {
  it.each<[string, string, string | undefined, ManifestFacts]>([
    [
      'Docker v2 schema 2',
      dockerImage,
      undefined,
      { mediaType: MEDIA_TYPES.dockerManifestV2, kind: 'image', configMediaType: MEDIA_TYPES.dockerConfig },
    ],
    [
      'an OCI manifest without mediaType, named by the hint',
      ociImageNoMediaType,
      MEDIA_TYPES.ociManifest,
      { mediaType: MEDIA_TYPES.ociManifest, kind: 'image', configMediaType: MEDIA_TYPES.ociConfig },
    ],
    [
      'an OCI index from buildx, leaving out its attestation',
      buildxIndex,
      undefined,
      {
        mediaType: MEDIA_TYPES.ociIndex,
        kind: 'index',
        platforms: [
          { digest: d('a'), os: 'linux', architecture: 'amd64' },
          { digest: d('b'), os: 'linux', architecture: 'arm64', variant: 'v8' },
        ],
        attestations: [d('e')],
      },
    ],
    [
      'a Docker manifest list with a Windows child (os.version kept)',
      windowsList,
      undefined,
      {
        mediaType: MEDIA_TYPES.dockerManifestList,
        kind: 'index',
        platforms: [
          { digest: d('f'), os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2527' },
          { digest: d('0'), os: 'unknown', architecture: 'amd64' },
        ],
      },
    ],
    [
      'a Helm chart (config type is not an image config)',
      helmChart,
      MEDIA_TYPES.ociManifest,
      {
        mediaType: MEDIA_TYPES.ociManifest,
        kind: 'artifact',
        configMediaType: 'application/vnd.cncf.helm.config.v1+json',
        artifactType: 'application/vnd.cncf.helm.config.v1+json',
      },
    ],
    [
      'a cosign signature (image config, but only a signature payload layer)',
      cosignSignature,
      undefined,
      {
        mediaType: MEDIA_TYPES.ociManifest,
        kind: 'artifact',
        configMediaType: MEDIA_TYPES.ociConfig,
        artifactType: 'application/vnd.dev.cosign.simplesigning.v1+json',
      },
    ],
    [
      'an SBOM referrer with artifactType and subject',
      sbomReferrer,
      undefined,
      {
        mediaType: MEDIA_TYPES.ociManifest,
        kind: 'artifact',
        configMediaType: MEDIA_TYPES.ociEmpty,
        artifactType: 'application/spdx+json',
        subjectDigest: d('a'),
      },
    ],
    [
      'Docker v2 schema 1 (signed), an image with no config',
      schema1,
      undefined,
      { mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', kind: 'image' },
    ],
  ])('reads %s', (_name, raw, hint, expected) => {
    expect(parseManifest(raw, hint)).toEqual(expected);
  });

  it('prefers the manifest’s own mediaType over the hint', () => {
    expect(parseManifest(dockerImage, MEDIA_TYPES.ociManifest).mediaType).toBe(MEDIA_TYPES.dockerManifestV2);
  });

  it('treats an index without platforms as an index with platform-less children', () => {
    const index = json({
      schemaVersion: 2,
      manifests: [{ mediaType: MEDIA_TYPES.ociManifest, digest: d('a'), size: 1 }],
    });
    expect(parseManifest(index)).toEqual({
      mediaType: MEDIA_TYPES.ociIndex,
      kind: 'index',
      platforms: [{ digest: d('a') }],
    });
  });

  it('treats an image with no layers as an image', () => {
    const empty = json({
      schemaVersion: 2,
      config: { mediaType: MEDIA_TYPES.ociConfig, digest: d('c'), size: 2 },
      layers: [],
    });
    expect(parseManifest(empty).kind).toBe('image');
  });

  it.each([
    ['not JSON', '{"schemaVersion": 2,', /image manifest is not valid JSON/],
    ['an array', '[]', /image manifest is not a JSON object \(got an array\)/],
    ['null', 'null', /not a JSON object \(got null\)/],
  ])('throws a clear error for %s', (_name, raw, message) => {
    expect(() => parseManifest(raw)).toThrow(message);
  });
});

describe('configDigestOf / configOf', () => {
  it.each([
    ['an image', dockerImage, d('c')],
    ['schema 1 (no config)', schema1, undefined],
    ['an index', buildxIndex, undefined],
  ])('for %s', (_name, raw, digest) => {
    expect(configDigestOf(raw)).toBe(digest);
  });

  it('gives the config size when present', () => {
    expect(configOf(dockerImage)).toEqual({ digest: d('c'), mediaType: MEDIA_TYPES.dockerConfig, size: 1469 });
  });
});

describe('layersOf', () => {
  it('lists layers base first with media type and size', () => {
    expect(layersOf(dockerImage)).toEqual([
      { digest: d('1'), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 29126484 },
      { digest: d('2'), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 4096 },
    ]);
  });

  it('reverses schema 1 fsLayers (listed top first) and marks them gzip', () => {
    expect(layersOf(schema1)).toEqual([
      { digest: d('1'), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' },
      { digest: d('2'), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' },
      { digest: d('3'), mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' },
    ]);
  });

  it('has none for an index', () => {
    expect(layersOf(buildxIndex)).toEqual([]);
  });

  it('throws for invalid JSON', () => {
    expect(() => layersOf('nope')).toThrow(/not valid JSON/);
  });
});
