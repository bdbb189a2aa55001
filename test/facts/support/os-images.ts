/**
 * Root filesystems laid out as the real base images are (symlinked os-release, merged /usr, distroless
 * `status.d/`), and a helper that turns config + layers into a manifest and a blob store.
 */
import { MEDIA_TYPES } from '../../../src/domain/aws-values.js';
import {
  type Blob,
  type ConfigInput,
  configBlob,
  FakeBlobStore,
  LAYER,
  layerOf,
  manifestOf,
  type TarEntry,
} from './image-builder.js';

export const OS_RELEASE = {
  debian12: [
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    'NAME="Debian GNU/Linux"',
    'VERSION_ID="12"',
    'VERSION="12 (bookworm)"',
    'VERSION_CODENAME=bookworm',
    'ID=debian',
    'HOME_URL="https://www.debian.org/"',
  ].join('\n'),
  debian9: [
    'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"',
    'NAME="Debian GNU/Linux"',
    'VERSION_ID="9"',
    'VERSION="9 (stretch)"',
    'VERSION_CODENAME=stretch',
    'ID=debian',
  ].join('\n'),
  alpine322: [
    'NAME="Alpine Linux"',
    'ID=alpine',
    'VERSION_ID=3.22.0',
    'PRETTY_NAME="Alpine Linux v3.22"',
    'HOME_URL="https://alpinelinux.org/"',
  ].join('\n'),
  ubi9: [
    'NAME="Red Hat Enterprise Linux"',
    'VERSION="9.6 (Plow)"',
    'ID="rhel"',
    'ID_LIKE="fedora"',
    "VERSION_ID='9.6'",
    'PLATFORM_ID="platform:el9"',
    'PRETTY_NAME="Red Hat Enterprise Linux 9.6 (Plow)"',
  ].join('\n'),
  distroless12: [
    'PRETTY_NAME="Distroless"',
    'NAME="Debian GNU/Linux"',
    'ID="debian"',
    'VERSION_ID="12"',
    'VERSION="Debian GNU/Linux 12 (bookworm)"',
    'HOME_URL="https://github.com/GoogleContainerTools/distroless"',
  ].join('\n'),
} as const;

const DPKG_STATUS = 'Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u6\n\n';

/** Debian 12 / 9: `etc/os-release` is a symlink into `usr/lib`, `/bin` is merged into `/usr/bin`. */
export function debianRoot(osRelease: string): TarEntry[] {
  return [
    { path: 'bin', symlink: 'usr/bin' },
    { path: 'etc/', dir: true },
    { path: 'etc/debian_version', content: '12.8\n' },
    { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
    { path: 'usr/bin/dash', content: 'ELF…dash' },
    { path: 'usr/bin/sh', symlink: 'dash' },
    { path: 'usr/lib/os-release', content: osRelease },
    { path: 'var/lib/dpkg/status', content: DPKG_STATUS },
  ];
}

export function alpineRoot(): TarEntry[] {
  return [
    { path: './bin/busybox', content: 'ELF…busybox' },
    { path: './bin/sh', symlink: '/bin/busybox' },
    { path: './etc/alpine-release', content: '3.22.0\n' },
    { path: './etc/os-release', content: OS_RELEASE.alpine322 },
    { path: './lib/apk/db/installed', content: 'C:Q1abc=\nP:musl\nV:1.2.5-r10\n\n' },
  ];
}

export function ubiRoot(): TarEntry[] {
  return [
    { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
    { path: 'etc/redhat-release', content: 'Red Hat Enterprise Linux release 9.6 (Plow)\n' },
    { path: 'usr/bin/bash', content: 'ELF…bash' },
    { path: 'usr/lib/os-release', content: OS_RELEASE.ubi9 },
    { path: 'var/lib/rpm/rpmdb.sqlite', content: 'SQLite format 3\0' },
  ];
}

/** gcr.io/distroless/static-debian12: no shell, one dpkg status file per package, os-release says "Distroless". */
export function distrolessRoot(): TarEntry[] {
  return [
    { path: 'etc/os-release', content: OS_RELEASE.distroless12 },
    { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\n' },
    { path: 'var/lib/dpkg/status.d/base-files', content: 'Package: base-files\n' },
    { path: 'var/lib/dpkg/status.d/netbase', content: 'Package: netbase\n' },
    { path: 'var/lib/dpkg/status.d/tzdata', content: 'Package: tzdata\n' },
  ];
}

export interface TestImage {
  manifest: string;
  config: Blob;
  layers: Blob[];
  store: FakeBlobStore;
}

export function imageOf(
  config: ConfigInput | string,
  layers: Blob[],
  opts: { manifestMediaType?: string; configMediaType?: string; chunkSize?: number } = {},
): TestImage {
  const configMediaType =
    opts.configMediaType ??
    (opts.manifestMediaType === MEDIA_TYPES.dockerManifestV2 ? MEDIA_TYPES.dockerConfig : MEDIA_TYPES.ociConfig);
  const blob = configBlob(config, configMediaType);
  const store = new FakeBlobStore([blob, ...layers], { chunkSize: opts.chunkSize });
  return { manifest: manifestOf(blob, layers, opts.manifestMediaType), config: blob, layers, store };
}

export async function singleLayerImage(config: ConfigInput, entries: TarEntry[], mediaType: string = LAYER.ociGzip) {
  return imageOf(config, [await layerOf(entries, mediaType)]);
}
