/**
 * Layer and config downloads. GetDownloadUrlForLayer hands out a URL on the sandbox's own port that looks
 * like ECR's presigned S3 URL (X-Amz-Expires=3600); the GET checks our own signature and the expiry and
 * answers with the exact blob bytes, or an S3-style XML error.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerContext } from './handler.js';
import type { RouterDeps } from './router.js';
import { registryKey } from './world.js';

const SECRET = 'ecrscan-sandbox-blob-url-v1';
const EXPIRES_SECONDS = 3600;

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : undefined;
}

function sign(path: string, date: string, expires: string): string {
  return createHmac('sha256', SECRET).update(`${path}\n${date}\n${expires}`).digest('hex');
}

export function presignedBlobUrl(ctx: HandlerContext, repositoryName: string, digest: string): string {
  const { accountId, region } = ctx.registry;
  const path = `/_blobs/${accountId}/${region}/${repositoryName}/${digest}`;
  const date = amzDate(ctx.now());
  const expires = String(EXPIRES_SECONDS);
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `ASIASANDBOX/${date.slice(0, 8)}/${region}/s3/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-Expires': expires,
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': sign(path, date, expires),
  });
  return `${ctx.baseUrl}${path}?${query}`;
}

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function serveBlob(deps: RouterDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const parts = url.pathname.split('/').slice(2).map(decodeURIComponent);
  const [accountId = '', region = ''] = parts;
  deps.stats.count('blob:get');
  const decision = deps.faults.decide('blob:get', `${accountId}/${region}`, Date.now());
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (decision.fault === 'throttle') return s3Error(res, 503, 'SlowDown', 'Please reduce your request rate.');
  if (decision.fault === 'server') return s3Error(res, 500, 'InternalError', 'We encountered an internal error.');
  if (req.method !== 'GET' && req.method !== 'HEAD') return s3Error(res, 405, 'MethodNotAllowed', 'Use GET.');

  const date = url.searchParams.get('X-Amz-Date') ?? '';
  const expires = url.searchParams.get('X-Amz-Expires') ?? '';
  if (url.searchParams.get('X-Amz-Signature') !== sign(url.pathname, date, expires)) {
    return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.');
  }
  const signedAt = parseAmzDate(date);
  if (!signedAt || signedAt.getTime() + Number(expires) * 1000 < deps.now().getTime()) {
    return s3Error(res, 403, 'AccessDenied', 'Request has expired');
  }
  const digest = parts.at(-1) ?? '';
  const repositoryName = parts.slice(2, -1).join('/');
  const world = deps.world();
  const repository = world.registries.get(registryKey(accountId, region))?.repositories.get(repositoryName);
  const bytes = repository?.images.references(digest) ? world.blobs.get(digest) : undefined;
  if (!bytes) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': bytes.byteLength,
    etag: `"${digest.slice(7, 39)}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
