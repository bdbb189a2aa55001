import { type AwsClientOptions, createAwsClients } from './clients.js';
import { createEcrAdapter } from './ecr-adapter.js';
import { createInspectorAdapter } from './inspector-adapter.js';
import type { AwsPorts, Target } from './ports.js';

export interface AwsPortsOptions extends AwsClientOptions {
  /** For presigned layer URLs; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface DisposableAwsPorts extends AwsPorts {
  /** Closes the SDK clients' sockets. */
  destroy(): void;
}

/** The composition root's one call per target: SDK clients plus the adapters that hide them. */
export function createAwsPorts(target: Target, opts: AwsPortsOptions = {}): DisposableAwsPorts {
  const clients = createAwsClients(target, opts);
  return {
    target,
    ecr: createEcrAdapter({ client: clients.ecr, noRetryClient: clients.ecrNoRetry, fetch: opts.fetch }),
    inspector: createInspectorAdapter({ client: clients.inspector }),
    destroy: () => clients.destroy(),
  };
}
