/**
 * The real `serve()` in a child process, so that a fault drill can SIGKILL it like a pod that dies mid-work: no
 * graceful stop, no closed connections, no released leases (nor is there any other way to end it). Started by
 * `startServeChild` (serve-process.ts) with `node --import tsx`; the app's configuration comes in as the
 * environment (as in production) and the test-only knobs as one JSON argument (`ReplicaOptions`). Logs go to
 * stdout as JSON lines, which the parent reads; the port is reported over IPC once the app listens.
 */
import { serve } from '../../../src/main.js';
import { type ReplicaOptions, replicaServeOptions } from './replica-options.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as ReplicaOptions;
// The test process died or let go of us: a replica left running would keep taking the drill's jobs.
process.on('disconnect', () => process.exit(0));

const server = await serve(process.env, replicaServeOptions(opts));
process.send?.({ type: 'ready', port: server.port });
