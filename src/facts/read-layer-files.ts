/**
 * Streams one image layer (a tarball, maybe gzipped) and keeps only the few entries that tell which OS an image
 * has: os-release, package databases, shells, and whiteouts. Layers can be 52,000 MiB (domain.md §6.4), so
 * reading is bounded in compressed bytes pulled from the network and can stop as soon as the caller has its
 * answer; stopping returns the source iterator, which aborts the download.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';

export type LayerFileRole = 'os-release' | 'apk' | 'dpkg' | 'rpm' | 'shell';

export interface LayerFile {
  /** Archive path without a leading `./` or `/`. */
  path: string;
  role: LayerFileRole;
  type: 'file' | 'symlink' | 'link';
  /** Symlink target as written, or a hard link's archive path. */
  linkTarget?: string;
  /** Text of os-release files (first 64 KiB); other files are only noted. */
  content?: string;
}

export interface LayerReadResult {
  files: LayerFile[];
  /** Paths this layer deletes from lower layers (`dir/.wh.name` → `dir/name`). */
  whiteouts: string[];
  /** Directories whose lower-layer contents this layer hides (`dir/.wh..wh..opq`). */
  opaqueDirs: string[];
  /** complete: read to the end; stopped: `shouldStop` said so; bound: `maxBytes` reached; corrupt: unreadable. */
  outcome: 'complete' | 'stopped' | 'bound' | 'corrupt';
  error?: string;
  /** Compressed bytes pulled from the source. */
  bytesRead: number;
  entries: number;
}

export interface ReadLayerOptions {
  compression: 'gzip' | 'none';
  /** Pull no more than about this many bytes (at most one source chunk beyond it). */
  maxBytes: number;
  /** Asked after each noted file or whiteout; `true` stops reading and abandons the download. */
  shouldStop?: (soFar: LayerReadResult) => boolean;
}

const OS_RELEASE_PATHS = new Set(['etc/os-release', 'usr/lib/os-release']);
const SHELL_PATHS = new Set([
  'bin/sh',
  'bin/bash',
  'bin/ash',
  'bin/busybox',
  'usr/bin/sh',
  'usr/bin/bash',
  'busybox/sh',
]);
const RPM_DB = /^(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/(?:Packages|Packages\.db|rpmdb\.sqlite)$/;
const MAX_TEXT_BYTES = 64 * 1024;
const OPAQUE_MARKER = '.wh..wh..opq';

/** Which role an archive path plays, if any. Paths are normalised (no leading `./`). */
export function roleOf(path: string): LayerFileRole | undefined {
  if (OS_RELEASE_PATHS.has(path)) return 'os-release';
  if (path === 'lib/apk/db/installed') return 'apk';
  if (path === 'var/lib/dpkg/status' || /^var\/lib\/dpkg\/status\.d\/[^/]+$/.test(path)) return 'dpkg';
  if (RPM_DB.test(path)) return 'rpm';
  if (SHELL_PATHS.has(path)) return 'shell';
  return undefined;
}

export function normalisePath(name: string): string {
  return name.replace(/^(?:\.?\/)+/, '').replace(/\/+$/, '');
}

/**
 * Reads a layer. Errors of the source (the network) are rethrown; problems of the content (bad gzip, truncated
 * or malformed tar) end the read with outcome `corrupt` and keep what was found before them.
 */
export async function readLayerFiles(
  chunks: AsyncIterable<Uint8Array>,
  opts: ReadLayerOptions,
): Promise<LayerReadResult> {
  const result: LayerReadResult = {
    files: [],
    whiteouts: [],
    opaqueDirs: [],
    outcome: 'complete',
    bytesRead: 0,
    entries: 0,
  };
  const source: { error?: { value: unknown }; boundReached: boolean } = { boundReached: false };

  async function* counted(): AsyncGenerator<Uint8Array> {
    const iterator = chunks[Symbol.asyncIterator]();
    let finished = false;
    try {
      while (true) {
        if (result.bytesRead >= opts.maxBytes) {
          source.boundReached = true;
          throw new Error(`byte bound of ${opts.maxBytes} reached`);
        }
        let next: IteratorResult<Uint8Array>;
        try {
          next = await iterator.next();
        } catch (err) {
          finished = true;
          source.error = { value: err };
          throw err;
        }
        if (next.done) {
          finished = true;
          return;
        }
        result.bytesRead += next.value.byteLength;
        yield next.value;
      }
    } finally {
      if (!finished) await iterator.return?.();
    }
  }

  const input = Readable.from(counted(), { objectMode: false });
  const tar = extract();
  const piped = (opts.compression === 'gzip' ? pipeline(input, createGunzip(), tar) : pipeline(input, tar)).then(
    () => undefined,
    (err: unknown) => err,
  );

  let stopped = false;
  let contentError: unknown;
  try {
    for await (const entry of tar) {
      result.entries += 1;
      const noted = await noteEntry(entry.header, entry, result);
      if (noted && opts.shouldStop?.(result)) {
        stopped = true;
        break;
      }
    }
  } catch (err) {
    contentError = err;
  }
  const pipeError = await piped;

  if (source.error) throw source.error.value;
  if (stopped) result.outcome = 'stopped';
  else if (source.boundReached) result.outcome = 'bound';
  else if (contentError !== undefined || pipeError !== undefined) {
    result.outcome = 'corrupt';
    result.error = describeError(contentError ?? pipeError);
  }
  return result;
}

interface EntryHeader {
  name: string;
  type: string;
  linkname?: string | null;
}

async function noteEntry(header: EntryHeader, body: AsyncIterable<unknown>, result: LayerReadResult): Promise<boolean> {
  const path = normalisePath(header.name);
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const base = path.slice(slash + 1);
  const role = header.type === 'directory' ? undefined : roleOf(path);
  let content: string | undefined;
  if (role === 'os-release' && header.type === 'file') content = await readText(body);
  else await drain(body);

  if (base === OPAQUE_MARKER) {
    result.opaqueDirs.push(dir.replace(/\/$/, ''));
    return true;
  }
  if (base.startsWith('.wh.') && !base.startsWith('.wh..wh.')) {
    result.whiteouts.push(dir + base.slice(4));
    return true;
  }
  if (role === undefined) return false;
  const type = header.type === 'symlink' ? 'symlink' : header.type === 'link' ? 'link' : 'file';
  const file: LayerFile = { path, role, type };
  if (type !== 'file' && header.linkname)
    file.linkTarget = type === 'link' ? normalisePath(header.linkname) : header.linkname;
  if (content !== undefined) file.content = content;
  result.files.push(file);
  return true;
}

/** Reads an entry to its end (destroying an entry stream would destroy the whole extractor), keeping 64 KiB. */
async function readText(body: AsyncIterable<unknown>): Promise<string> {
  const kept: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < MAX_TEXT_BYTES) {
      const part = Buffer.from(chunk as Uint8Array).subarray(0, MAX_TEXT_BYTES - size);
      kept.push(part);
      size += part.byteLength;
    }
  }
  return Buffer.concat(kept).toString('utf8');
}

async function drain(body: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of body) {
    // discard
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
