/**
 * What the digest service needs from a scheduler: one daily schedule per subscription, kept in step with the
 * subscription store. Two implementations: BullMQ job schedulers on Redis (`bull-digest-scheduler.ts`, any
 * number of replicas) and a timer in this process (`in-process-scheduler.ts`, no REDIS_URL, one replica).
 */
import type { Subscription } from '../usecases/digest-service.js';

export interface DigestScheduler {
  readonly mode: 'bullmq' | 'in-process';
  /** Adds or changes the subscription's schedule (idempotent: every replica may call it). */
  upsert(subscription: Subscription): Promise<void>;
  remove(subscriptionId: string): Promise<void>;
  /** Makes the schedules exactly these: the store is the truth, schedules of removed subscriptions go. */
  reconcile(subscriptions: readonly Subscription[]): Promise<void>;
  nextRun(subscriptionId: string): Promise<Date | undefined>;
  /** Starts running digests (the worker, or the timer). */
  start(): Promise<void>;
  /** Stops taking new runs and waits for running ones (bounded by `graceMs`, default 20 s). */
  close(opts?: { graceMs?: number }): Promise<void>;
}
