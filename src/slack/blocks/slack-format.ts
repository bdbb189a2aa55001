/**
 * The two pieces of Slack syntax ecrscan itself writes into mrkdwn besides links: dates (shown in each reader's
 * time zone) and user mentions. Both are built only from values that are checked here, so untrusted text can
 * never reach Slack as `<!…>` or `<@…>`.
 */
import { code, escapeMrkdwn } from './mrkdwn.js';

export type SlackDateFormat = 'date' | 'date-time';

const TOKENS: Record<SlackDateFormat, string> = {
  date: '{date_short_pretty}',
  'date-time': '{date_short_pretty} {time}',
};

/**
 * `<!date^unix^{date_short_pretty} {time}|fallback>`: Slack shows the date in the reader's own time zone and
 * falls back to the UTC text where it cannot. An invalid date renders as an escaped literal.
 */
export function slackDate(date: Date | string, format: SlackDateFormat = 'date-time'): string {
  const d = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return code(String(date), 40);
  const iso = d.toISOString();
  const fallback = format === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(d.getTime() / 1000)}^${TOKENS[format]}|${fallback}>`;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** `<@U123>` for a well-formed Slack user id; anything else is shown as inert text, never as a mention. */
export function mention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : code(userId, 40) || escapeMrkdwn('someone');
}

/**
 * Untrusted or mixed prose for mrkdwn: escaped, with backticks turned into plain quotes so text from AWS cannot
 * open or close the inline-code spans the renderers add around it.
 */
export function prose(s: string): string {
  return escapeMrkdwn(s.replace(/`/g, "'"));
}

/** Like {@link prose}, kept on one line (titles, list items). */
export function proseLine(s: string): string {
  return prose(s.replace(/[\r\n\u2028\u2029]+/g, ' '));
}
