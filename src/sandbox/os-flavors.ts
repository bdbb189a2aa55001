/**
 * Base-layer contents of the seeded images: the files OS detection reads (domain.md §6.4): `etc/os-release`,
 * `lib/apk/db/installed`, `var/lib/dpkg/status` or distroless's `var/lib/dpkg/status.d/`. Small but in the
 * real formats, with package versions that match the seeded findings.
 */
import type { TarEntry } from './tar-gz.js';

export type FlavorKey = 'debian12' | 'debian9' | 'ubuntu2404' | 'alpine322' | 'wolfi' | 'distroless' | 'scratch';

export interface OsFlavor {
  key: FlavorKey;
  /** Inspector's `awsEcrContainerImage.platform` for the OS, when it has one. */
  inspectorPlatform?: string;
  files: TarEntry[];
  /** `created_by` of the base layer in the image history; undefined for scratch. */
  baseCreatedBy?: string;
}

type Pkg = [name: string, version: string, source?: string];

function dpkgEntry([name, version, source]: Pkg, arch: string): string {
  return [
    `Package: ${name}`,
    'Status: install ok installed',
    'Priority: required',
    'Section: libs',
    'Installed-Size: 1024',
    'Maintainer: Debian maintainers <debian-devel@lists.debian.org>',
    `Architecture: ${arch}`,
    ...(source ? [`Source: ${source}`] : []),
    `Version: ${version}`,
    `Description: ${name} package`,
    '',
  ].join('\n');
}

function apkEntry([name, version, origin]: Pkg, arch: string): string {
  return [
    `P:${name}`,
    `V:${version}`,
    `A:${arch}`,
    'S:400000',
    'I:900000',
    `T:${name}`,
    `o:${origin ?? name}`,
    'L:MIT',
    '',
  ].join('\n');
}

const osRelease = (lines: string[]): TarEntry => ({ name: 'etc/os-release', content: `${lines.join('\n')}\n` });
const dirs = (...names: string[]): TarEntry[] => names.map((name) => ({ name }));

const DEBIAN12: Pkg[] = [
  ['base-files', '12.4+deb12u6'],
  ['libc6', '2.36-9+deb12u4', 'glibc'],
  ['libc-bin', '2.36-9+deb12u4', 'glibc'],
  ['libtinfo6', '6.4-4', 'ncurses'],
  ['libnghttp2-14', '1.52.0-1+deb12u1', 'nghttp2'],
  ['perl-base', '5.36.0-7+deb12u1', 'perl'],
  ['login', '1:4.13+dfsg1-1', 'shadow'],
];
const DEBIAN9: Pkg[] = [
  ['base-files', '9.9+deb9u13'],
  ['libc6', '2.24-11+deb9u4', 'glibc'],
  ['libssl1.1', '1.1.0l-1~deb9u6', 'openssl'],
];
const UBUNTU2404: Pkg[] = [
  ['base-files', '13ubuntu10.2'],
  ['libc6', '2.39-0ubuntu8.4', 'glibc'],
  ['libssl3t64', '3.0.13-0ubuntu3.5', 'openssl'],
  ['libpam0g', '1.5.3-5ubuntu5.1', 'pam'],
  ['login', '1:4.13+dfsg1-4ubuntu3.2', 'shadow'],
];
const ALPINE322: Pkg[] = [
  ['alpine-baselayout', '3.7.0-r0'],
  ['musl', '1.2.5-r9'],
  ['busybox', '1.37.0-r18'],
  ['libcrypto3', '3.5.1-r0', 'openssl'],
];
const WOLFI: Pkg[] = [
  ['wolfi-baselayout', '20230201-r20'],
  ['glibc', '2.42-r0'],
  ['ca-certificates-bundle', '20250619-r1', 'ca-certificates'],
];
const DISTROLESS: Pkg[] = [
  ['base-files', '12.4+deb12u6'],
  ['netbase', '6.4'],
  ['tzdata', '2025b-0+deb12u1'],
  ['libc6', '2.36-9+deb12u10', 'glibc'],
];

const debianRelease = (version: string, codename: string) =>
  osRelease([
    `PRETTY_NAME="Debian GNU/Linux ${version} (${codename})"`,
    'NAME="Debian GNU/Linux"',
    `VERSION_ID="${version}"`,
    `VERSION="${version} (${codename})"`,
    `VERSION_CODENAME=${codename}`,
    'ID=debian',
    'HOME_URL="https://www.debian.org/"',
    'SUPPORT_URL="https://www.debian.org/support"',
    'BUG_REPORT_URL="https://bugs.debian.org/"',
  ]);

const dpkgStatus = (pkgs: Pkg[], arch: string): TarEntry => ({
  name: 'var/lib/dpkg/status',
  content: pkgs.map((p) => dpkgEntry(p, arch)).join('\n'),
});

