/** The one place that maps Slack ids to listeners (style.md habit 2). */
import type { App } from '@slack/bolt';
import { enhancedOptionsAction, openConsoleAction, refreshAction, shareAction } from './actions/answer-actions.js';
import { digestExplainAction } from './actions/digest-explain.js';
import { digestSnoozeAction } from './actions/digest-snooze.js';
import type { RescanDeps } from './actions/rescan.js';
import { rescanAction } from './actions/rescan.js';
import { findingsPageAction, showFindingsAction } from './actions/show-findings.js';
import { ACTION_IDS, FINDINGS_PAGE_ACTION } from './blocks/ids.js';
import { ecrscanCommand } from './commands/ecrscan-command.js';
import { appHomeOpened } from './events/app-home-opened.js';
import type { SlackDeps } from './slack-deps.js';

export const SLASH_COMMAND = '/ecrscan';
/** Events API subscriptions; manifest.yml must list the same (a test checks it). */
export const SUBSCRIBED_EVENTS = ['app_home_opened'] as const;
/**
 * Bot scopes: commands, chat:write (answers), usergroups:read (who may rescan), chat:write.public (digests in
 * channels the bot has not joined), and channels:history / groups:history, read only when a digest attempt was
 * cut off mid-post, to find the message it may have posted instead of posting it twice (post-digest.ts).
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'usergroups:read',
  'channels:history',
  'groups:history',
] as const;

export function registerListeners(app: App, deps: SlackDeps & RescanDeps): void {
  app.command(SLASH_COMMAND, ecrscanCommand(deps));
  app.action(ACTION_IDS.refresh, refreshAction(deps));
  app.action(ACTION_IDS.share, shareAction(deps));
  app.action(ACTION_IDS.enhancedOptions, enhancedOptionsAction(deps));
  app.action(ACTION_IDS.openConsole, openConsoleAction(deps));
  app.action(ACTION_IDS.showFindings, showFindingsAction(deps));
  app.action(FINDINGS_PAGE_ACTION, findingsPageAction(deps));
  app.action(ACTION_IDS.rescan, rescanAction(deps));
  app.action(ACTION_IDS.digestExplain, digestExplainAction(deps));
  app.action(ACTION_IDS.digestSnooze, digestSnoozeAction(deps));
  app.event('app_home_opened', appHomeOpened(deps));
}
