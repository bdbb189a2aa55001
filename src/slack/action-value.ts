/**
 * Button values carry which image a button is about, signed with an HMAC so a crafted payload cannot point
 * a button at another image. The signature proves only where the value came from: who may act is still
 * checked from the payload's user on every click (platform.md §8).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ActionSubject {
  /** What the user typed, for re-running `why`. */
  ref: string;
  /** Target name the answer came from. */
  target?: string;
  repositoryName: string;
  imageDigest: string;
  accountId: string;
  region: string;
}

export interface ActionValueCodec {
  encode(subject: ActionSubject): string;
  /** Undefined when the value was not made by us (tampered, truncated, another key). */
  decode(value: string | undefined): ActionSubject | undefined;
}

export function createActionValueCodec(key: string): ActionValueCodec {
  const mac = (body: string) => createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);
  return {
    encode(subject) {
      const body = Buffer.from(JSON.stringify(subject)).toString('base64url');
      return `${body}.${mac(body)}`;
    },
    decode(value) {
      if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
      const [body, sig] = value.split('.');
      if (!body || !sig) return undefined;
      const expected = Buffer.from(mac(body));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      try {
        const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
        return typeof parsed?.repositoryName === 'string' && typeof parsed?.imageDigest === 'string'
          ? parsed
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
