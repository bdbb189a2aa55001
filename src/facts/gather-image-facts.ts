/**
 * Gathers every fact the diagnosis needs about one image, through the cache, with all independent reads
 * in parallel so that a cold question costs one AWS round trip (design.md §3 "AWS calls").
 *
 * Round trips, cold:
 *  1. DescribeImages, DescribeImageScanFindings, registry + repository scanning configuration, DescribeRepositories,
 *     BatchGetImage (the manifest) and, unless the registry is known to be BASIC, Inspector's account status,
 *     configuration and coverage (coverage is looked up by repository + tag when no digest was given, so it
 *     need not wait for DescribeImages).
 *  2–3. Only when a rule needs the OS: GetDownloadUrlForLayer for the config blob, then the blob itself
 *     (the manifest from round 1 names it). Layers are read only when the config cannot tell.
 *  2. For a manifest list: the children's scan facts, which need the child digests from round 1's manifest.
 *
 * Cache round trips, warm: every key round 1 may load is read in one MGET before it (`readAhead`); a second MGET
 * reads what is keyed by the image digest (findings, OS) when only the cached image knew it; the children's keys
 * are read in one more. Each key is read once: the loads and peeks below answer from those reads.
 */
import type { AwsPorts } from '../aws/ports.js';
import type { ImageCoverage, ImageDetail, ImageIdentifier, RegistryScanningConfig } from '../domain/facts.js';
import type {
  Fact,
  ImageFacts,
  InspectorFacts,
  ManifestFacts,
  OsDetection,
  PlatformChild,
} from '../domain/image-facts.js';
import type { ImageReference } from '../domain/image-reference.js';
import { detectOs } from './detect-os.js';
import { type FactKeys, imageArn, type QuestionFactLoader } from './fact-cache.js';
import { parseManifest } from './parse-manifest.js';
import { factValue, settle } from './settle.js';

export interface GatherDeps {
  ports: AwsPorts;
  /** One per question (`CachedLoader.forQuestion()`): what it read ahead is what this question sees. */
  loader: QuestionFactLoader;
  keys: FactKeys;
  now: () => Date;
}

export interface GatherOptions {
  fresh?: boolean;
}

/** Fails (rejects) only when the image itself cannot be described: that is not a diagnosis but an error. */
export async function gatherImageFacts(
  deps: GatherDeps,
  ref: ImageReference,
  opts: GatherOptions = {},
): Promise<ImageFacts> {
  const { ports, loader, keys } = deps;
  const fresh = opts.fresh ?? false;
  const repo = ref.repositoryName;
  const imageId: ImageIdentifier = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
  if (!fresh) await loader.readAhead(roundOneKeys(keys, repo, imageId, ref.digest));
  // Two cached facts decide what round 1 asks: a known digest lets findings come from the cache (they are keyed
  // by digest), and a registry known to be BASIC spares the Inspector calls.
  const [cachedImage, cachedRegistry] = fresh
    ? [undefined, undefined]
    : await Promise.all([
        loader.peek<ImageDetail>(keys.image(repo, imageId)),
        loader.peek<RegistryScanningConfig>(keys.registryScanning()),
      ]);
  const knownDigest = ref.digest ?? cachedImage?.imageDigest;
  if (!fresh && !ref.digest && knownDigest) await loader.readAhead(digestKeys(keys, repo, knownDigest));
  const withInspector = cachedRegistry?.scanType !== 'BASIC';

  const [image, scan, registryScanning, repositoryScanning, repository, manifestRecord, inspector] = await Promise.all([
    loader.load(keys.image(repo, imageId), keys.ttl.image, () => ports.ecr.describeImage(repo, imageId), { fresh }),
    settle('ecr:DescribeImageScanFindings', () =>
      knownDigest
        ? loader.load(
            keys.scan(repo, knownDigest),
            keys.ttl.scan,
            () => ports.ecr.describeImageScanFindings(repo, { imageDigest: knownDigest }),
            { fresh },
          )
        : ports.ecr.describeImageScanFindings(repo, imageId),
    ),
    settle('ecr:GetRegistryScanningConfiguration', () =>
      loader.load(keys.registryScanning(), keys.ttl.configuration, () => ports.ecr.getRegistryScanningConfiguration(), {
        fresh,
      }),
    ),
    settle('ecr:BatchGetRepositoryScanningConfiguration', () =>
      loader.load(
        keys.repositoryScanning(repo),
        keys.ttl.configuration,
        async () => (await ports.ecr.getRepositoryScanningConfigurations([repo])).configs[0] ?? null,
        { fresh },
      ),
    ),
    settle('ecr:DescribeRepositories', () =>
      loader.load(keys.repository(repo), keys.ttl.configuration, () => firstRepository(ports, repo), { fresh }),
    ),
    settle('ecr:BatchGetImage', () =>
      loader.load(
        keys.manifest(repo, imageId),
        keys.ttl.manifestByRef(imageId),
        () => getManifest(ports, repo, imageId),
        {
          fresh,
        },
      ),
    ),
    withInspector ? gatherInspector(deps, repo, imageId, fresh) : Promise.resolve(undefined),
  ]);

  if (!knownDigest && scan.ok) {
    // Fetched by tag in parallel with DescribeImages: now that the digest is known, keep it for next time.
    await loader.load(keys.scan(repo, image.imageDigest), keys.ttl.scan, async () => scan.value, { fresh: true });
  }
  const manifest: Fact<ManifestFacts> | undefined = manifestRecord.ok
    ? await settle('manifest', async () => parseManifest(manifestRecord.value.manifest, manifestRecord.value.mediaType))
    : manifestRecord;
  const registryValue = factValue(registryScanning);
  const facts: ImageFacts = {
    now: deps.now(),
    target: { name: ports.target.name, region: ports.target.region, accountId: image.registryId },
    requested: { repositoryName: repo, tag: ref.tag, digest: ref.digest },
    repository: factValue(repository) ?? undefined,
    image,
    registryScanning,
    repositoryScanning: repositoryScanning.ok
      ? { ok: true, value: repositoryScanning.value ?? undefined }
      : repositoryScanning,
    scan,
    manifest,
    inspector: registryValue?.scanType === 'BASIC' || !inspector ? undefined : forImage(inspector, image.imageDigest),
  };

  const manifestFacts = factValue(manifest);
  const [children, os] = await Promise.all([
    manifestFacts?.kind === 'index' ? gatherChildren(deps, facts, manifestFacts.platforms ?? [], fresh) : undefined,
    needsOs(facts) && manifestRecord.ok && manifestFacts?.kind === 'image'
      ? settle<OsDetection>('os-detection', () =>
          loader.load(keys.os(image.imageDigest), keys.ttl.immutable, () =>
            detectOs({ ecr: ports.ecr }, repo, manifestRecord.value.manifest),
          ),
        )
      : undefined,
  ]);
  if (children) facts.children = children;
  if (os) facts.os = os;
  return facts;
}

