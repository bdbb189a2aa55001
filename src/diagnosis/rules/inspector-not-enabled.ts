import type { ImageFacts } from '../../domain/image-facts.js';
import { enableInspectorCommand, putRegistryScanningCommand } from '../commands.js';
import { coverageEvidence, factErrorEvidence, SOURCES, scanTypeEvidence } from '../evidence.js';
import { coverageOf, inspectorErrors, scanType } from '../facts-view.js';
import { makeDiagnosis } from '../make-diagnosis.js';
import type { Diagnosis, Evidence, Rule } from '../types.js';

/**
 * INSPECTOR_NOT_ENABLED: the registry asks for enhanced scanning, which Inspector runs, but Inspector's ECR
 * scanning is not ENABLED in this account and Region (or is being disabled: coverage PENDING_DISABLE).
 * Nothing in the registry is scanned then, which is why this outranks every per-image explanation.
 */
export const inspectorNotEnabledRule: Rule = {
  id: 'inspector-not-enabled',
  evaluate(facts: ImageFacts): Diagnosis[] {
    if (scanType(facts) !== 'ENHANCED' || facts.inspector === undefined) return [];
    const account = facts.inspector.accountStatus;
    const coverage = coverageOf(facts);
    const status = account.ok ? (account.value?.ecrStatus ?? 'NOT_REPORTED') : undefined;
    const notEnabledErrors = inspectorErrors(facts).filter((e) => e.code === 'NOT_ENABLED');
    const pendingDisable = coverage?.reason === 'PENDING_DISABLE';
    const statusSays = status !== undefined && status !== 'ENABLED';
    if (!statusSays && notEnabledErrors.length === 0 && !pendingDisable) return [];

    const where = `account ${facts.image.registryId}, Region ${facts.target.region}`;
    const evidence: Evidence[] = [
      ...scanTypeEvidence(facts),
      ...(status !== undefined
        ? [{ label: "Inspector's ECR scanning", value: status, source: SOURCES.accountEcrStatus }]
        : []),
      ...notEnabledErrors.map(factErrorEvidence),
      ...(pendingDisable ? coverageEvidence(coverage) : []),
    ];
    const enable = `Enable it: ${enableInspectorCommand(facts)} (in an organization, the Inspector delegated administrator enables it for member accounts).`;
    const lookBack =
      'Once enabled, Inspector picks up images pushed in the last 14 days (one AWS page says 30); older images start out as SCAN_ELIGIBILITY_EXPIRED and need a rebuilt image pushed.';
    const everything = [
      { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
    ];
    const basic = `Or, if enhanced scanning is not wanted, switch the registry back to basic scanning: ${putRegistryScanningCommand('BASIC', everything, facts.target.region)} (scans set up under the other scan type stop being available).`;

    if (status === 'ENABLING') {
      return [
        makeDiagnosis('INSPECTOR_NOT_ENABLED', {
          title: `Amazon Inspector's ECR scanning is still being enabled (${where})`,
          cause:
            'The registry uses enhanced scanning, which Amazon Inspector runs, and Inspector is still enabling ECR scanning here (ENABLING). Images are scanned once it is ENABLED.',
          evidence,
          fix: ['Wait until the status is ENABLED, then ask again.', lookBack],
          certainty: 'certain',
        }),
      ];
    }
    const disabling = status === 'DISABLING' || pendingDisable;
    const suspended = status === 'SUSPENDING' || status === 'SUSPENDED';
    const state = disabling ? 'is being disabled' : suspended ? 'is suspended' : 'is not enabled';
    return [
      makeDiagnosis('INSPECTOR_NOT_ENABLED', {
        title: `Amazon Inspector's ECR scanning ${state} (${where})`,
        cause: `The registry is set to enhanced scanning, which Amazon Inspector runs, but Inspector's ECR scanning ${state} in this account and Region${pendingDisable ? ' (coverage PENDING_DISABLE: the image is being cleaned up during disablement and is no longer billed)' : ''}, so no image in this registry is scanned.`,
        evidence,
        fix: [enable, lookBack, basic],
        certainty: 'certain',
      }),
    ];
  },
};
