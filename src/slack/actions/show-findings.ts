/**
 * Show findings: a modal listing the image's findings (UNDEFINED/UNTRIAGED first when there are any),
 * paged with Previous / Next and a filter switch. The modal opens at once with a loading state (a
 * trigger_id lives 3 seconds) and is filled in when the answer is ready.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { VulnerabilityFinding } from '../../domain/facts.js';
import type { Explanation } from '../../usecases/explain-image.js';
import {
  type FindingsFilter,
  parseFindingsModalState,
  parseFindingsPageTarget,
  renderFindingsModal,
} from '../blocks/findings-modal.js';
import { renderUserError } from '../blocks/notices.js';
import { createReply } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { decodeSubject, explainSubject, staleButton } from './resolve-subject.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const FINDINGS_PAGE_SIZE = 20;

const STALE_BUTTON = staleButton('Show findings');

/** Every finding ECR reported for the image, once each. */
export function allFindings(explanation: Explanation): VulnerabilityFinding[] {
  const scan = explanation.facts.scan.ok ? explanation.facts.scan.value.findings : [];
  const seen = new Set<string>();
  return scan.filter((f) => {
    const key = `${f.id}|${f.packages[0]?.name ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function modalFor(explanation: Explanation, ref: string, filter: FindingsFilter, page: number) {
  const image = `${explanation.facts.image.repositoryName}@${explanation.facts.image.imageDigest}`;
  return renderFindingsModal({
    title: 'Findings',
    image,
    findings: allFindings(explanation),
    filter,
    page,
    pageSize: FINDINGS_PAGE_SIZE,
    ref,
  });
}

export const showFindingsAction =
  (deps: SlackDeps) =>
  async ({ ack, action, body, client, respond }: Args) => {
    await ack();
    deps.metrics.slackRequests.inc({ kind: 'action', name: 'show-findings' });
    const ref = action.value ?? '';
    const subject = decodeSubject(deps, ref);
    if (!subject || !body.trigger_id) {
      const reply = createReply(respond, deps.log, deps.metrics);
      await reply({ ...renderUserError(STALE_BUTTON), replace_original: false });
      return;
    }
    const log = deps.log.child({ action: 'show-findings', user: body.user.id });
    await deps.track(
      (async () => {
        try {
          const loading = renderFindingsModal({
            title: 'Findings',
            image: subject.repositoryName,
            findings: [],
            filter: 'all',
            page: 0,
            pageSize: FINDINGS_PAGE_SIZE,
            ref,
            loading: true,
          });
          const opened = await client.views.open({ trigger_id: body.trigger_id, view: loading });
          const explanation = await explainSubject(deps, subject);
          const unrated = allFindings(explanation).some(
            (f) => f.severity === 'UNDEFINED' || f.severity === 'UNTRIAGED',
          );
          if (!opened.view?.id) return;
          await client.views.update({
            view_id: opened.view.id,
            hash: opened.view.hash,
            view: modalFor(explanation, ref, unrated ? 'undefined' : 'all', 0),
          });
        } catch (err) {
          deps.metrics.slackApiErrors.inc({ method: 'views' });
          log.warn({ err }, 'could not show findings');
        }
      })(),
    );
  };

export const findingsPageAction =
  (deps: SlackDeps) =>
  async ({ ack, action, body, client }: Args) => {
    await ack();
    deps.metrics.slackRequests.inc({ kind: 'action', name: 'findings-page' });
    const view = 'view' in body ? body.view : undefined;
    const state = parseFindingsModalState(view?.private_metadata);
    const target = parseFindingsPageTarget(action.value);
    const subject = state && decodeSubject(deps, state.ref);
    if (!view || !state || !target || !subject) return;
    await deps.track(
      (async () => {
        try {
          const explanation = await explainSubject(deps, subject);
          await client.views.update({
            view_id: view.id,
            hash: view.hash,
            view: modalFor(explanation, state.ref, target.filter, target.page),
          });
        } catch (err) {
          deps.metrics.slackApiErrors.inc({ method: 'views.update' });
          deps.log.warn({ err }, 'could not page findings');
        }
      })(),
    );
  };
