/**
 * The artifacts of the seeded images, built once at import so that their digests are constants for the
 * whole process (SEEDED_IMAGES needs them before any world exists). Where each image lives and what it
 * is made of; its scan state is in seeded-world.ts.
 */
import type { SANDBOX_ACCOUNTS } from './accounts.js';
import {
  type BuiltImage,
  buildImage,
  buildIndex,
  buildSignature,
  buildWindowsImage,
  type ImageRecipe,
} from './image-builder.js';
import type { FlavorKey } from './os-flavors.js';
import type { SeededProblemId } from './seeded-images.js';

export interface SeededArtifact {
  account: keyof typeof SANDBOX_ACCOUNTS;
  repositoryName: string;
  tag?: string;
  image: BuiltImage;
}

function goBinary(name: string): Buffer {
  const head = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
  const buildInfo = Buffer.from(
    `\0Go build ID: "${name}/sandbox"\0\xff Go buildinf:go1.23.4\0path\texample.com/${name}\0`,
  );
  return Buffer.concat([head, Buffer.alloc(248), buildInfo, Buffer.alloc(1024)]);
}

function pythonApp(flavor: FlavorKey, service: string, extra: Partial<ImageRecipe> = {}): BuiltImage {
  return buildImage({
    flavor,
    app: {
      path: `app/${service}.py`,
      content: `print("${service} is running")\n`,
      createdBy: `COPY ${service}.py /app/ # buildkit`,
    },
    cmd: ['python3', `/app/${service}.py`],
    created: '2025-10-01T09:30:00Z',
    labels: { 'org.opencontainers.image.title': service },
    ...extra,
  });
}

function goApp(
  flavor: FlavorKey,
  service: string,
  arch: 'amd64' | 'arm64' = 'amd64',
  format: 'docker' | 'oci' = 'docker',
): BuiltImage {
  return buildImage({
    flavor,
    arch,
    format,
    app: {
      path: `app/${service}`,
      content: goBinary(service),
      createdBy: `COPY ${service} /app/${service} # buildkit`,
    },
    cmd: [`/app/${service}`],
    created: '2025-10-02T14:00:00Z',
  });
}

const checkout = goApp('ubuntu2404', 'checkout', 'amd64', 'oci');
const frontendAmd64 = goApp('alpine322', 'frontend', 'amd64', 'oci');
const frontendArm64 = goApp('alpine322', 'frontend', 'arm64', 'oci');

/** Untagged per-platform children of the `manifest-list` index, in the same repository. */
export const MANIFEST_LIST_CHILDREN: readonly BuiltImage[] = [frontendAmd64, frontendArm64];

export const SEEDED_ARTIFACTS: Record<SeededProblemId, SeededArtifact> = {
  healthy: {
    account: 'basic',
    repositoryName: 'payments-prod',
    tag: '1.4.2',
    image: pythonApp('debian12', 'payments'),
  },
  'scan-clean': {
    account: 'basic',
    repositoryName: 'team-alpine-base',
    tag: '3.22',
    image: pythonApp('alpine322', 'base'),
  },
  scratch: { account: 'basic', repositoryName: 'team-gateway', tag: '2.0.0', image: goApp('scratch', 'gateway') },
  distroless: {
    account: 'basic',
    repositoryName: 'team-distroless-app',
    tag: '1.0.0',
    image: goApp('distroless', 'server'),
  },
  'eol-distro': {
    account: 'basic',
    repositoryName: 'legacy-prod',
    tag: 'stretch',
    image: pythonApp('debian9', 'legacy'),
  },
  'undefined-severity': {
    account: 'basic',
    repositoryName: 'team-billing',
    tag: '2025.06',
    image: pythonApp('debian12', 'billing'),
  },
  'never-scanned': {
    account: 'basic',
    repositoryName: 'sandbox-tools',
    tag: 'latest',
    image: pythonApp('debian12', 'tools'),
  },
  'scan-not-started': {
    account: 'basic',
    repositoryName: 'team-reports',
    tag: '0.9.0',
    image: pythonApp('debian12', 'reports'),
  },
  'in-progress': {
    account: 'basic',
    repositoryName: 'team-search',
    tag: '5.1.0',
    image: pythonApp('debian12', 'search'),
  },
  pending: { account: 'basic', repositoryName: 'team-notify', tag: '1.2.0', image: pythonApp('debian12', 'notify') },
  'failed-other': { account: 'basic', repositoryName: 'team-ml', tag: '0.3.1', image: pythonApp('debian12', 'ml') },
  'limit-exceeded': { account: 'basic', repositoryName: 'team-etl', tag: '3.0.0', image: pythonApp('debian12', 'etl') },
  archived: { account: 'basic', repositoryName: 'orders-prod', tag: '2023.11', image: pythonApp('debian12', 'orders') },
  signature: {
    account: 'enhanced',
    repositoryName: 'svc-checkout',
    image: buildSignature(checkout, '2025-10-02T14:05:00Z'),
  },
  'manifest-list': {
    account: 'enhanced',
    repositoryName: 'svc-frontend',
    tag: '2.3.0',
    image: buildIndex([frontendAmd64, frontendArm64]),
  },
  windows: {
    account: 'enhanced',
    repositoryName: 'svc-legacy-win',
    tag: 'ltsc2022',
    image: buildWindowsImage('2025-10-03T08:00:00Z'),
  },
  expired: {
    account: 'enhanced',
    repositoryName: 'svc-inventory',
    tag: '1.0.3',
    image: pythonApp('debian12', 'inventory'),
  },
  expiring: {
    account: 'enhanced',
    repositoryName: 'svc-payments',
    tag: '4.2.1',
    image: pythonApp('debian12', 'payments-eu'),
  },
  'enhanced-healthy': { account: 'enhanced', repositoryName: 'svc-checkout', tag: '1.8.0', image: checkout },
  'enhanced-clean': {
    account: 'enhanced',
    repositoryName: 'platform-base',
    tag: '2025.10',
    image: pythonApp('wolfi', 'platform', { format: 'oci' }),
  },
  'scan-on-push-only': {
    account: 'enhanced',
    repositoryName: 'batch-reconcile',
    tag: '1.1.0',
    image: pythonApp('debian12', 'reconcile'),
  },
  'enhanced-pending': {
    account: 'enhanced',
    repositoryName: 'svc-search',
    tag: '0.4.0',
    image: pythonApp('ubuntu2404', 'search-eu'),
  },
  'enhanced-in-progress': {
    account: 'enhanced',
    repositoryName: 'svc-orders',
    tag: '3.3.0',
    image: pythonApp('ubuntu2404', 'orders-eu'),
  },
  'enhanced-off': {
    account: 'enhanced',
    repositoryName: 'tools-misc',
    tag: 'latest',
    image: pythonApp('ubuntu2404', 'misc'),
  },
  'kms-denied': {
    account: 'enhanced',
    repositoryName: 'svc-vault',
    tag: '1.0.0',
    image: pythonApp('ubuntu2404', 'vault'),
  },
  'findings-unavailable': {
    account: 'enhanced',
    repositoryName: 'svc-ledger',
    tag: '2.0.0',
    image: pythonApp('ubuntu2404', 'ledger'),
  },
  'inspector-disabled': {
    account: 'inspectorDisabled',
    repositoryName: 'svc-api',
    tag: '1.0.0',
    image: pythonApp('ubuntu2404', 'api'),
  },
};
