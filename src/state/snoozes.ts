/**
 * Snoozes: "leave this image out of this channel's digests for N days", pressed on a digest row. Per image
 * (account, Region, repository, digest) and per channel, so one team's snooze never hides an image from another
 * team. Every snooze is written to the audit log: hiding a warning is an action someone answers for.
 *
 * Two implementations honour one contract (test/state/snoozes-contract.ts): the in-memory twin below and
 * `createRedisSnoozeStore` (digest-redis-snoozes.ts).
 */
import { UserFacingError } from '../errors.js';
import type { SnoozeInput } from '../usecases/digest-service.js';
import type { AuditLog } from './audit-log.js';

export const SNOOZE_DAYS = { min: 1, max: 90 } as const;

export interface SnoozeStore {
  /** Snoozes (or extends a snooze of) one image in one channel; never shortens one that lasts longer. */
  snooze(input: SnoozeInput): Promise<{ until: Date }>;
  /** The channel's snoozes still running, by {@link imageKey}. */
  active(teamId: string, channelId: string): Promise<Map<string, Date>>;
}

export interface ImageIdentity {
  accountId: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
}

/** `<account>/<region>/<repository>@<digest>`: how a snooze names an image. */
export function imageKey(image: ImageIdentity): string {
  return `${image.accountId}/${image.region}/${image.repositoryName}@${image.imageDigest}`;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,128}$/;
const REPOSITORY = /^[a-z0-9]+(?:[._\-/][a-z0-9]+)*$/;

export function validateSnooze(input: SnoozeInput): void {
  const problems: string[] = [];
  if (!/^[TE][A-Z0-9]{2,20}$/.test(input.teamId)) problems.push('team id');
  if (!/^[CGD][A-Z0-9]{2,20}$/.test(input.channelId)) problems.push('channel id');
  if (!ACCOUNT.test(input.accountId)) problems.push('account id');
  if (!REGION.test(input.region)) problems.push('Region');
  if (input.repositoryName.length > 256 || !REPOSITORY.test(input.repositoryName)) problems.push('repository');
  if (!DIGEST.test(input.imageDigest)) problems.push('image digest');
  if (!Number.isInteger(input.days) || input.days < SNOOZE_DAYS.min || input.days > SNOOZE_DAYS.max) {
    problems.push(`days (${SNOOZE_DAYS.min}–${SNOOZE_DAYS.max})`);
  }
  if (input.by === '') problems.push('user');
  if (problems.length > 0) {
    throw new UserFacingError('BAD_USAGE', `This snooze cannot be stored: bad ${problems.join(', ')}.`);
  }
}

export function auditSnooze(audit: AuditLog, input: SnoozeInput, until: Date, at: Date): Promise<void> {
  return audit.record({
    at,
    action: 'digest-snooze',
    user: input.by,
    team: input.teamId,
    channel: input.channelId,
    target: `${input.accountId}/${input.region}`,
    account: input.accountId,
    region: input.region,
    image: `${input.repositoryName}@${input.imageDigest}`,
    outcome: 'snoozed',
    detail: `left out of this channel's digests until ${until.toISOString()} (${input.days} days)`,
  });
}

/** One process's snoozes (no REDIS_URL). */
export function createMemorySnoozeStore(opts: { audit: AuditLog; now?: () => Date }): SnoozeStore {
  const now = opts.now ?? (() => new Date());
  const channels = new Map<string, Map<string, number>>();
  return {
    async snooze(input) {
      validateSnooze(input);
      const at = now();
      const channel = channels.get(`${input.teamId}/${input.channelId}`) ?? new Map<string, number>();
      channels.set(`${input.teamId}/${input.channelId}`, channel);
      const key = imageKey(input);
      const until = Math.max(at.getTime() + input.days * 86_400_000, channel.get(key) ?? 0);
      channel.set(key, until);
      await auditSnooze(opts.audit, input, new Date(until), at);
      return { until: new Date(until) };
    },
    async active(teamId, channelId) {
      const channel = channels.get(`${teamId}/${channelId}`);
      const t = now().getTime();
      const out = new Map<string, Date>();
      for (const [key, until] of channel ?? []) {
        if (until > t) out.set(key, new Date(until));
        else channel?.delete(key);
      }
      return out;
    },
  };
}
