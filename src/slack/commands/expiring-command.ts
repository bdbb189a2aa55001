/**
 * `/ecrscan expiring [within Nd] [min-severity X] [repo filters…]`: what the digest would list, on demand, as an ephemeral answer.
 * The report comes from the digest service (the same computation and cache as the scheduled digests).
 */
import type { Logger } from '../../logger.js';
import { renderExpiring } from '../blocks/expiring.js';
import { renderDigestsUnavailable } from '../blocks/expiring-notices.js';
import type { Reply } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import type { ExpiringQuery } from './parse-digest-options.js';
import { withLooking } from './with-looking.js';

export async function answerExpiring(deps: SlackDeps, reply: Reply, log: Logger, query: ExpiringQuery) {
  const { digests } = deps;
  if (!digests) {
    await reply({ ...renderDigestsUnavailable(), response_type: 'ephemeral' });
    return;
  }
  const label = ['expiring', `within ${query.withinDays}d`, ...query.repoFilters].join(' ');
  const report = (async () => digests.report(query))();
  await withLooking({ lookingAfterMs: deps.lookingAfterMs, log }, reply, label, report, (result, replaceOriginal) =>
    reply({ ...renderExpiring(result, query), response_type: 'ephemeral', replace_original: replaceOriginal }),
  );
}
