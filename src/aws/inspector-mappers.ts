/** Inspector2 SDK output → domain facts. */
import type {
  AccountState,
  AggregationResponse,
  CoveredResource,
  EcrRescanDurationState,
  FailedAccount,
} from '@aws-sdk/client-inspector2';
import type { AccountEcrStatus, ImageCoverage, ImageSeverityCounts, InspectorEcrConfig } from '../domain/facts.js';
import { compact } from './compact.js';

export function mapEcrConfiguration(state: EcrRescanDurationState | undefined): InspectorEcrConfig {
  return compact({
    // The push-date duration is required on update; an answer without it is an account that never set one.
    rescanDuration: state?.rescanDuration ?? 'UNKNOWN',
    pullDateRescanDuration: state?.pullDateRescanDuration,
    pullDateRescanMode: state?.pullDateRescanMode,
    status: state?.status,
    updatedAt: state?.updatedAt,
  });
}

export function mapCoverage(resource: CoveredResource): ImageCoverage {
  const resourceId = resource.resourceId ?? '';
  const image = resource.resourceMetadata?.ecrImage;
  const repository = resource.resourceMetadata?.ecrRepository;
  return compact({
    resourceId,
    accountId: resource.accountId ?? '',
    statusCode: resource.scanStatus?.statusCode ?? 'UNKNOWN',
    reason: resource.scanStatus?.reason ?? 'UNKNOWN',
    repositoryName: repository?.name ?? repositoryFromImageArn(resourceId),
    scanFrequency: repository?.scanFrequency,
    imageTags: image?.tags ?? [],
    imagePulledAt: image?.imagePulledAt,
    lastInUseAt: image?.lastInUseAt,
    inUseCount: image?.inUseCount,
    lastScannedAt: resource.lastScannedAt,
  });
}

/** Accounts Inspector could not report on (e.g. not a member of the caller's organisation) are kept, as UNKNOWN. */
export function mapAccountStatuses(
  accounts: AccountState[] | undefined,
  failed: FailedAccount[] | undefined,
): AccountEcrStatus[] {
  return [
    ...(accounts ?? []).map((a) =>
      compact({
        accountId: a.accountId ?? '',
        ecrStatus: a.resourceState?.ecr?.status ?? 'UNKNOWN',
        accountState: a.state?.status,
      }),
    ),
    ...(failed ?? []).map((f) =>
      compact({ accountId: f.accountId ?? '', ecrStatus: f.resourceStatus?.ecr ?? 'UNKNOWN', accountState: f.status }),
    ),
  ];
}

/** `arn:aws:ecr:<region>:<account>:repository/<repo>/sha256:<hex>` → `<repo>` (repository names may contain `/`). */
function repositoryFromImageArn(arn: string): string | undefined {
  return /^arn:[^:]+:ecr:[^:]*:[^:]*:repository\/(.+)\/sha256:[0-9a-f]+$/.exec(arn)?.[1];
}

/** Entries without an image digest or repository cannot be joined to an image, so they are dropped. */
export function mapSeverityCounts(responses: AggregationResponse[] | undefined): ImageSeverityCounts[] {
  return (responses ?? []).flatMap((response) => {
    const r = response.awsEcrContainerAggregation;
    const digest = r?.imageSha ?? r?.resourceId?.slice(r.resourceId.lastIndexOf('/') + 1);
    if (!r || !digest?.startsWith('sha256:') || !r.repository) return [];
    const counts = r.severityCounts ?? {};
    return [
      {
        accountId: r.accountId ?? '',
        repositoryName: r.repository,
        imageDigest: digest,
        all: counts.all ?? 0,
        critical: counts.critical ?? 0,
        high: counts.high ?? 0,
        medium: counts.medium ?? 0,
      },
    ];
  });
}
