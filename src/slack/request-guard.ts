/**
 * What Bolt's signature check lets through, closed after it has passed (platform.md §1.4):
 * - a timestamp more than 5 minutes in the future: Bolt rejects only the past side → 401;
 * - the same signed request sent again while its timestamp is still accepted (a replay) → 401. Slack sends one
 *   signature twice only as an Events API retry, marked `X-Slack-Retry-Num`; those pass, and the `event:<id>`
 *   claim (events/app-home-opened.ts) handles them once. Commands and clicks are never retried, so a retry
 *   header on them (headers are not signed) is ignored;
 * - a payload that is neither an event nor a command and names no user: Bolt reads `body.user.id` before any
 *   middleware or listener and answers HTTP 500. Slack never sends one, so it is acked (200), logged and dropped.
 *
 * Replays are claimed in the shared `Once` store, so a replay reaching another replica is refused too: one
 * `SET NX` per request, the only round trip before the ack.
 */
import { createHash } from 'node:crypto';
import type { BufferedIncomingMessage, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Once } from '../state/once.js';

/** How far Bolt lets a timestamp lag behind; the future is held to the same bound. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;
/** A replay claim outlives the signature by this much: replicas' clocks (each runs Bolt's check) differ a little. */
const CLOCK_SKEW_MS = 60_000;

/** Names under which the verified headers ride from the HTTP request to `pass` (`ReceiverEvent.customProperties`). */
const SIGNATURE = 'slackSignature';
const TIMESTAMP = 'slackRequestTimestamp';

/** Thrown by `pass` for a request to answer with 401 and nothing else. */
export class RejectedSlackRequest extends Error {
  override name = 'RejectedSlackRequest';
}

export interface RequestGuardOptions {
  once: Once;
  log: Logger;
  now?: () => number;
}

export interface RequestGuard {
  /** HTTPReceiver's `customPropertiesExtractor`: runs after the signature check, so the headers are genuine. */
  carrySignature(request: BufferedIncomingMessage): Record<string, string>;
  /**
   * The event to hand to Bolt (without the carried headers, so listeners never see them), or undefined when it
   * has been acked and dropped. Throws `RejectedSlackRequest` for a 401.
   */
  pass(event: ReceiverEvent): Promise<ReceiverEvent | undefined>;
}

export function createRequestGuard(opts: RequestGuardOptions): RequestGuard {
  const log = opts.log.child({ component: 'request-guard' });
  const now = opts.now ?? Date.now;

  return {
    carrySignature(request) {
      const signature = request.headers['x-slack-signature'];
      const timestamp = request.headers['x-slack-request-timestamp'];
      const carried: Record<string, string> = {};
      if (typeof signature === 'string' && typeof timestamp === 'string') {
        carried[SIGNATURE] = signature;
        carried[TIMESTAMP] = timestamp;
      }
      return carried;
    },

    async pass(event) {
      const { customProperties, ...rest } = event;
      const signature = customProperties?.[SIGNATURE];
      // Bolt's own parse of the header (a NaN never gets this far).
      const timestampMs = Number(customProperties?.[TIMESTAMP]) * 1000;
      if (typeof signature === 'string' && Number.isFinite(timestampMs)) {
        const at = now();
        if (timestampMs > at + TIMESTAMP_TOLERANCE_MS) {
          log.warn(
            { type: typeOf(event.body), aheadMs: timestampMs - at },
            'refused a Slack request dated more than 5 minutes ahead',
          );
          throw new RejectedSlackRequest('timestamp too far in the future');
        }
        if (!isEventRetry(event)) {
          // Claimed until Bolt would refuse the timestamp anyway (signed now: a little over 5 minutes).
          const ttlMs = Math.max(timestampMs + TIMESTAMP_TOLERANCE_MS - at, 0) + CLOCK_SKEW_MS;
          if (!(await opts.once.claim(`slack-request:${digest(signature)}`, ttlMs))) {
            log.warn(
              { type: typeOf(event.body) },
              'refused a Slack request already received (same signature and timestamp)',
            );
            throw new RejectedSlackRequest('replayed request');
          }
        }
      }
      if (lacksUser(event.body)) {
        log.warn({ type: typeOf(event.body) }, 'ignored a Slack payload that names no user');
        await event.ack();
        return undefined;
      }
      return rest;
    },
  };
}

/** Only Events API deliveries are retried by Slack; the retry header on anything else is someone else's. */
function isEventRetry(event: ReceiverEvent): boolean {
  return event.retryNum !== undefined && event.body.type === 'event_callback';
}

/** Mirrors Bolt's routing (`getTypeAndConversation`): everything but events and commands is read as `user.id`. */
function lacksUser(body: ReceiverEvent['body']): boolean {
  if (body.event !== undefined || body.command !== undefined) return false;
  const user: unknown = body.user;
  return !(typeof user === 'object' && user !== null && typeof (user as { id?: unknown }).id === 'string');
}

function typeOf(body: ReceiverEvent['body']): string {
  return typeof body.type === 'string' ? body.type.slice(0, 50) : 'unknown';
}

/** The key needs no secrecy, only a fixed length: signatures are hex today, but the header is not ours. */
function digest(signature: string): string {
  return createHash('sha256').update(signature).digest('base64url');
}
