import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/aws/aws-error.js';
import { normalisePath, readLayerFiles, roleOf } from '../../src/facts/read-layer-files.js';
import { type Blob, FakeBlobStore, hugeLayer, LAYER, layerOf, tarOf } from './support/image-builder.js';

async function read(blob: Blob, opts: { maxBytes?: number; chunkSize?: number } = {}) {
  const store = new FakeBlobStore([blob], { chunkSize: opts.chunkSize });
  const url = await store.getDownloadUrlForLayer('repo', blob.digest);
  const result = await readLayerFiles(store.streamBlob(url), {
    compression: /gzip$/.test(blob.mediaType) ? 'gzip' : 'none',
    maxBytes: opts.maxBytes ?? Number.POSITIVE_INFINITY,
  });
  return { result, stream: store.streams[0]! };
}

describe('roleOf', () => {
  it.each([
    ['etc/os-release', 'os-release'],
    ['usr/lib/os-release', 'os-release'],
    ['lib/apk/db/installed', 'apk'],
    ['var/lib/dpkg/status', 'dpkg'],
    ['var/lib/dpkg/status.d/base-files', 'dpkg'],
    ['var/lib/rpm/Packages', 'rpm'],
    ['var/lib/rpm/rpmdb.sqlite', 'rpm'],
    ['var/lib/rpm/Packages.db', 'rpm'],
    ['usr/lib/sysimage/rpm/rpmdb.sqlite', 'rpm'],
    ['bin/sh', 'shell'],
    ['busybox/sh', 'shell'],
    ['etc/os-release.bak', undefined],
    ['var/lib/dpkg/status-old', undefined],
    ['var/lib/dpkg/status.d/sub/x', undefined],
    ['var/lib/rpm/.rpm.lock', undefined],
    ['home/etc/os-release', undefined],
  ])('%s → %s', (path, role) => {
    expect(roleOf(path)).toBe(role);
  });
});

describe('normalisePath', () => {
  it.each([
    ['./etc/os-release', 'etc/os-release'],
    ['/etc/os-release', 'etc/os-release'],
    ['etc/', 'etc'],
    ['././var/lib/dpkg/status', 'var/lib/dpkg/status'],
  ])('%s → %s', (name, path) => {
    expect(normalisePath(name)).toBe(path);
  });
});

