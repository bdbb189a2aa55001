import { createMemoryAuditLog } from '../../src/state/audit-log.js';
import { captureLog } from '../support/log-capture.js';
import { auditLogContract } from './audit-log-contract.js';

auditLogContract('memory', async ({ maxEntries }) => {
  const { log, lines } = captureLog();
  return { audit: createMemoryAuditLog({ log, maxEntries }), lines, dispose: async () => {} };
});
