/**
 * The contract between the Slack front end and the digest machinery (subscriptions, snoozes, scheduled
 * posting). Implemented in `src/jobs/` (BullMQ on Redis, or in-process without REDIS_URL); the Slack
 * commands, buttons and App Home only use this interface.
 */
import type { ExpiringReport } from '../domain/expiring.js';

/** "Snooze 7 days": how long a digest's button snoozes an image in one channel (the jobs render it, Slack acts). */
export const SNOOZE_DAYS = 7;

export interface Subscription {
  id: string;
  teamId: string;
  channelId: string;
  /** ECR filter semantics (substring, or glob with `*`); empty = every repository. */
  repoFilters: string[];
  /** Local time of day, `HH:MM`. */
  at: string;
  /** IANA zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  withinDays: number;
  /** Only images whose highest finding severity is at least this (CRITICAL, HIGH, …). */
  minSeverity?: string;
  /** Post "all clear" when nothing expires, instead of staying silent. */
  allClear: boolean;
  createdBy: string;
  createdAt: Date;
  /** Set when a later subscribe changed this subscription (same channel and filters); absent on a new one. */
  updatedAt?: Date;
  /** `file`: from the static YAML subscriptions; cannot be changed from Slack. */
  source: 'slack' | 'file';
}

export type SubscribeInput = Pick<
  Subscription,
  'teamId' | 'channelId' | 'repoFilters' | 'at' | 'timeZone' | 'withinDays' | 'allClear'
> & {
  minSeverity?: string;
};

export interface SnoozeInput {
  teamId: string;
  channelId: string;
  accountId: string;
  region: string;
  repositoryName: string;
  imageDigest: string;
  days: number;
  by: string;
}

export interface DigestStatus {
  subscription: Subscription;
  lastPostedAt?: Date;
  nextRunAt?: Date;
  /** From the last computed report (cached): counts for the App Home. */
  counts?: { expiring: number; expired: number; unsupported?: number };
}

export interface DigestService {
  subscribe(input: SubscribeInput, actor: { userId: string }): Promise<Subscription>;
  list(teamId: string, channelId?: string): Promise<Subscription[]>;
  /**
   * Removes the channel's subscription(s) (one by id, else all of the channel); returns how many. Subscriptions
   * from the digest file cannot be removed (a `UserFacingError`).
   */
  unsubscribe(teamId: string, channelId: string, id?: string): Promise<number>;
  /** Posts now what the next digest would say (not counted as the day's digest). */
  preview(subscription: Subscription): Promise<void>;
  /** What the next digest would contain, without posting (for `/ecrscan expiring` and the App Home). */
  report(subscription: Pick<Subscription, 'repoFilters' | 'withinDays' | 'minSeverity'>): Promise<ExpiringReport>;
  snooze(input: SnoozeInput): Promise<{ until: Date }>;
  status(teamId: string): Promise<DigestStatus[]>;
}
