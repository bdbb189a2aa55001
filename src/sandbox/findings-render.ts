/**
 * Renders a vulnerability spec in the three shapes AWS uses for it: ECR basic `findings[]`
 * (name/uri/severity/attributes, attribute keys as Clair-era ECR sent them), ECR `enhancedFindings[]`
 * and Inspector2 `Finding`. Keeping one spec per vulnerability keeps ECR and Inspector answers consistent.
 */
import { createHash } from 'node:crypto';
import type { SandboxImage, SandboxRegistry, ScanRecord, VulnSpec } from './world.js';
import { imageArn } from './world.js';

export function basicFinding(v: VulnSpec) {
  const attributes = [
    { key: 'package_version', value: v.packageVersion },
    { key: 'package_name', value: v.packageName },
  ];
  if (v.cvss2)
    attributes.push(
      { key: 'CVSS2_VECTOR', value: v.cvss2.vector },
      { key: 'CVSS2_SCORE', value: String(v.cvss2.score) },
    );
  if (v.cvss3)
    attributes.push(
      { key: 'CVSS3_VECTOR', value: v.cvss3.vector },
      { key: 'CVSS3_SCORE', value: String(v.cvss3.score) },
    );
  return { name: v.id, description: v.description, uri: v.sourceUrl, severity: v.severity, attributes };
}

function findingArn(registry: SandboxRegistry, image: SandboxImage, v: VulnSpec): string {
  const id = createHash('sha256').update(`${image.digest}|${v.id}|${v.packageName}`).digest('hex').slice(0, 32);
  return `arn:aws:inspector2:${registry.region}:${registry.accountId}:finding/${id}`;
}

function vendorDate(v: VulnSpec): Date {
  const year = Number(/^CVE-(\d{4})-/.exec(v.id)?.[1] ?? 2024);
  return new Date(Date.UTC(year, 2, 14, 15, 15));
}

/** Fields ECR's EnhancedImageScanFinding and Inspector's Finding share. */
function common(registry: SandboxRegistry, repositoryName: string, image: SandboxImage, v: VulnSpec, scan: ScanRecord) {
  const observed = scan.completedAt ?? image.pushedAt;
  const cvss = v.cvss3 ?? v.cvss2;
  const cvssVersion = v.cvss3 ? '3.1' : '2.0';
  return {
    awsAccountId: registry.accountId,
    description: v.description,
    findingArn: findingArn(registry, image, v),
    firstObservedAt: new Date(Math.min(image.pushedAt.getTime() + 600_000, observed.getTime())),
    lastObservedAt: observed,
    updatedAt: observed,
    packageVulnerabilityDetails: {
      cvss: cvss ? [{ baseScore: cvss.score, scoringVector: cvss.vector, source: v.source, version: cvssVersion }] : [],
      referenceUrls: [...new Set([v.sourceUrl, `https://nvd.nist.gov/vuln/detail/${v.id}`])],
      relatedVulnerabilities: [],
      source: v.source,
      sourceUrl: v.sourceUrl,
      vendorCreatedAt: vendorDate(v),
      vendorSeverity: v.vendorSeverity,
      vendorUpdatedAt: vendorDate(v),
      vulnerabilityId: v.id,
      vulnerablePackages: [
        {
          arch: image.platform?.architecture === 'arm64' ? 'arm64' : 'amd64',
          epoch: 0,
          name: v.packageName,
          packageManager: v.packageManager ?? 'OS',
          version: v.packageVersion,
          fixedInVersion: v.fixedInVersion ?? 'NotAvailable',
          filePath: v.filePath,
          sourceLayerHash: image.blobDigests.at(-1),
        },
      ],
    },
    remediation: { recommendation: { text: 'None Provided' } },
    resources: [
      {
        details: {
          awsEcrContainerImage: {
            architecture: image.platform?.architecture,
            imageHash: image.digest,
            imageTags: image.tags,
            platform: image.platform?.inspectorPlatform,
            pushedAt: image.pushedAt,
            registry: registry.accountId,
            repositoryName,
            lastInUseAt: image.lastInUseAt,
            inUseCount: image.inUseCount,
          },
        },
        id: imageArn(registry, repositoryName, image.digest),
        partition: 'aws',
        region: registry.region,
        type: 'AWS_ECR_CONTAINER_IMAGE',
      },
    ],
    severity: v.severity,
    status: 'ACTIVE',
    title: `${v.id} - ${v.packageName}`,
    type: 'PACKAGE_VULNERABILITY',
    fixAvailable: v.fixedInVersion ? 'YES' : 'NO',
    exploitAvailable: v.exploitAvailable ?? 'NO',
  };
}

/** CVSS details the way both APIs nest them; none for UNTRIAGED findings (no vendor score yet). */
function scoreOf(v: VulnSpec) {
  const cvss = v.cvss3 ?? v.cvss2;
  if (!cvss || v.severity === 'UNTRIAGED') return undefined;
  const version = v.cvss3 ? '3.1' : '2.0';
  return { adjustments: [], score: cvss.score, scoreSource: v.source, scoringVector: cvss.vector, version };
}

export function enhancedFinding(
  registry: SandboxRegistry,
  repositoryName: string,
  image: SandboxImage,
  v: VulnSpec,
  scan: ScanRecord,
) {
  const score = scoreOf(v);
  return {
    ...common(registry, repositoryName, image, v, scan),
    score: score?.score,
    scoreDetails: score ? { cvss: score } : undefined,
  };
}

export function inspectorFinding(
  registry: SandboxRegistry,
  repositoryName: string,
  image: SandboxImage,
  v: VulnSpec,
  scan: ScanRecord,
) {
  const score = scoreOf(v);
  return {
    ...common(registry, repositoryName, image, v, scan),
    inspectorScore: score?.score,
    inspectorScoreDetails: score ? { adjustedCvss: { ...score, cvssSource: v.source } } : undefined,
  };
}