describe('readLayerFiles', () => {
  it('notes os-release text, package databases, shells and links, with or without a leading ./', async () => {
    const layer = await layerOf([
      { path: './bin/sh', symlink: '/bin/busybox' },
      { path: './etc/os-release', content: 'ID=alpine\n' },
      { path: 'usr/lib/os-release', hardlink: './etc/os-release' },
      { path: 'lib/apk/db/installed', content: 'P:musl\n' },
      { path: 'usr/share/doc/readme', content: 'not interesting' },
    ]);
    const { result } = await read(layer);
    expect(result.outcome).toBe('complete');
    expect(result.entries).toBe(5);
    expect(result.files).toEqual([
      { path: 'bin/sh', role: 'shell', type: 'symlink', linkTarget: '/bin/busybox' },
      { path: 'etc/os-release', role: 'os-release', type: 'file', content: 'ID=alpine\n' },
      { path: 'usr/lib/os-release', role: 'os-release', type: 'link', linkTarget: 'etc/os-release' },
      { path: 'lib/apk/db/installed', role: 'apk', type: 'file' },
    ]);
  });

  it('reports whiteouts and opaque directories, and ignores other .wh..wh. markers', async () => {
    const layer = await layerOf([
      { path: 'etc/.wh.os-release', content: '' },
      { path: 'var/lib/.wh.dpkg', content: '' },
      { path: 'usr/lib/.wh..wh..opq', content: '' },
      { path: '.wh..wh.plnk', dir: true },
    ]);
    const { result } = await read(layer);
    expect(result.whiteouts).toEqual(['etc/os-release', 'var/lib/dpkg']);
    expect(result.opaqueDirs).toEqual(['usr/lib']);
    expect(result.files).toEqual([]);
  });

  it('reads plain (uncompressed) tar layers', async () => {
    const { result } = await read(await layerOf([{ path: 'var/lib/dpkg/status', content: 'x' }], LAYER.dockerTar));
    expect(result.outcome).toBe('complete');
    expect(result.files.map((file) => file.role)).toEqual(['dpkg']);
  });

  it('keeps only the first 64 KiB of an os-release file but reads past it', async () => {
    const layer = await layerOf([
      { path: 'etc/os-release', content: `ID=x\n${'#'.repeat(100 * 1024)}` },
      { path: 'var/lib/dpkg/status', content: 'x' },
    ]);
    const { result } = await read(layer);
    expect(result.files[0]!.content).toHaveLength(64 * 1024);
    expect(result.files[1]!.path).toBe('var/lib/dpkg/status');
  });

  it('stops when asked, abandoning the download mid-layer', async () => {
    const noise = randomBytes(2 * 1024 * 1024);
    const layer = await layerOf([
      { path: 'etc/os-release', content: 'ID=alpine\n' },
      { path: 'usr/share/noise.bin', content: noise },
    ]);
    const store = new FakeBlobStore([layer], { chunkSize: 16 * 1024 });
    const url = await store.getDownloadUrlForLayer('repo', layer.digest);
    const result = await readLayerFiles(store.streamBlob(url), {
      compression: 'gzip',
      maxBytes: Number.POSITIVE_INFINITY,
      shouldStop: (soFar) => soFar.files.some((file) => file.role === 'os-release'),
    });
    expect(result.outcome).toBe('stopped');
    expect(store.streams[0]).toMatchObject({ finished: false, abandoned: true });
    expect(result.bytesRead).toBe(store.streams[0]!.served);
    expect(result.bytesRead).toBeLessThan(layer.size / 4);
  });

  it('stops at the byte bound, having pulled at most one chunk beyond it', async () => {
    const layer = await hugeLayer('opt/model.bin', 100 * 1024 * 1024);
    const { result, stream } = await read(layer, { maxBytes: 1024 * 1024 });
    expect(result.outcome).toBe('bound');
    expect(result.bytesRead).toBeGreaterThanOrEqual(1024 * 1024);
    expect(result.bytesRead).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024);
    expect(stream).toMatchObject({ finished: false, abandoned: true });
    expect(stream.served).toBe(result.bytesRead);
  });

  it.each([
    ['bytes that are not gzip', async () => randomBytes(4096), /header/i],
    [
      'a gzip stream cut in half',
      async () => halve(gzipSync(await tarOf([{ path: 'a', content: randomBytes(8192) }]))),
      /end/i,
    ],
  ])('reports %s as corrupt, without throwing', async (_name, bytes, message) => {
    const data = await bytes();
    const { result } = await read({ digest: 'sha256:0', mediaType: LAYER.ociGzip, size: data.byteLength, bytes: data });
    expect(result.outcome).toBe('corrupt');
    expect(result.error).toMatch(message);
  });

  it('reports a truncated plain tar as corrupt, keeping what came before the cut', async () => {
    const tar = await tarOf([
      { path: 'etc/os-release', content: 'ID=debian\n' },
      { path: 'usr/share/big', content: randomBytes(8192) },
    ]);
    const data = tar.subarray(0, 2048);
    const { result } = await read({ digest: 'sha256:1', mediaType: LAYER.ociTar, size: data.byteLength, bytes: data });
    expect(result.outcome).toBe('corrupt');
    expect(result.files.map((file) => file.path)).toEqual(['etc/os-release']);
  });

  it('rethrows errors of the source (the network), not as corrupt content', async () => {
    const layer = await layerOf([{ path: 'usr/share/noise.bin', content: randomBytes(256 * 1024) }]);
    const store = new FakeBlobStore([layer], { chunkSize: 16 * 1024 });
    const dropped = new AwsError('UNAVAILABLE', 'ecr:GetDownloadUrlForLayer', 'connection reset');
    store.failStream = { digest: layer.digest, after: 64 * 1024, error: dropped };
    const url = await store.getDownloadUrlForLayer('repo', layer.digest);
    await expect(readLayerFiles(store.streamBlob(url), { compression: 'gzip', maxBytes: 1e9 })).rejects.toBe(dropped);
  });
});

function halve(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.byteLength / 2));
}
