/**
 * The App Home tab: for now the help text, so a new user finds the commands. Events API deliveries are
 * retried by Slack, so each `event_id` is handled once.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderHelp } from '../blocks/help.js';
import type { SlackDeps } from '../slack-deps.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

export const appHomeOpened =
  (deps: SlackDeps) =>
  async ({ event, body, client }: Args) => {
    deps.metrics.slackRequests.inc({ kind: 'event', name: 'app_home_opened' });
    const eventId = 'event_id' in body ? String(body.event_id) : undefined;
    if (eventId && !(await deps.claimOnce(`event:${eventId}`, 60 * 60_000))) return;
    if (event.tab !== 'home') return;
    const help = renderHelp();
    try {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: help.blocks } });
    } catch (err) {
      deps.metrics.slackApiErrors.inc({ method: 'views.publish' });
      deps.log.warn({ err }, 'could not publish the home tab');
    }
  };
