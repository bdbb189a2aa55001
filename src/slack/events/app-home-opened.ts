/**
 * The App Home tab: the workspace's digests (from `digests.status`, which the digest service caches, so
 * opening the tab costs no AWS call) and the commands. Events API deliveries are retried by Slack, so each
 * `event_id` is handled once. A failure to read the digests still publishes the tab, saying so.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { type HomeDigests, renderHome } from '../blocks/home.js';
import type { SlackDeps } from '../slack-deps.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

export const appHomeOpened =
  (deps: SlackDeps) =>
  async ({ event, body, client }: Args) => {
    deps.metrics.slackRequests.inc({ kind: 'event', name: 'app_home_opened' });
    const eventId = 'event_id' in body ? String(body.event_id) : undefined;
    if (eventId && !(await deps.claimOnce(`event:${eventId}`, 60 * 60_000))) return;
    if (event.tab !== 'home') return;
    const log = deps.log.child({ event: 'app_home_opened', user: event.user });
    const teamId = 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : undefined;
    const digests = await readDigests(deps, teamId, log);
    try {
      await client.views.publish({ user_id: event.user, view: renderHome(digests) });
    } catch (err) {
      deps.metrics.slackApiErrors.inc({ method: 'views.publish' });
      log.warn({ err }, 'could not publish the home tab');
    }
  };

async function readDigests(deps: SlackDeps, teamId: string | undefined, log: SlackDeps['log']): Promise<HomeDigests> {
  if (!deps.digests) return { kind: 'unavailable' };
  if (!teamId) return { kind: 'unreadable' };
  try {
    return { kind: 'ok', statuses: await deps.digests.status(teamId) };
  } catch (err) {
    log.warn({ err }, 'could not read the digest subscriptions for the home tab');
    return { kind: 'unreadable' };
  }
}
