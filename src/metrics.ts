/**
 * Prometheus metrics (served at /metrics). One registry per process; names follow Prometheus conventions.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ecrscan_process_' });
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    slackRequests: counter('ecrscan_slack_requests_total', 'Slack commands, actions and events received', [
      'kind',
      'name',
    ]),
    ackSeconds: new Histogram({
      name: 'ecrscan_slack_ack_seconds',
      help: 'Time from receiving a Slack request to acknowledging it',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    awsCalls: counter('ecrscan_aws_calls_total', 'AWS API attempts, retries included', ['operation']),
    awsErrors: counter('ecrscan_aws_errors_total', 'AWS errors that reached ecrscan', ['code']),
    cache: counter('ecrscan_cache_total', 'Cache lookups by outcome', ['kind', 'outcome']),
    slackApiErrors: counter('ecrscan_slack_api_errors_total', 'Slack Web API and response_url failures', ['method']),
    answers: counter('ecrscan_answers_total', 'why answers by their worst severity', ['worst']),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
