/**
 * Builds real image blobs for tests: tar / tar.gz layers (tar-stream + zlib), config JSON and manifests, all with
 * true sha256 digests, and a fake of the three `EcrPort` methods that serve them and record what was asked.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { AwsError } from '../../../src/aws/aws-error.js';
import type { EcrPort } from '../../../src/aws/ports.js';
import { MEDIA_TYPES } from '../../../src/domain/aws-values.js';

export const LAYER = {
  ociGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociTar: 'application/vnd.oci.image.layer.v1.tar',
  ociZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerTar: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerForeign: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export type TarEntry =
  | { path: string; content: string | Uint8Array }
  | { path: string; symlink: string }
  | { path: string; hardlink: string }
  | { path: string; dir: true };

export interface Blob {
  digest: string;
  mediaType: string;
  size: number;
  /** Whole content, or a lazy generator for blobs too big to hold. */
  bytes?: Uint8Array;
  generate?: () => AsyncIterable<Uint8Array>;
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const archive = pack();
  for (const entry of entries) {
    if ('content' in entry) archive.entry({ name: entry.path, mode: 0o644 }, Buffer.from(entry.content));
    else if ('symlink' in entry) archive.entry({ name: entry.path, type: 'symlink', linkname: entry.symlink });
    else if ('hardlink' in entry) archive.entry({ name: entry.path, type: 'link', linkname: entry.hardlink });
    else archive.entry({ name: entry.path, type: 'directory', mode: 0o755 });
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function blobOf(bytes: Uint8Array, mediaType: string): Blob {
  return { digest: sha256(bytes), mediaType, size: bytes.byteLength, bytes };
}

/** A layer from tar entries, gzipped when the media type says so. */
export async function layerOf(entries: TarEntry[], mediaType: string = LAYER.ociGzip): Promise<Blob> {
  const tar = await tarOf(entries);
  return blobOf(/gzip$/.test(mediaType) ? gzipSync(tar) : tar, mediaType);
}

export interface ConfigInput {
  os?: string;
  architecture?: string;
  variant?: string;
  osVersion?: string;
  labels?: Record<string, string>;
  history?: Array<{ created_by?: string; empty_layer?: boolean }>;
}

export function configBlob(input: ConfigInput | string, mediaType: string = MEDIA_TYPES.ociConfig): Blob {
  if (typeof input === 'string') return blobOf(Buffer.from(input), mediaType);
  const doc: Record<string, unknown> = {
    architecture: input.architecture ?? 'amd64',
    os: input.os ?? 'linux',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Labels: input.labels },
    rootfs: { type: 'layers', diff_ids: [] },
    history: input.history ?? [],
  };
  if (input.variant) doc.variant = input.variant;
  if (input.osVersion) doc['os.version'] = input.osVersion;
  return blobOf(Buffer.from(JSON.stringify(doc)), mediaType);
}

export function manifestOf(config: Blob, layers: Blob[], mediaType: string = MEDIA_TYPES.ociManifest): string {
  const descriptor = (blob: Blob) => ({ mediaType: blob.mediaType, digest: blob.digest, size: blob.size });
  return JSON.stringify({ schemaVersion: 2, mediaType, config: descriptor(config), layers: layers.map(descriptor) });
}

/** A 512-byte ustar header for a regular file, so huge archives can be generated without holding them. */
export function ustarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** A plain-tar layer holding one file of `size` zero bytes, produced lazily in 64 KiB chunks. */
export async function hugeLayer(name: string, size: number): Promise<Blob> {
  const chunk = Buffer.alloc(64 * 1024);
  const generate = async function* (): AsyncGenerator<Uint8Array> {
    yield ustarHeader(name, size);
    for (let left = size; left > 0; left -= chunk.byteLength) {
      yield left >= chunk.byteLength ? chunk : chunk.subarray(0, left);
    }
    yield Buffer.alloc(((512 - (size % 512)) % 512) + 1024);
  };
  const hash = createHash('sha256');
  let total = 0;
  for await (const part of generate()) {
    hash.update(part);
    total += part.byteLength;
  }
  return { digest: `sha256:${hash.digest('hex')}`, mediaType: LAYER.ociTar, size: total, generate };
}

export interface StreamRecord {
  digest: string;
  served: number;
  finished: boolean;
  abandoned: boolean;
}

/** Serves blobs the way the ECR adapter would: a presigned URL per digest, then a bounded fetch or a stream. */
export class FakeBlobStore implements Pick<EcrPort, 'getDownloadUrlForLayer' | 'fetchBlob' | 'streamBlob'> {
  readonly urlRequests: string[] = [];
  readonly fetches: string[] = [];
  readonly streams: StreamRecord[] = [];
  readonly #blobs = new Map<string, Blob>();
  readonly #chunkSize: number;
  /** Makes `streamBlob` fail after this many bytes of the given digest, like a dropped connection. */
  failStream?: { digest: string; after: number; error: Error };

  constructor(blobs: Blob[] = [], opts: { chunkSize?: number } = {}) {
    this.#chunkSize = opts.chunkSize ?? 16 * 1024;
    for (const blob of blobs) this.#blobs.set(blob.digest, blob);
  }

  /** Layer URL requests, i.e. all except the config blob's. */
  layerRequests(configDigest: string): string[] {
    return this.urlRequests.filter((digest) => digest !== configDigest);
  }

  async getDownloadUrlForLayer(repositoryName: string, layerDigest: string): Promise<string> {
    this.urlRequests.push(layerDigest);
    if (!this.#blobs.has(layerDigest)) {
      throw new AwsError('LAYER_NOT_FOUND', 'ecr:GetDownloadUrlForLayer', `The layer ${layerDigest} does not exist`, {
        awsName: 'LayersNotFoundException',
        httpStatus: 400,
      });
    }
    return `https://prod-eu-west-1-starport-layer-bucket.s3.eu-west-1.amazonaws.com/${repositoryName}/${layerDigest}`;
  }

  async fetchBlob(url: string, maxBytes: number): Promise<Uint8Array> {
    const blob = this.#blob(url);
    this.fetches.push(blob.digest);
    if (!blob.bytes) throw new Error('test setup: fetchBlob on a generated blob');
    if (blob.bytes.byteLength > maxBytes) throw new Error(`blob is larger than ${maxBytes} bytes`);
    return blob.bytes;
  }

  async *streamBlob(url: string): AsyncGenerator<Uint8Array> {
    const blob = this.#blob(url);
    const record: StreamRecord = { digest: blob.digest, served: 0, finished: false, abandoned: false };
    this.streams.push(record);
    const fail = this.failStream?.digest === blob.digest ? this.failStream : undefined;
    try {
      for await (const chunk of blob.generate ? blob.generate() : this.#chunks(blob.bytes!)) {
        if (fail && record.served >= fail.after) throw fail.error;
        record.served += chunk.byteLength;
        yield chunk;
      }
      record.finished = true;
    } finally {
      if (!record.finished) record.abandoned = true;
    }
  }

  *#chunks(bytes: Uint8Array): Generator<Uint8Array> {
    for (let offset = 0; offset < bytes.byteLength; offset += this.#chunkSize) {
      yield bytes.subarray(offset, offset + this.#chunkSize);
    }
  }

  #blob(url: string): Blob {
    const digest = url.slice(url.lastIndexOf('/') + 1);
    const blob = this.#blobs.get(digest);
    if (!blob) throw new Error(`test setup: no blob behind ${url}`);
    return blob;
  }
}
