import { createHmac } from 'node:crypto';

/** The two headers Slack puts on every request it sends to an app. */
export interface SlackSignatureHeaders {
  'X-Slack-Request-Timestamp': string;
  'X-Slack-Signature': string;
}

/**
 * Signs a request body the way Slack does (platform.md §1.4): HMAC-SHA256 over `v0:<timestamp>:<raw body>`,
 * keyed with the signing secret, sent as `v0=<hex>`. The body must be the exact bytes that will be sent.
 */
export function signSlackRequest(
  secret: string,
  body: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const hex = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': `v0=${hex}` };
}
