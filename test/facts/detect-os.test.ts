import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/aws-error.js';
import { MEDIA_TYPES } from '../../src/domain/aws-values.js';
import type { OsDetection } from '../../src/domain/image-facts.js';
import { detectOs } from '../../src/facts/detect-os.js';
import { blobOf, FakeBlobStore, hugeLayer, LAYER, layerOf, type TarEntry, tarOf } from './support/image-builder.js';
import {
  alpineRoot,
  debianRoot,
  distrolessRoot,
  imageOf,
  OS_RELEASE,
  singleLayerImage,
  type TestImage,
  ubiRoot,
} from './support/os-images.js';

const MiB = 1024 * 1024;
const REPO = 'team/payments-api';

function detect(image: TestImage, opts?: Parameters<typeof detectOs>[3]): Promise<OsDetection> {
  return detectOs({ ecr: image.store }, REPO, image.manifest, opts);
}

const debianHistory = [
  { created_by: '# debian.sh --arch amd64 out/ bookworm @1718582400' },
  { created_by: 'CMD ["bash"]', empty_layer: true },
];

describe('detectOs on real-looking base images', () => {
  it.each<[string, () => Promise<TestImage>, Partial<OsDetection>, RegExp[]]>([
    [
      'debian 12',
      () => singleLayerImage({ history: debianHistory }, debianRoot(OS_RELEASE.debian12)),
      {
        kind: 'linux-distro',
        distro: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
        packageDb: 'dpkg',
      },
      [
        /^config\.os = "linux", config\.architecture = "amd64"$/,
        /^etc\/os-release → usr\/lib\/os-release \(layer 1\): ID="debian" VERSION_ID="12"/,
        /^var\/lib\/dpkg\/status \(layer 1\): dpkg package database$/,
      ],
    ],
    [
      'debian 9 (end of life), Docker schema 2 with docker layer types',
      async () =>
        imageOf({ history: debianHistory }, [await layerOf(debianRoot(OS_RELEASE.debian9), LAYER.dockerGzip)], {
          manifestMediaType: MEDIA_TYPES.dockerManifestV2,
        }),
      { kind: 'linux-distro', distro: { id: 'debian', versionId: '9', prettyName: 'Debian GNU/Linux 9 (stretch)' } },
      [/VERSION_ID="9"/],
    ],
    [
      'alpine 3.22 (apk, ./-prefixed paths)',
      () =>
        singleLayerImage(
          {
            architecture: 'arm64',
            variant: 'v8',
            history: [{ created_by: 'ADD alpine-minirootfs-3.22.0-aarch64.tar.gz / # buildkit' }],
          },
          alpineRoot(),
        ),
      {
        kind: 'linux-distro',
        architecture: 'arm64',
        distro: { id: 'alpine', versionId: '3.22.0', prettyName: 'Alpine Linux v3.22' },
        packageDb: 'apk',
      },
      [
        /config\.variant = "v8"/,
        /^history\[0\]\.created_by = "ADD alpine-minirootfs-3\.22\.0-aarch64\.tar\.gz \/ # buildkit": a base image's filesystem$/,
        /^lib\/apk\/db\/installed \(layer 1\): apk package database$/,
      ],
    ],
    [
      'ubi 9 (rpm, single-quoted VERSION_ID)',
      () => singleLayerImage({ labels: { 'org.opencontainers.image.version': '9.6' } }, ubiRoot()),
      {
        kind: 'linux-distro',
        distro: { id: 'rhel', versionId: '9.6', prettyName: 'Red Hat Enterprise Linux 9.6 (Plow)' },
        packageDb: 'rpm',
      },
      [
        /^config\.Labels\["org\.opencontainers\.image\.version"\] = "9\.6"$/,
        /var\/lib\/rpm\/rpmdb\.sqlite \(layer 1\)/,
      ],
    ],
    [
      'distroless static-debian12',
      () => singleLayerImage({}, distrolessRoot()),
      {
        kind: 'distroless',
        distro: { id: 'debian', versionId: '12', prettyName: 'Distroless' },
        packageDb: 'dpkg',
      },
      [/^config\.history is empty/, /^PRETTY_NAME = "Distroless"/],
    ],
    [
      'scratch with a single Go binary',
      () =>
        singleLayerImage(
          {
            history: [
              { created_by: 'COPY /out/app /app # buildkit' },
              { created_by: 'ENTRYPOINT ["/app"]', empty_layer: true },
            ],
          },
          [{ path: 'app', content: randomBytes(64 * 1024) }],
        ),
      { kind: 'scratch', packageDb: 'none' },
      [
        /^history\[0\]\.created_by = "COPY \/out\/app \/app # buildkit": the first layer copies files in, with no base/,
        /^no etc\/os-release, no package database in 1 layer \(\d+\.\d KiB read\)$/,
      ],
    ],
  ])('%s', async (_name, build, expected, evidence) => {
    const image = await build();
    const result = await detect(image);
    expect(result).toMatchObject({ source: 'layers', os: 'linux', ...expected });
    expect(result.bytesRead).toBe(image.layers[0]!.size);
    for (const line of evidence) expect(result.evidence).toContainEqual(expect.stringMatching(line));
    expect(image.store.fetches).toEqual([image.config.digest]);
  });

  it('calls an image distroless from status.d without status and without a shell, even if os-release is plain Debian', async () => {
    const root = distrolessRoot().map((entry) =>
      entry.path === 'etc/os-release' ? { path: 'etc/os-release', content: OS_RELEASE.debian12 } : entry,
    );
    const result = await detect(await singleLayerImage({}, root));
    expect(result).toMatchObject({ kind: 'distroless', distro: { id: 'debian', versionId: '12' }, packageDb: 'dpkg' });
    expect(result.evidence).toContainEqual(
      expect.stringMatching(/status\.d\/ without var\/lib\/dpkg\/status and no shell/),
    );
  });

  it.each<[string, TarEntry[], string]>([
    [
      'a hard link etc/os-release → usr/lib/os-release',
      [
        { path: 'usr/lib/os-release', content: OS_RELEASE.alpine322 },
        { path: 'etc/os-release', hardlink: 'usr/lib/os-release' },
      ],
      'alpine',
    ],
    ['only usr/lib/os-release', [{ path: 'usr/lib/os-release', content: OS_RELEASE.alpine322 }], 'alpine'],
    [
      'a dangling etc/os-release symlink (falls back to usr/lib)',
      [
        { path: 'etc/os-release', symlink: '../run/os-release' },
        { path: 'usr/lib/os-release', content: OS_RELEASE.alpine322 },
      ],
      'alpine',
    ],
    [
      'a regular etc/os-release next to usr/lib/os-release (etc wins)',
      [
        { path: 'etc/os-release', content: OS_RELEASE.debian12 },
        { path: 'usr/lib/os-release', content: OS_RELEASE.alpine322 },
      ],
      'debian',
    ],
  ])('resolves os-release with %s', async (_name, entries, id) => {
    const result = await detect(
      await singleLayerImage({}, [...entries, { path: 'lib/apk/db/installed', content: 'P:x' }]),
    );
    expect(result).toMatchObject({ kind: 'linux-distro', distro: { id }, packageDb: 'apk' });
  });

  it('keeps an image with status.d and a shell a plain distribution', async () => {
    const root: TarEntry[] = [{ path: 'bin/sh', content: 'ELF' }, ...distrolessRoot()].map((entry) =>
      entry.path === 'etc/os-release' ? { path: 'etc/os-release', content: OS_RELEASE.debian12 } : entry,
    );
    expect((await detect(await singleLayerImage({}, root))).kind).toBe('linux-distro');
  });
});