const apkInstalled = (pkgs: Pkg[], arch: string): TarEntry => ({
  name: 'lib/apk/db/installed',
  content: pkgs.map((p) => apkEntry(p, arch)).join('\n'),
});

const ADD_ROOTFS = (file: string) => `/bin/sh -c #(nop) ADD file:${file} in / `;

/** The flavor's base layer for an architecture (`amd64`/`arm64`). */
export function osFlavor(key: FlavorKey, arch: string): OsFlavor {
  const debArch = arch;
  const apkArch = arch === 'arm64' ? 'aarch64' : 'x86_64';
  switch (key) {
    case 'debian12':
      return {
        key,
        inspectorPlatform: 'DEBIAN_12',
        baseCreatedBy: ADD_ROOTFS('d1a7c0bc7b1b21c83d4a2d0f6ea5e3c1b6d93d1a1f4b2c6a1e8f0b7c5d2e9a41'),
        files: [
          ...dirs('etc/', 'var/', 'var/lib/', 'var/lib/dpkg/'),
          debianRelease('12', 'bookworm'),
          dpkgStatus(DEBIAN12, debArch),
        ],
      };
    case 'debian9':
      return {
        key,
        inspectorPlatform: 'DEBIAN_9',
        baseCreatedBy: ADD_ROOTFS('5b0d3f5f3b2e7a1c9d8e6f4a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c'),
        files: [
          ...dirs('etc/', 'var/', 'var/lib/', 'var/lib/dpkg/'),
          debianRelease('9', 'stretch'),
          dpkgStatus(DEBIAN9, debArch),
        ],
      };
    case 'ubuntu2404':
      return {
        key,
        inspectorPlatform: 'UBUNTU_24_04',
        baseCreatedBy: ADD_ROOTFS('b3b7b25e8a9c1f6d4e2a0c8b6f4d2e0a9c7b5f3d1e9a7c5b3f1d9e7a5c3b1f9d'),
        files: [
          ...dirs('etc/', 'var/', 'var/lib/', 'var/lib/dpkg/'),
          osRelease([
            'PRETTY_NAME="Ubuntu 24.04.3 LTS"',
            'NAME="Ubuntu"',
            'VERSION_ID="24.04"',
            'VERSION="24.04.3 LTS (Noble Numbat)"',
            'VERSION_CODENAME=noble',
            'ID=ubuntu',
            'ID_LIKE=debian',
            'HOME_URL="https://www.ubuntu.com/"',
            'UBUNTU_CODENAME=noble',
          ]),
          dpkgStatus(UBUNTU2404, debArch),
        ],
      };
    case 'alpine322':
      return {
        key,
        inspectorPlatform: 'ALPINE_LINUX_3_22',
        baseCreatedBy: ADD_ROOTFS('9f0a6e2d4c8b1a3f5e7d9c0b2a4f6e8d1c3b5a7f9e0d2c4b6a8f1e3d5c7b9a0f'),
        files: [
          ...dirs('etc/', 'lib/', 'lib/apk/', 'lib/apk/db/'),
          osRelease([
            'NAME="Alpine Linux"',
            'ID=alpine',
            'VERSION_ID=3.22.1',
            'PRETTY_NAME="Alpine Linux v3.22"',
            'HOME_URL="https://alpinelinux.org/"',
            'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
          ]),
          apkInstalled(ALPINE322, apkArch),
        ],
      };
    case 'wolfi':
      return {
        key,
        inspectorPlatform: 'WOLFI',
        baseCreatedBy: 'apko',
        files: [
          ...dirs('etc/', 'lib/', 'lib/apk/', 'lib/apk/db/'),
          osRelease([
            'ID=wolfi',
            'NAME="Wolfi"',
            'PRETTY_NAME="Wolfi"',
            'VERSION_ID="20230201"',
            'HOME_URL="https://wolfi.dev"',
          ]),
          apkInstalled(WOLFI, apkArch),
        ],
      };
    case 'distroless':
      return {
        key,
        baseCreatedBy: 'bazel build @distroless//base:static_debian12',
        files: [
          ...dirs('etc/', 'var/', 'var/lib/', 'var/lib/dpkg/', 'var/lib/dpkg/status.d/'),
          osRelease([
            'PRETTY_NAME="Distroless"',
            'NAME="Debian GNU/Linux"',
            'ID="debian"',
            'VERSION_ID="12"',
            'VERSION="Debian GNU/Linux 12 (bookworm)"',
            'HOME_URL="https://github.com/GoogleContainerTools/distroless"',
            'SUPPORT_URL="https://github.com/GoogleContainerTools/distroless/blob/master/README.md"',
            'BUG_REPORT_URL="https://github.com/GoogleContainerTools/distroless/issues/new"',
          ]),
          ...DISTROLESS.map((p) => ({ name: `var/lib/dpkg/status.d/${p[0]}`, content: dpkgEntry(p, debArch) })),
        ],
      };
    case 'scratch':
      return { key, files: [] };
  }
}