/**
 * Every key round 1 may load. The Inspector keys are read even when the registry may turn out BASIC: a few
 * more keys in the same MGET cost less than a second round trip.
 */
function roundOneKeys(keys: FactKeys, repo: string, imageId: ImageIdentifier, digest: string | undefined): string[] {
  return [
    keys.image(repo, imageId),
    keys.registryScanning(),
    keys.repositoryScanning(repo),
    keys.repository(repo),
    keys.manifest(repo, imageId),
    keys.inspectorAccountStatus(),
    keys.inspectorConfiguration(),
    keys.coverage(repo, imageId),
    ...(digest ? digestKeys(keys, repo, digest) : []),
  ];
}

/** What is keyed by the image digest. The OS is read even if no rule needs it: it is small and saves a round. */
function digestKeys(keys: FactKeys, repo: string, digest: string): string[] {
  return [keys.scan(repo, digest), keys.os(digest)];
}

/** Inspector facts before the coverage list is narrowed to one digest. */
type RawInspector = Omit<InspectorFacts, 'coverage'> & { coverage: Fact<ImageCoverage[]> };

/**
 * The image's Inspector facts. `account`: the account-wide ones (status, configuration) already read for the
 * parent of a multi-arch index, which its platform images share; only their coverage is read again.
 */
async function gatherInspector(
  deps: GatherDeps,
  repo: string,
  imageId: ImageIdentifier,
  fresh: boolean,
  account?: Pick<RawInspector, 'accountStatus' | 'configuration'>,
): Promise<RawInspector> {
  const { ports, loader, keys } = deps;
  const accountId = ports.target.accountId;
  const coverageLoad = settle('inspector2:ListCoverage', () =>
    loader.load(keys.coverage(repo, imageId), keys.ttl.coverage, () => findCoverage(deps, repo, imageId), { fresh }),
  );
  if (account) return { ...account, coverage: await coverageLoad };
  const [accountStatus, configuration, coverage] = await Promise.all([
    settle('inspector2:BatchGetAccountStatus', () =>
      loader.load(
        keys.inspectorAccountStatus(),
        keys.ttl.configuration,
        async () => (await ports.inspector.batchGetAccountStatus(accountId ? [accountId] : undefined))[0] ?? null,
        { fresh },
      ),
    ),
    settle('inspector2:GetConfiguration', () =>
      loader.load(keys.inspectorConfiguration(), keys.ttl.configuration, () => ports.inspector.getConfiguration(), {
        fresh,
      }),
    ),
    coverageLoad,
  ]);
  return {
    accountStatus: accountStatus.ok ? { ok: true, value: accountStatus.value ?? undefined } : accountStatus,
    configuration,
    coverage,
  };
}