describe('detectOs from the config alone', () => {
  it('recognises Windows without downloading any layer', async () => {
    const layers = [
      blobOf(randomBytes(1024), LAYER.dockerForeign),
      await layerOf([{ path: 'Files/app.exe', content: 'MZ' }], LAYER.dockerGzip),
    ];
    const image = imageOf({ os: 'windows', osVersion: '10.0.20348.2527' }, layers, {
      manifestMediaType: MEDIA_TYPES.dockerManifestV2,
    });
    const result = await detect(image);
    expect(result).toMatchObject({
      source: 'config',
      kind: 'windows',
      os: 'windows',
      architecture: 'amd64',
      osVersion: '10.0.20348.2527',
      bytesRead: 0,
    });
    expect(result.evidence).toEqual([
      'config.os = "windows", config.architecture = "amd64"',
      'config["os.version"] = "10.0.20348.2527" (Windows Server 2022)',
      '1 of 2 layers are foreign (application/vnd.docker.image.rootfs.foreign.diff.tar.gzip): Windows base layers',
    ]);
    expect(image.store.layerRequests(image.config.digest)).toEqual([]);
    expect(image.store.streams).toEqual([]);
  });

  it('returns unknown for a malformed config, without reading layers', async () => {
    const image = imageOf('{"os": "linux", ', [await layerOf(debianRoot(OS_RELEASE.debian12))]);
    const result = await detect(image);
    expect(result).toMatchObject({ source: 'config', kind: 'unknown', bytesRead: 0 });
    expect(result.evidence).toEqual([
      expect.stringMatching(/^config blob sha256:\w{12} is not valid JSON: .+: the image config is unusable$/),
    ]);
    expect(image.store.streams).toEqual([]);
  });

  it.each([
    [
      'an OCI index',
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [{ digest: `sha256:${'a'.repeat(64)}`, platform: { os: 'linux', architecture: 'amd64' } }],
      }),
      /with 1 platform children: each child image has its own OS/,
    ],
    [
      'a Helm chart',
      JSON.stringify({
        schemaVersion: 2,
        config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 10 },
        layers: [],
      }),
      /artifact \(application\/vnd\.cncf\.helm\.config\.v1\+json\), not a container image/,
    ],
    ['a manifest that is not JSON', '<html>', /image manifest is not valid JSON/],
  ])('returns unknown for %s without any AWS call', async (_name, manifest, line) => {
    const store = new FakeBlobStore();
    const result = await detectOs({ ecr: store }, REPO, manifest);
    expect(result).toMatchObject({ source: 'config', kind: 'unknown', bytesRead: 0 });
    expect(result.evidence).toContainEqual(expect.stringMatching(line));
    expect(store.urlRequests).toEqual([]);
  });

  it('skips a config blob larger than the bound and still reads the layers', async () => {
    const image = await singleLayerImage({ labels: { big: 'x'.repeat(4096) } }, alpineRoot());
    const result = await detect(image, { maxConfigBytes: 1024 });
    expect(result).toMatchObject({ kind: 'linux-distro', distro: { id: 'alpine' } });
    expect(result.os).toBeUndefined();
    expect(result.evidence[0]).toMatch(/^config blob sha256:\w{12} is [\d.]+ KiB, over 1\.0 KiB; not read$/);
    expect(image.store.fetches).toEqual([]);
  });
});

