/**
 * A tiny synchronous ustar writer + gzip. tar-stream only packs asynchronously, and the seeded image
 * digests must be known when `seeded-images.ts` is imported, so layers are built here; the tests read
 * them back with tar-stream to prove they are real archives. Output is deterministic (mtime 0, fixed
 * gzip header) so a layer's digest only changes when its files do.
 */
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  /** Omitted for directories. */
  content?: string | Uint8Array;
  mode?: number;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const directory = entry.content === undefined;
  block.write(entry.name, 0, 100, 'utf8');
  block.write(octal(entry.mode ?? (directory ? 0o755 : 0o644), 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(0, 12), 136);
  block.write('        ', 148);
  block.write(directory ? '5' : '0', 156);
  block.write('ustar\0', 257);
  block.write('00', 263);
  block.write('root', 265);
  block.write('root', 297);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

export function tarSync(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (Buffer.byteLength(entry.name) > 100) throw new Error(`tar name too long: ${entry.name}`);
    const data = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    parts.push(header(entry, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function gzipDeterministic(data: Uint8Array): Buffer {
  const gz = gzipSync(data, { level: 9 });
  gz[9] = 3; // OS = Unix, whatever platform built it
  return gz;
}
