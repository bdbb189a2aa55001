/**
 * The sandbox's ECR must agree with moto (an independent implementation of the same API) on every
 * operation both have. The same registry is seeded into each through the AWS CLI; then the same calls
 * go to both through the real @aws-sdk/client-ecr, and the raw answers are compared: the shape (paths
 * and JSON types), the values that must not depend on the implementation (digests, tags, names, enum
 * values, account ids normalised), pagination tokens, and errors (exception name, HTTP status, message).
 * Every accepted difference is listed in moto-allowances.ts with its reason; an entry no longer needed fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { type MotoServer, startMotoServer } from '../support/moto-server.js';
import { buildFixtureImage, type CliSeededRegistry, seedBasicRegistryThroughCli } from '../support/seed-through-cli.js';
import { compareSuccess, unexplained, unusedAllowances } from './contract-compare.js';
import { checkEnums } from './enum-values.js';
import { type EcrEndpoint, type RawAnswer, rawEcrCall } from './raw-ecr-client.js';
import { diffShapes, shapeOf } from './wire-shape.js';

const REGION = 'us-west-2';
let moto: MotoServer;
let sandbox: RunningSandbox;
let seeded: { moto: CliSeededRegistry; sandbox: CliSeededRegistry };
let targets: { moto: EcrEndpoint; sandbox: EcrEndpoint };

beforeAll(async () => {
  [moto, sandbox] = await Promise.all([startMotoServer(), startSandbox()]);
  // moto answers every key with its default account; the sandbox creates a fresh registry for an
  // account/Region it was not seeded with, so both start from an empty BASIC registry.
  targets = {
    moto: { endpoint: moto.url, region: REGION, accessKeyId: 'fidelity' },
    sandbox: { endpoint: sandbox.url, region: REGION, accessKeyId: '111111111111' },
  };
  const [onMoto, onSandbox] = await Promise.all([
    seedBasicRegistryThroughCli(moto.url, { region: REGION, accessKeyId: targets.moto.accessKeyId }),
    seedBasicRegistryThroughCli(sandbox.url, { region: REGION, accessKeyId: targets.sandbox.accessKeyId }),
  ]);
  seeded = { moto: onMoto, sandbox: onSandbox };
  await waitForScan(targets.sandbox, onSandbox);
}, 120_000);

afterAll(async () => {
  await Promise.all([moto?.close(), sandbox?.close()]);
});

/** AWS and the sandbox keep a started basic scan IN_PROGRESS for a while; moto completes it at once. */
async function waitForScan(target: EcrEndpoint, registry: CliSeededRegistry): Promise<void> {
  const { repositoryName, tag } = registry.images.complete;
  for (let i = 0; i < 100; i++) {
    const answer = await rawEcrCall(target, 'DescribeImageScanFindings', {
      repositoryName,
      imageId: { imageTag: tag },
    });
    const status = (answer.body as { imageScanStatus?: { status?: string } }).imageScanStatus?.status;
    if (status !== 'IN_PROGRESS') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the sandbox kept the started scan IN_PROGRESS for 20 s');
}

async function both(operation: string, input: (r: CliSeededRegistry) => object) {
  const [onMoto, onSandbox] = await Promise.all([
    rawEcrCall(targets.moto, operation, input(seeded.moto)),
    rawEcrCall(targets.sandbox, operation, input(seeded.sandbox)),
  ]);
  return { moto: onMoto, sandbox: onSandbox };
}

function compare(operation: string, answers: { moto: RawAnswer; sandbox: RawAnswer }) {
  return compareSuccess(operation, answers, { moto: seeded.moto.registryId, sandbox: seeded.sandbox.registryId });
}

const SAME = { shape: [], values: [], enums: [] };

type Input = (r: CliSeededRegistry) => object;
const manual = (r: CliSeededRegistry) => r.repositories.manual;
const imageOf = (key: 'complete' | 'never-scanned' | 'scan-not-started') => (r: CliSeededRegistry) => ({
  repositoryName: r.images[key].repositoryName,
  imageId: { imageTag: r.images[key].tag },
});

const SUCCESS_CASES: [name: string, operation: string, input: Input][] = [
  ['all repositories', 'DescribeRepositories', () => ({})],
  ['one repository by name', 'DescribeRepositories', (r) => ({ repositoryNames: [manual(r)] })],
  ['images of a repository', 'DescribeImages', (r) => ({ repositoryName: manual(r) })],
  ['one image by tag', 'DescribeImages', (r) => ({ repositoryName: manual(r), imageIds: [{ imageTag: 'complete' }] })],
  ['image ids', 'ListImages', (r) => ({ repositoryName: manual(r) })],
  [
    'a manifest and a missing tag',
    'BatchGetImage',
    (r) => ({ repositoryName: manual(r), imageIds: [{ imageTag: 'complete' }, { imageTag: r.missingTag.tag }] }),
  ],
  ['a completed basic scan', 'DescribeImageScanFindings', imageOf('complete')],
  ['the registry scanning configuration', 'GetRegistryScanningConfiguration', () => ({})],
  [
    'effective scanning of two repositories and a missing one',
    'BatchGetRepositoryScanningConfiguration',
    (r) => ({
      repositoryNames: [r.repositories.manual, r.repositories.scanOnPush, r.missingRepository.repositoryName],
    }),
  ],
];

/** Paged reads with room for two items: the answer must carry one item and a token. */
const PAGE_CASES: [operation: string, list: string, input: Input][] = [
  ['DescribeRepositories', 'repositories', () => ({ maxResults: 1 })],
  ['DescribeImages', 'imageDetails', (r) => ({ repositoryName: manual(r), maxResults: 1 })],
  ['ListImages', 'imageIds', (r) => ({ repositoryName: manual(r), maxResults: 1 })],
];

const missingRepo = (r: CliSeededRegistry) => r.missingRepository.repositoryName;
const missingTag = (r: CliSeededRegistry) => ({ repositoryName: r.missingTag.repositoryName, tag: r.missingTag.tag });
const ERROR_CASES: [name: string, operation: string, error: string, input: Input][] = [
  [
    'missing repository',
    'DescribeRepositories',
    'RepositoryNotFoundException',
    (r) => ({ repositoryNames: [missingRepo(r)] }),
  ],
  ['missing repository', 'DescribeImages', 'RepositoryNotFoundException', (r) => ({ repositoryName: missingRepo(r) })],
  [
    'missing tag',
    'DescribeImages',
    'ImageNotFoundException',
    (r) => ({ repositoryName: missingTag(r).repositoryName, imageIds: [{ imageTag: missingTag(r).tag }] }),
  ],
  ['missing repository', 'ListImages', 'RepositoryNotFoundException', (r) => ({ repositoryName: missingRepo(r) })],
  [
    'missing repository',
    'BatchGetImage',
    'RepositoryNotFoundException',
    (r) => ({ repositoryName: missingRepo(r), imageIds: [{ imageTag: 'latest' }] }),
  ],
  ['never scanned, no rule', 'DescribeImageScanFindings', 'ScanNotFoundException', imageOf('never-scanned')],
  ['rule added after the push', 'DescribeImageScanFindings', 'ScanNotFoundException', imageOf('scan-not-started')],
  [
    'missing tag',
    'DescribeImageScanFindings',
    'ImageNotFoundException',
    (r) => ({ repositoryName: missingTag(r).repositoryName, imageId: { imageTag: missingTag(r).tag } }),
  ],
  [
    'missing repository',
    'DescribeImageScanFindings',
    'RepositoryNotFoundException',
    (r) => ({ repositoryName: missingRepo(r), imageId: { imageTag: 'latest' } }),
  ],
  [
    'missing tag',
    'StartImageScan',
    'ImageNotFoundException',
    (r) => ({ repositoryName: missingTag(r).repositoryName, imageId: { imageTag: missingTag(r).tag } }),
  ],
  [
    'existing repository',
    'CreateRepository',
    'RepositoryAlreadyExistsException',
    (r) => ({ repositoryName: manual(r) }),
  ],
  [
    'a name outside the model’s pattern',
    'CreateRepository',
    'InvalidParameterException',
    () => ({ repositoryName: 'Not_Valid' }),
  ],
];

describe('moto and the sandbox, seeded alike through the AWS CLI', () => {
  it('got the same repositories, tags and manifest digests', () => {
    const names = (r: CliSeededRegistry) => ({
      repositories: r.repositories,
      images: Object.values(r.images).map((i) => [i.repositoryName, i.tag, i.digest]),
    });
    expect(names(seeded.sandbox)).toEqual(names(seeded.moto));
  });

  it.each(SUCCESS_CASES)('%s (%s): same shape, values and enums', async (_name, operation, input) => {
    expect(compare(operation, await both(operation, input))).toEqual(SAME);
  });

  it.each(PAGE_CASES)('%s with maxResults 1: same page shape; the sandbox pages', async (operation, list, input) => {
    const answers = await both(operation, input);
    const [motoBody, sandboxBody] = [answers.moto.body, answers.sandbox.body] as Record<string, unknown[]>[];
    expect(unexplained(operation, 'shape', diffShapes(shapeOf(motoBody), shapeOf(sandboxBody)))).toEqual([]);
    expect({ items: sandboxBody![list]!.length, token: typeof sandboxBody!.nextToken }).toEqual({
      items: 1,
      token: 'string',
    });
    // moto answers everything at once (documented in moto-allowances.ts).
    expect({ items: motoBody![list]!.length, token: motoBody!.nextToken }).toEqual({ items: 2, token: undefined });
  });

  it.each(ERROR_CASES)('%s (%s) → %s on both', async (_name, operation, error, input) => {
    const answers = await both(operation, input);
    for (const answer of [answers.moto, answers.sandbox]) {
      const body = answer.body as Record<string, unknown>;
      expect({
        status: answer.status,
        type: body.__type,
        header: answer.errorTypeHeader,
        sdkName: answer.sdk.ok ? 'no error' : answer.sdk.name,
        message: typeof body.message === 'string' && body.message.length > 0,
      }).toEqual({ status: 400, type: error, header: error, sdkName: error, message: true });
    }
    expect(
      unexplained('error', 'shape', diffShapes(shapeOf(answers.moto.body), shapeOf(answers.sandbox.body))),
    ).toEqual([]);
  });

  it('basic finding shape: moto’s scan against the sandbox’s seeded image with findings', async () => {
    // The sandbox completes a scan of a pushed image with zero findings (it has no scanner), so finding
    // shapes are compared with one of its seeded images (account 111111111111's healthy Debian image).
    const healthy = seededImage('healthy');
    const healthyTarget = { endpoint: sandbox.url, region: healthy.region, accessKeyId: healthy.accountId };
    const [onMoto, onSandbox] = await Promise.all([
      rawEcrCall(targets.moto, 'DescribeImageScanFindings', imageOf('complete')(seeded.moto)),
      rawEcrCall(healthyTarget, 'DescribeImageScanFindings', {
        repositoryName: healthy.repositoryName,
        imageId: { imageTag: healthy.tag },
      }),
    ]);
    const [motoValues, sandboxValues] = [new Map<string, Set<string>>(), new Map<string, Set<string>>()];
    const [motoShape, sandboxShape] = [shapeOf(onMoto.body, motoValues), shapeOf(onSandbox.body, sandboxValues)];
    expect(sandboxShape.has('$.imageScanFindings.findings[].attributes[].key')).toBe(true);
    expect({
      shape: unexplained('DescribeImageScanFindings', 'shape', diffShapes(motoShape, sandboxShape)),
      enums: [...checkEnums('moto', motoValues, motoShape), ...checkEnums('sandbox', sandboxValues, sandboxShape)],
    }).toEqual({ shape: [], enums: [] });
  });

  describe('changes, in order', () => {
    const created = (r: CliSeededRegistry) => `${r.repositories.manual}-created`;

    it('CreateRepository: same shape, values and enums', async () => {
      const answers = await both('CreateRepository', (r) => ({ repositoryName: created(r) }));
      expect(compare('CreateRepository', answers)).toEqual(SAME);
    });

    it('PutImage, StartImageScan, StartImageScan again (LimitExceededException): same shapes, values, enums', async () => {
      const image = await buildFixtureImage('contract-put-image');
      const put = await both('PutImage', (r) => ({
        repositoryName: created(r),
        imageTag: 'v1',
        imageManifest: image.manifest,
        imageManifestMediaType: image.mediaType,
        imageDigest: image.digest,
      }));
      expect(compare('PutImage', put)).toEqual(SAME);
      const scanInput = (r: CliSeededRegistry) => ({ repositoryName: created(r), imageId: { imageTag: 'v1' } });
      expect(compare('StartImageScan', await both('StartImageScan', scanInput))).toEqual(SAME);
      // Right away: moto's quota is per calendar day, so the two scans must not straddle midnight.
      const again = await both('StartImageScan', scanInput);
      for (const answer of [again.moto, again.sandbox]) {
        expect([answer.status, answer.sdk.ok ? 'no error' : answer.sdk.name]).toEqual([400, 'LimitExceededException']);
      }
      expect(unexplained('error', 'shape', diffShapes(shapeOf(again.moto.body), shapeOf(again.sandbox.body)))).toEqual(
        [],
      );
    });

    it('PutRegistryScanningConfiguration: same shape, values and enums', async () => {
      const answers = await both('PutRegistryScanningConfiguration', (r) => ({
        scanType: 'BASIC',
        rules: r.scanningRules,
      }));
      expect(compare('PutRegistryScanningConfiguration', answers)).toEqual(SAME);
    });
  });

  it('needs every allow-list entry (a stale one hides nothing and must go)', () => {
    expect(unusedAllowances()).toEqual([]);
  });
});