describe('detectOs streaming layers', () => {
  it('finds os-release in layer 2 of 3 and never requests layer 3', async () => {
    const layers = [
      await layerOf([{ path: 'usr/bin/dash', content: 'ELF' }]),
      await layerOf(debianRoot(OS_RELEASE.debian12).filter((entry) => entry.path !== 'usr/bin/dash')),
      await layerOf([{ path: 'app/server.js', content: 'console.log(1)' }]),
    ];
    const image = imageOf({}, layers);
    const result = await detect(image);
    expect(result).toMatchObject({
      kind: 'linux-distro',
      distro: { id: 'debian', versionId: '12' },
      packageDb: 'dpkg',
    });
    expect(image.store.layerRequests(image.config.digest)).toEqual([layers[0]!.digest, layers[1]!.digest]);
    expect(result.bytesRead).toBeLessThanOrEqual(layers[0]!.size + layers[1]!.size);
    expect(result.evidence).toContainEqual(
      expect.stringMatching(/^stopped reading in layer 2\/3 .*; layer 3 not requested$/),
    );
    expect(result.evidence).toContainEqual(expect.stringMatching(/usr\/lib\/os-release \(layer 2\)/));
  });

  it('stops mid-layer once os-release and a package database are found, abandoning the download', async () => {
    const layer = await layerOf([...alpineRoot(), { path: 'usr/share/model.bin', content: randomBytes(2 * MiB) }]);
    const image = imageOf({}, [layer], { chunkSize: 32 * 1024 });
    const result = await detect(image);
    expect(result).toMatchObject({ kind: 'linux-distro', packageDb: 'apk' });
    expect(image.store.streams[0]).toMatchObject({ finished: false, abandoned: true });
    expect(result.bytesRead).toBeLessThan(MiB);
    expect(result.bytesRead).toBe(image.store.streams[0]!.served);
  });

  it.each([
    ['a whiteout file', [{ path: 'etc/.wh.os-release', content: '' }], 'etc/.wh.os-release'],
    ['an opaque directory', [{ path: 'etc/.wh..wh..opq', content: '' }], 'etc/.wh..wh..opq'],
  ])('lets %s in a later layer delete os-release', async (_name, whiteout: TarEntry[], marker) => {
    const layers = [
      await layerOf([
        { path: 'etc/os-release', content: OS_RELEASE.debian12 },
        { path: 'usr/bin/sh', content: 'ELF' },
      ]),
      await layerOf([...whiteout, { path: 'var/lib/dpkg/status', content: 'Package: curl\n' }]),
    ];
    const result = await detect(imageOf({}, layers));
    expect(result).toMatchObject({ kind: 'unknown', packageDb: 'dpkg' });
    expect(result.distro).toBeUndefined();
    expect(result.evidence).toContainEqual(
      `layer 2/2 (${layers[1]!.digest.slice(0, 19)}): whiteout ${marker} deletes etc/os-release (layer 1) from the image`,
    );
    expect(result.evidence).toContainEqual(
      expect.stringMatching(/no etc\/os-release .* although a package database is present/),
    );
  });

  it('skips a zstd layer without downloading it and does not claim scratch', async () => {
    const zstd = blobOf(randomBytes(2048), LAYER.ociZstd);
    const app = await layerOf([{ path: 'app', content: 'ELF' }]);
    const image = imageOf({}, [zstd, app]);
    const result = await detect(image);
    expect(result).toMatchObject({ source: 'layers', kind: 'unknown' });
    expect(result.packageDb).toBeUndefined();
    expect(image.store.layerRequests(image.config.digest)).toEqual([app.digest]);
    expect(result.evidence).toContainEqual(
      `layer 1/2 (${zstd.digest.slice(0, 19)}): application/vnd.oci.image.layer.v1.tar+zstd cannot be read on Node 20 (no zstd decompressor); not read`,
    );
    expect(result.evidence).toContainEqual(
      expect.stringMatching(/not every layer was read: cannot tell scratch from an OS/),
    );
  });

  it.each([
    ['random bytes labelled gzip', async () => blobOf(randomBytes(4096), LAYER.ociGzip)],
    [
      'a gzip stream cut short',
      async () => {
        const full = gzipSync(
          await tarOf([{ path: 'aaa', content: randomBytes(9000) }, ...debianRoot(OS_RELEASE.debian12)]),
        );
        return blobOf(full.subarray(0, full.byteLength - 4000), LAYER.ociGzip);
      },
    ],
  ])('returns unknown for a corrupt layer (%s) instead of throwing', async (_name, build) => {
    const layer = await build();
    const result = await detect(imageOf({}, [layer]));
    expect(result.kind).toBe('unknown');
    expect(result.evidence).toContainEqual(
      expect.stringMatching(/^layer 1\/1 \(sha256:\w{12}\): unreadable after [\d.]+ KiB: /),
    );
  });

  it('stops a huge layer at the byte bound and never requests the next layer', async () => {
    const huge = await hugeLayer('opt/model/weights.bin', 100 * MiB);
    const next = await layerOf(alpineRoot());
    const image = imageOf({}, [huge, next]);
    const result = await detect(image, { maxLayerBytes: 2 * MiB });
    expect(result).toMatchObject({ source: 'layers', kind: 'unknown' });
    expect(result.bytesRead).toBeGreaterThanOrEqual(2 * MiB);
    expect(result.bytesRead).toBeLessThanOrEqual(2 * MiB + 64 * 1024);
    expect(image.store.streams).toEqual([
      { digest: huge.digest, served: result.bytesRead, finished: false, abandoned: true },
    ]);
    expect(image.store.layerRequests(image.config.digest)).toEqual([huge.digest]);
    expect(result.evidence).toContainEqual(
      expect.stringMatching(
        /^stopped in layer 1\/2 .* at the byte bound of 2\.0 MiB: 2\.\d MiB of layers read, the rest of this layer and later layers not read$/,
      ),
    );
  });

  it('bounds layer reading at 64 MiB by default', async () => {
    const image = imageOf({}, [await hugeLayer('opt/model/weights.bin', 100 * MiB)]);
    const result = await detect(image);
    expect(result.kind).toBe('unknown');
    expect(result.bytesRead).toBeGreaterThanOrEqual(64 * MiB);
    expect(result.bytesRead).toBeLessThanOrEqual(64 * MiB + 64 * 1024);
  });

  it('still names the distribution when the bound is reached after os-release', async () => {
    const layers = [
      await layerOf([{ path: 'etc/os-release', content: OS_RELEASE.alpine322 }]),
      await hugeLayer('opt/x', 10 * MiB),
    ];
    const result = await detect(imageOf({}, layers), { maxLayerBytes: MiB });
    expect(result).toMatchObject({ kind: 'linux-distro', distro: { id: 'alpine' } });
    expect(result.packageDb).toBeUndefined();
    expect(result.evidence).toContainEqual('no package database seen before reading stopped');
  });

  it('reads at most maxLayers layers', async () => {
    const layers = [await layerOf([{ path: 'a', content: '1' }]), await layerOf(alpineRoot())];
    const image = imageOf({}, layers);
    const result = await detect(image, { maxLayers: 1 });
    expect(result.kind).toBe('unknown');
    expect(image.store.layerRequests(image.config.digest)).toEqual([layers[0]!.digest]);
    expect(result.evidence).toContainEqual(
      expect.stringMatching(/^stopped before layer 2\/2 .*: the limit of 1 layer read was reached/),
    );
  });

  it('reads schema 1 layers base first, with the platform from v1Compatibility', async () => {
    const base = await layerOf(alpineRoot(), LAYER.dockerGzip);
    const app = await layerOf([{ path: 'app', content: 'x' }], LAYER.dockerGzip);
    const manifest = JSON.stringify({
      schemaVersion: 1,
      fsLayers: [{ blobSum: app.digest }, { blobSum: base.digest }],
      history: [
        { v1Compatibility: JSON.stringify({ os: 'linux', architecture: 'arm', variant: 'v7' }) },
        { v1Compatibility: '{}' },
      ],
    });
    const store = new FakeBlobStore([base, app]);
    const result = await detectOs({ ecr: store }, REPO, manifest);
    expect(result).toMatchObject({ kind: 'linux-distro', os: 'linux', architecture: 'arm', packageDb: 'apk' });
    expect(store.urlRequests[0]).toBe(base.digest);
    expect(result.evidence).toContain('schema 1 manifest: platform read from history[0].v1Compatibility');
  });

  it('lets ECR errors reach the caller', async () => {
    const image = await singleLayerImage({}, alpineRoot());
    const missing = { ...image, store: new FakeBlobStore([image.config]) };
    await expect(detect(missing)).rejects.toMatchObject({ name: 'AwsError', code: 'LAYER_NOT_FOUND' });

    const dropped = new AwsError('UNAVAILABLE', 'ecr:GetDownloadUrlForLayer', 'socket hang up');
    const big = await singleLayerImage({}, [{ path: 'opt/blob', content: randomBytes(256 * 1024) }, ...alpineRoot()]);
    big.store.failStream = { digest: big.layers[0]!.digest, after: 32 * 1024, error: dropped };
    await expect(detect(big)).rejects.toBe(dropped);
  });
});
