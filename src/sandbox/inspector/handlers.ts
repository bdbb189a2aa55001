/** Inspector2 REST routes the sandbox emulates (paths from the SDK's schema, platform.md §6.3). */
import type { Handler } from '../handler.js';
import { batchGetAccountStatus, getConfiguration } from './account.js';
import { listFindingAggregations } from './aggregations.js';
import { listCoverage, listCoverageStatistics } from './coverage.js';
import { listFindings } from './findings.js';

export const inspectorHandlers: Record<string, { name: string; handler: Handler }> = {
  '/configuration/get': { name: 'GetConfiguration', handler: getConfiguration },
  '/coverage/list': { name: 'ListCoverage', handler: listCoverage },
  '/coverage/statistics/list': { name: 'ListCoverageStatistics', handler: listCoverageStatistics },
  '/findings/aggregation/list': { name: 'ListFindingAggregations', handler: listFindingAggregations },
  '/findings/list': { name: 'ListFindings', handler: listFindings },
  '/status/batch/get': { name: 'BatchGetAccountStatus', handler: batchGetAccountStatus },
};
