/**
 * Every button listener starts the same way: ack at once (Slack's 3 seconds), record the ack time and the
 * request, then do the work tracked, so a graceful stop waits for it.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../slack-deps.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export function ackedAction<D extends SlackDeps>(
  deps: D,
  name: string,
  run: (deps: D, args: ButtonArgs) => Promise<void>,
): (args: ButtonArgs) => Promise<void> {
  return async (args) => {
    const started = performance.now();
    await args.ack();
    deps.metrics.ackSeconds.observe({ kind: 'action' }, (performance.now() - started) / 1000);
    deps.metrics.slackRequests.inc({ kind: 'action', name });
    await deps.track(run(deps, args));
  };
}
