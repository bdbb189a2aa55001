/**
 * Maps the three vulnerability shapes (ECR basic `findings`, ECR `enhancedFindings`, Inspector `Finding`)
 * into `VulnerabilityFinding`. The ECR and Inspector SDKs declare the shared Inspector structures separately,
 * so they are read here through the structural subset both satisfy.
 */
import type { Attribute, EnhancedImageScanFinding, ImageScanFinding } from '@aws-sdk/client-ecr';
import type { Finding } from '@aws-sdk/client-inspector2';
import type { Cvss, PackageRef, VulnerabilityFinding } from '../domain/facts.js';
import { compact } from './compact.js';

interface CvssLike {
  baseScore?: number | undefined;
  scoringVector?: string | undefined;
  source?: string | undefined;
  version?: string | undefined;
}

interface ScoreDetailLike {
  score?: number | undefined;
  scoringVector?: string | undefined;
  scoreSource?: string | undefined;
  version?: string | undefined;
}

interface VulnerablePackageLike {
  name?: string | undefined;
  version?: string | undefined;
  epoch?: number | undefined;
  release?: string | undefined;
  packageManager?: string | undefined;
  filePath?: string | undefined;
  fixedInVersion?: string | undefined;
}

interface PackageVulnerabilityLike {
  vulnerabilityId?: string | undefined;
  source?: string | undefined;
  sourceUrl?: string | undefined;
  referenceUrls?: string[] | undefined;
  vendorSeverity?: string | undefined;
  cvss?: CvssLike[] | undefined;
  vulnerablePackages?: VulnerablePackageLike[] | undefined;
}

/** ECR basic finding: package and CVSS live in `attributes` (package_name, CVSS3_SCORE, …). */
export function mapBasicFinding(finding: ImageScanFinding): VulnerabilityFinding {
  const attrs = attributeMap(finding.attributes);
  const packageName = attrs.get('package_name');
  return compact({
    id: finding.name ?? 'unknown',
    origin: 'basic',
    severity: finding.severity ?? 'UNDEFINED',
    description: finding.description,
    cvss: basicCvss(attrs),
    links: finding.uri === undefined ? [] : [finding.uri],
    packages: packageName === undefined ? [] : [compact({ name: packageName, version: attrs.get('package_version') })],
  });
}

/** ECR `enhancedFindings`: Inspector's finding as ECR relays it (`score` / `scoreDetails`). */
export function mapEnhancedFinding(finding: EnhancedImageScanFinding): VulnerabilityFinding {
  return mapInspectorShape('enhanced', finding, finding.scoreDetails?.cvss, finding.score);
}

/** Inspector ListFindings `Finding` (`inspectorScore` / `inspectorScoreDetails.adjustedCvss`). */
export function mapInspectorFinding(finding: Finding): VulnerabilityFinding {
  return mapInspectorShape('inspector', finding, finding.inspectorScoreDetails?.adjustedCvss, finding.inspectorScore);
}

function mapInspectorShape(
  origin: 'enhanced' | 'inspector',
  finding: {
    findingArn?: string | undefined;
    title?: string | undefined;
    description?: string | undefined;
    severity?: string | undefined;
    status?: string | undefined;
    fixAvailable?: string | undefined;
    packageVulnerabilityDetails?: PackageVulnerabilityLike | undefined;
  },
  scored: ScoreDetailLike | undefined,
  score: number | undefined,
): VulnerabilityFinding {
  const details = finding.packageVulnerabilityDetails;
  return compact({
    id: details?.vulnerabilityId ?? finding.title ?? finding.findingArn ?? 'unknown',
    origin,
    severity: finding.severity ?? 'UNTRIAGED',
    title: finding.title,
    description: finding.description,
    vendorSeverity: details?.vendorSeverity,
    cvss: preferredCvss(scored, details?.cvss, score),
    source: details?.source,
    links: unique([details?.sourceUrl, ...(details?.referenceUrls ?? [])]),
    packages: (details?.vulnerablePackages ?? []).map(mapPackage),
    status: finding.status,
    fixAvailable: finding.fixAvailable,
  });
}

/** Inspector's own (possibly adjusted) score first, as that is what its severity is based on; else the newest CVSS. */
function preferredCvss(
  scored: ScoreDetailLike | undefined,
  list: CvssLike[] | undefined,
  score: number | undefined,
): Cvss | undefined {
  if (scored?.score !== undefined) {
    return compact({
      score: scored.score,
      vector: scored.scoringVector,
      version: scored.version,
      source: scored.scoreSource,
    });
  }
  const newest = (list ?? [])
    .filter((c): c is CvssLike & { baseScore: number } => c.baseScore !== undefined)
    .sort((a, b) => Number.parseFloat(b.version ?? '0') - Number.parseFloat(a.version ?? '0'))[0];
  if (newest !== undefined) {
    return compact({
      score: newest.baseScore,
      vector: newest.scoringVector,
      version: newest.version,
      source: newest.source,
    });
  }
  return score === undefined ? undefined : { score };
}

function mapPackage(pkg: VulnerablePackageLike): PackageRef {
  return compact({
    name: pkg.name ?? 'unknown',
    version: fullVersion(pkg),
    fixedInVersion: pkg.fixedInVersion,
    packageManager: pkg.packageManager,
    filePath: pkg.filePath,
  });
}

/** Inspector splits OS package versions into epoch / version / release; users know them as `epoch:version-release`. */
function fullVersion(pkg: VulnerablePackageLike): string | undefined {
  if (pkg.version === undefined) return undefined;
  const epoch = pkg.epoch !== undefined && pkg.epoch > 0 ? `${pkg.epoch}:` : '';
  const release = pkg.release !== undefined && pkg.release !== '' ? `-${pkg.release}` : '';
  return `${epoch}${pkg.version}${release}`;
}

function basicCvss(attrs: Map<string, string>): Cvss | undefined {
  for (const major of ['3', '2'] as const) {
    const score = Number.parseFloat(attrs.get(`CVSS${major}_SCORE`) ?? '');
    if (Number.isFinite(score)) {
      const vector = attrs.get(`CVSS${major}_VECTOR`);
      const version = /^CVSS:(\d+\.\d+)\//.exec(vector ?? '')?.[1] ?? (major === '2' ? '2.0' : '3');
      return compact({ score, vector, version });
    }
  }
  return undefined;
}

function attributeMap(attributes: Attribute[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, value } of attributes ?? []) {
    if (key !== undefined && value !== undefined) map.set(key, value);
  }
  return map;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}
