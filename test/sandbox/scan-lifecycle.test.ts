import {
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  ImageArchivedException,
  LimitExceededException,
  PutImageCommand,
  StartImageScanCommand,
  UnsupportedImageTypeException,
  ValidationException,
} from '@aws-sdk/client-ecr';
import { ListCoverageCommand } from '@aws-sdk/client-inspector2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededImage } from '../../src/sandbox/seeded-images.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/server.js';
import { ecrClient, inspectorClient } from './clients.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  // Long enough that an intermediate state can be asserted without racing the timer; tests that want
  // the scan to finish set the delay to 0 before starting it.
  sandbox = await startSandbox({ scanDelayMs: 60_000 });
});
afterAll(() => sandbox.close());

const findings = (repositoryName: string, imageTag: string) =>
  ecrClient(sandbox.url).send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageTag } }));

describe('StartImageScan', () => {
  it('moves a never-scanned image to IN_PROGRESS and refuses a second scan within 24 h', async () => {
    const image = seededImage('never-scanned');
    const ecr = ecrClient(sandbox.url);
    const started = await ecr.send(
      new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } }),
    );
    expect(started.imageScanStatus).toEqual({ status: 'IN_PROGRESS' });
    expect(started.imageId?.imageDigest).toBe(image.digest);
    expect((await findings(image.repositoryName, image.tag!)).imageScanStatus?.status).toBe('IN_PROGRESS');

    const again = ecr.send(
      new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } }),
    );
    await expect(again).rejects.toBeInstanceOf(LimitExceededException);
    await expect(again).rejects.toThrow('The scan quota per image has been exceeded. Wait and try again.');
  });

  it('completes a started scan with the findings the image has', async () => {
    sandbox.world.scanDelayMs = 0;
    const image = seededImage('scan-not-started');
    await ecrClient(sandbox.url).send(
      new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } }),
    );
    await expect
      .poll(async () => (await findings(image.repositoryName, image.tag!)).imageScanStatus?.status)
      .toBe('COMPLETE');
    const done = await findings(image.repositoryName, image.tag!);
    expect(done.imageScanFindings?.findings?.map((f) => f.name)).toEqual(['CVE-2024-2961', 'CVE-2023-50495']);
  });

  it('a rescan of a scratch image fails again with UnsupportedImageError', async () => {
    sandbox.world.scanDelayMs = 0;
    const image = seededImage('scratch');
    await ecrClient(sandbox.url).send(
      new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } }),
    );
    await expect
      .poll(async () => (await findings(image.repositoryName, image.tag!)).imageScanStatus?.status)
      .toBe('FAILED');
    expect((await findings(image.repositoryName, image.tag!)).imageScanStatus?.description).toMatch(
      /^UnsupportedImageError/,
    );
  });

  it.each([
    ['archived', 'basic', ImageArchivedException],
    ['manifest-list', 'enhanced', ValidationException],
  ] as const)('refuses %s', async (id, account, error) => {
    const image = seededImage(id);
    const ecr = ecrClient(sandbox.url, account);
    await expect(
      ecr.send(new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } })),
    ).rejects.toBeInstanceOf(error);
  });

  it('answers "This feature is disabled" under enhanced scanning', async () => {
    const image = seededImage('enhanced-healthy');
    await expect(
      ecrClient(sandbox.url, 'enhanced').send(
        new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } }),
      ),
    ).rejects.toThrow('This feature is disabled');
  });

  it('refuses an index under basic scanning as an unsupported image type', async () => {
    const registry = sandbox.world.registries.get('222222222222/eu-west-1')!;
    registry.scanType = 'BASIC';
    try {
      const image = seededImage('manifest-list');
      await expect(
        ecrClient(sandbox.url, 'enhanced').send(
          new StartImageScanCommand({ repositoryName: image.repositoryName, imageId: { imageTag: image.tag } }),
        ),
      ).rejects.toBeInstanceOf(UnsupportedImageTypeException);
    } finally {
      registry.scanType = 'ENHANCED';
    }
  });
});

describe('a push to an enhanced continuous repository', () => {
  const push = async (repositoryName: string) => {
    const ecr = ecrClient(sandbox.url, 'enhanced');
    await ecr.send(new CreateRepositoryCommand({ repositoryName }));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'b'.repeat(64)}`, size: 2 },
      layers: [],
      annotations: { repository: repositoryName },
    });
    const put = await ecr.send(new PutImageCommand({ repositoryName, imageManifest: manifest, imageTag: '1.0.0' }));
    const arn = `arn:aws:ecr:eu-west-1:222222222222:repository/${repositoryName}/${put.image?.imageId?.imageDigest}`;
    return {
      status: async () =>
        (await ecr.send(new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageTag: '1.0.0' } })))
          .imageScanStatus?.status,
      coverage: async () =>
        (
          await inspectorClient(sandbox.url).send(
            new ListCoverageCommand({ filterCriteria: { resourceId: [{ comparison: 'EQUALS', value: arn }] } }),
          )
        ).coveredResources?.[0]?.scanStatus,
    };
  };

  it('is PENDING in ECR and PENDING_INITIAL_SCAN in Inspector until the initial scan', async () => {
    sandbox.world.scanDelayMs = 60_000;
    const pushed = await push('svc-fresh');
    expect(await pushed.status()).toBe('PENDING');
    expect(await pushed.coverage()).toEqual({ statusCode: 'ACTIVE', reason: 'PENDING_INITIAL_SCAN' });
  });

  it('is then ACTIVE and SUCCESSFUL', async () => {
    sandbox.world.scanDelayMs = 0;
    const pushed = await push('svc-fresher');
    await expect.poll(pushed.status).toBe('ACTIVE');
    expect(await pushed.coverage()).toEqual({ statusCode: 'ACTIVE', reason: 'SUCCESSFUL' });
  });
});
