import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobFetcher } from '../../src/aws/blob-fetch.js';

const CHUNK = new Uint8Array(16 * 1024).fill(7);
let server: Server;
let base: string;
let endlessClosed: Promise<unknown>;

beforeAll(async () => {
  let resolveClosed: (v: unknown) => void = () => undefined;
  endlessClosed = new Promise((r) => {
    resolveClosed = r;
  });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/small') {
      res.end(Buffer.from('{"os":"linux"}'));
    } else if (path === '/chunked') {
      for (let i = 0; i < 8; i++) res.write(CHUNK);
      res.end();
    } else if (path === '/declared') {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write(CHUNK);
    } else if (path === '/endless') {
      const pump = () => {
        while (!res.destroyed) {
          if (!res.write(CHUNK)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      res.on('close', () => resolveClosed(true));
      pump();
    } else if (path === '/stall') {
      res.writeHead(200);
      res.write(CHUNK);
    } else {
      res.writeHead(Number(path.slice(1)));
      res.end('<Error><Code>AccessDenied</Code></Error>');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('fetchBlob', () => {
  const blobs = createBlobFetcher();

  it('returns the whole body when it fits', async () => {
    const bytes = await blobs.fetchBlob(`${base}/small?X-Amz-Signature=s`, 1024);
    expect(new TextDecoder().decode(bytes)).toBe('{"os":"linux"}');
  });

  it('concatenates a chunked body exactly at the limit', async () => {
    const bytes = await blobs.fetchBlob(`${base}/chunked`, 8 * CHUNK.byteLength);
    expect(bytes.byteLength).toBe(8 * CHUNK.byteLength);
    expect(bytes.every((b) => b === 7)).toBe(true);
  });

  it('fails past maxBytes while reading a body without a length', async () => {
    await expect(blobs.fetchBlob(`${base}/chunked?X-Amz-Signature=secret`, 8 * CHUNK.byteLength - 1)).rejects.toSatisfy(
      (err: Error & { code?: string }) =>
        err.name === 'AwsError' &&
        err.code === 'VALIDATION' &&
        err.message === `blob at ${base}/chunked is larger than the ${8 * CHUNK.byteLength - 1}-byte limit`,
    );
  });

  it('fails before reading when Content-Length is over the limit', async () => {
    await expect(blobs.fetchBlob(`${base}/declared`, 1024)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it.each([
    [403, 'ACCESS_DENIED'],
    [404, 'LAYER_NOT_FOUND'],
    [429, 'THROTTLED'],
    [503, 'UNAVAILABLE'],
    [400, 'UNKNOWN'],
  ])('maps HTTP %i to %s without the query string', async (status, code) => {
    const err = await blobs.fetchBlob(`${base}/${status}?X-Amz-Credential=AKIAABCDEFGHIJKLMNOP`, 1024).catch((e) => e);
    expect(err).toMatchObject({ name: 'AwsError', code, httpStatus: status, operation: 'blob:download' });
    expect(err.message).not.toContain('X-Amz');
  });

  it('maps a refused connection to UNAVAILABLE', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    await expect(blobs.fetchBlob(`http://127.0.0.1:${port}/x`, 10)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('gives up on a body that stops arriving', async () => {
    const impatient = createBlobFetcher({ idleTimeoutMs: 50 });
    const err = await impatient.fetchBlob(`${base}/stall`, 10 * CHUNK.byteLength).catch((e) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect(err.message).toContain('idle timeout');
  });
});

describe('streamBlob', () => {
  it('yields chunks and aborts the download when the consumer stops', async () => {
    const blobs = createBlobFetcher();
    let received = 0;
    for await (const chunk of blobs.streamBlob(`${base}/endless`)) {
      received += chunk.byteLength;
      if (received >= 3 * CHUNK.byteLength) break;
    }
    expect(received).toBeGreaterThanOrEqual(3 * CHUNK.byteLength);
    // The server writes for as long as the connection lives: only an aborted request closes it.
    await expect(endlessClosed).resolves.toBe(true);
  });

  it('reports HTTP errors when iteration starts', async () => {
    const blobs = createBlobFetcher();
    const iterate = async () => {
      for await (const _ of blobs.streamBlob(`${base}/403`)) {
        // no body is expected
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  });
});
