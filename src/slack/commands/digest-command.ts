/**
 * `/ecrscan digest subscribe|list|unsubscribe|preview`. Subscribing and unsubscribing change what a channel
 * receives, so the caller's admin permission is checked first, from the request's user id, and every attempt,
 * allowed or refused, goes to the audit log. Listing and previewing are open to anyone in the channel.
 */
import type { Logger } from '../../logger.js';
import type { DigestService, Subscription } from '../../usecases/digest-service.js';
import { checkAdmin } from '../actions/digest-deps.js';
import { renderDigestsUnavailable, renderPreviewPosted } from '../blocks/expiring-notices.js';
import {
  renderFromFile,
  renderNoSubscription,
  renderSubscribed,
  renderSubscriptionList,
  renderSubscriptionNotFound,
  renderUnsubscribed,
  renderWhichSubscription,
} from '../blocks/expiring-subscriptions.js';
import type { BlockMessage } from '../blocks/message.js';
import { renderNotAllowed } from '../blocks/notices.js';
import { type Reply, replyWithError } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import type { ParsedCommand } from './parse-command.js';
import { withLooking } from './with-looking.js';

export type DigestCommand = Extract<ParsedCommand, { kind: `digest-${string}` }>;

export interface DigestCommandContext {
  deps: SlackDeps;
  reply: Reply;
  log: Logger;
  user: string;
  team: string;
  channel: string;
}

export async function answerDigest(ctx: DigestCommandContext, parsed: DigestCommand): Promise<void> {
  const { digests } = ctx.deps;
  if (!digests) return say(ctx, renderDigestsUnavailable());
  try {
    switch (parsed.kind) {
      case 'digest-list':
        return await say(ctx, renderSubscriptionList(await digests.list(ctx.team, ctx.channel), ctx.channel));
      case 'digest-preview':
        return await preview(ctx, digests, parsed.id);
      case 'digest-subscribe':
        return await subscribe(ctx, digests, parsed.options);
      case 'digest-unsubscribe':
        return await unsubscribe(ctx, digests, parsed.id);
    }
  } catch (err) {
    await replyWithError(ctx.reply, ctx.log, err, false);
  }
}

type SubscribeOptions = Extract<DigestCommand, { kind: 'digest-subscribe' }>['options'];

async function subscribe(ctx: DigestCommandContext, digests: DigestService, options: SubscribeOptions) {
  const subject = options.repoFilters.join(',') || '*';
  const schedule = `at ${options.at} ${options.timeZone} within ${options.withinDays}d`;
  if (!(await admitted(ctx, 'digest-subscribe', subject, schedule))) return;
  let sub: Subscription;
  try {
    sub = await digests.subscribe({ teamId: ctx.team, channelId: ctx.channel, ...options }, { userId: ctx.user });
  } catch (err) {
    await audit(ctx, 'digest-subscribe', subject, 'failed', errorText(err));
    throw err;
  }
  // The same channel and filters again update the one subscription.
  const outcome = sub.updatedAt ? 'updated' : 'subscribed';
  await audit(ctx, 'digest-subscribe', subject, outcome, `id ${sub.id} ${schedule}`);
  await ctx.reply({ ...renderSubscribed(sub, ctx.user), response_type: 'in_channel' });
}

async function unsubscribe(ctx: DigestCommandContext, digests: DigestService, id: string | undefined) {
  const subject = id ?? '*';
  if (!(await admitted(ctx, 'digest-unsubscribe', subject))) return;
  const subs = await digests.list(ctx.team, ctx.channel);
  const chosen = id === undefined ? subs : subs.filter((s) => s.id === id);
  if (id !== undefined && chosen.length === 0) {
    return say(ctx, renderSubscriptionNotFound(id, subs, ctx.channel));
  }
  const fromSlack = chosen.filter((s) => s.source !== 'file');
  if (chosen.length > 0 && fromSlack.length === 0) return say(ctx, renderFromFile(chosen[0]!));
  if (chosen.length === 0) return say(ctx, renderNoSubscription(ctx.channel));
  let removed: number;
  try {
    removed = await digests.unsubscribe(ctx.team, ctx.channel, id);
  } catch (err) {
    await audit(ctx, 'digest-unsubscribe', subject, 'failed', errorText(err));
    throw err;
  }
  await audit(ctx, 'digest-unsubscribe', subject, 'unsubscribed', `removed ${removed}`);
  if (removed === 0) return say(ctx, renderNoSubscription(ctx.channel));
  const keptFromFile = chosen.length - fromSlack.length;
  await ctx.reply({
    ...renderUnsubscribed(removed, ctx.user, ctx.channel, keptFromFile),
    response_type: 'in_channel',
  });
}

async function preview(ctx: DigestCommandContext, digests: DigestService, id: string | undefined) {
  const subs = await digests.list(ctx.team, ctx.channel);
  if (id !== undefined && !subs.some((s) => s.id === id)) {
    return say(ctx, renderSubscriptionNotFound(id, subs, ctx.channel));
  }
  if (subs.length === 0) return say(ctx, renderNoSubscription(ctx.channel));
  if (id === undefined && subs.length > 1) return say(ctx, renderWhichSubscription(subs, 'preview'));
  const sub = subs.find((s) => s.id === id) ?? subs[0]!;
  const posted = (async () => digests.preview(sub))();
  await withLooking(
    { lookingAfterMs: ctx.deps.lookingAfterMs, log: ctx.log },
    ctx.reply,
    'digest preview',
    posted,
    (_, replaceOriginal) =>
      ctx.reply({ ...renderPreviewPosted(sub.id), response_type: 'ephemeral', replace_original: replaceOriginal }),
  );
}

/** The admin check every subscription change starts with; a refusal is answered and audited here. */
async function admitted(ctx: DigestCommandContext, action: string, subject: string, detail?: string) {
  const result = await checkAdmin(ctx.deps, ctx.user);
  if (result.allowed) return true;
  await audit(ctx, action, subject, 'refused', [result.reason, detail].filter(Boolean).join(': '));
  await say(ctx, renderNotAllowed({ action: "change this channel's digests", how: result.how }));
  return false;
}

function audit(ctx: DigestCommandContext, action: string, subject: string, outcome: string, detail?: string) {
  return ctx.deps.core.state.audit.record({
    at: ctx.deps.core.now(),
    action,
    user: ctx.user,
    team: ctx.team,
    channel: ctx.channel,
    // A subscription is about repositories (its filters) in every target, not one image.
    target: '*',
    image: subject,
    outcome,
    ...(detail ? { detail } : {}),
  });
}

function say(ctx: DigestCommandContext, message: BlockMessage): Promise<void> {
  return ctx.reply({ ...message, response_type: 'ephemeral' }).then(() => undefined);
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : 'unknown error';
}