async function findCoverage(deps: GatherDeps, repo: string, imageId: ImageIdentifier) {
  const { target, inspector } = deps.ports;
  // By resource ARN when the digest is known (exact); by repository + tag otherwise (no need to wait for it).
  const filter =
    imageId.imageDigest && target.accountId
      ? { resourceId: imageArn(target.region, target.accountId, repo, imageId.imageDigest) }
      : { repositoryName: repo, imageTag: imageId.imageTag, accountId: target.accountId };
  const found: ImageCoverage[] = [];
  for await (const page of inspector.listCoverage(filter)) found.push(...page);
  return found;
}

/** The coverage query may have run by tag: keep the record for this image's digest only. */
function forImage(raw: RawInspector, digest: string): InspectorFacts {
  const coverage: Fact<ImageCoverage | undefined> = raw.coverage.ok
    ? { ok: true, value: raw.coverage.value.find((c) => c.resourceId.endsWith(`/${digest}`)) }
    : raw.coverage;
  return { ...raw, coverage };
}

async function firstRepository(ports: AwsPorts, repo: string) {
  for await (const page of ports.ecr.describeRepositories([repo])) return page[0] ?? null;
  return null;
}

async function getManifest(ports: AwsPorts, repo: string, imageId: ImageIdentifier) {
  const { images, failures } = await ports.ecr.batchGetImage(repo, [imageId]);
  const record = images[0];
  if (!record) {
    const failure = failures[0];
    throw new Error(`BatchGetImage: ${failure?.failureCode ?? 'no manifest'} ${failure?.failureReason ?? ''}`.trim());
  }
  return record;
}

/** OS detection is only worth its round trips when the answer depends on it. */
function needsOs(facts: ImageFacts): boolean {
  const scan = factValue(facts.scan);
  const reason = factValue(facts.inspector?.coverage)?.reason;
  if (reason === 'UNSUPPORTED_OS' || reason === 'UNSUPPORTED_MEDIA_TYPE') return true;
  if (!scan) return false;
  if (scan.status === 'FAILED' || scan.status === 'UNSUPPORTED_IMAGE') return true;
  const zeroFindings = scan.findings.length === 0 && Object.values(scan.severityCounts).every((n) => !n);
  return (scan.status === 'COMPLETE' || scan.status === 'ACTIVE') && zeroFindings;
}

async function gatherChildren(
  deps: GatherDeps,
  parent: ImageFacts,
  platforms: PlatformChild[],
  fresh: boolean,
): Promise<ImageFacts[]> {
  const { ports, loader, keys } = deps;
  const repo = parent.requested.repositoryName;
  if (!fresh) {
    await loader.readAhead(
      platforms.flatMap(({ digest }) => [
        keys.image(repo, { imageDigest: digest }),
        keys.scan(repo, digest),
        ...(parent.inspector ? [keys.coverage(repo, { imageDigest: digest })] : []),
      ]),
    );
  }
  return Promise.all(
    platforms.map(async (platform) => {
      const id = { imageDigest: platform.digest };
      const [image, scan, inspector] = await Promise.all([
        settle('ecr:DescribeImages', () =>
          loader.load(keys.image(repo, id), keys.ttl.image, () => ports.ecr.describeImage(repo, id), { fresh }),
        ),
        settle('ecr:DescribeImageScanFindings', () =>
          loader.load(
            keys.scan(repo, platform.digest),
            keys.ttl.scan,
            () => ports.ecr.describeImageScanFindings(repo, id),
            {
              fresh,
            },
          ),
        ),
        parent.inspector ? gatherInspector(deps, repo, id, fresh, parent.inspector) : Promise.resolve(undefined),
      ]);
      const childImage: ImageDetail = image.ok
        ? image.value
        : { ...parent.image, imageDigest: platform.digest, imageTags: [], imageManifestMediaType: undefined };
      return {
        ...parent,
        requested: { repositoryName: repo, digest: platform.digest },
        image: childImage,
        scan,
        manifest: undefined,
        inspector: inspector && forImage(inspector, platform.digest),
        platform,
      } satisfies ImageFacts;
    }),
  );
}
