/**
 * Vulnerabilities the seeded images carry: real CVE ids in packages the images really contain (see
 * os-flavors.ts), with sources, links, vendor severities and CVSS the way AWS reports them. Severities
 * are ECR basic (`UNDEFINED`) or Inspector (`UNTRIAGED`) flavoured where the scenario needs it.
 */
import type { VulnSpec } from './world.js';

const debianTracker = (id: string) => `https://security-tracker.debian.org/tracker/${id}`;
const ubuntuTracker = (id: string) => `https://ubuntu.com/security/${id}`;

const AV_LOCAL_HIGH = 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H';
const AV_NET_DOS = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H';

function debian(
  id: string,
  over: Partial<VulnSpec> & Pick<VulnSpec, 'severity' | 'packageName' | 'packageVersion' | 'description'>,
): VulnSpec {
  return { id, source: 'DEBIAN_CVE', sourceUrl: debianTracker(id), ...over };
}

function ubuntu(
  id: string,
  over: Partial<VulnSpec> & Pick<VulnSpec, 'severity' | 'packageName' | 'packageVersion' | 'description'>,
): VulnSpec {
  return { id, source: 'UBUNTU_CVE', sourceUrl: ubuntuTracker(id), ...over };
}

export const GLIBC_LOONEY_TUNABLES = debian('CVE-2023-4911', {
  severity: 'HIGH',
  packageName: 'libc6',
  packageVersion: '2.36-9+deb12u4',
  fixedInVersion: '2.36-9+deb12u3',
  vendorSeverity: 'high',
  cvss3: { score: 7.8, vector: AV_LOCAL_HIGH },
  cvss2: { score: 7.2, vector: 'AV:L/AC:L/Au:N/C:C/I:C/A:C' },
  description:
    "A buffer overflow was discovered in the GNU C Library's dynamic loader ld.so while processing the GLIBC_TUNABLES environment variable.",
  exploitAvailable: 'YES',
});

export const GLIBC_ICONV = debian('CVE-2024-2961', {
  severity: 'HIGH',
  packageName: 'libc6',
  packageVersion: '2.36-9+deb12u4',
  fixedInVersion: '2.36-9+deb12u7',
  vendorSeverity: 'high',
  cvss3: { score: 7.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L' },
  description:
    'The iconv() function in the GNU C Library may overflow the output buffer passed to it by up to 4 bytes when converting strings to the ISO-2022-CN-EXT character set.',
});

export const NGHTTP2_RAPID_RESET = debian('CVE-2023-44487', {
  severity: 'MEDIUM',
  packageName: 'libnghttp2-14',
  packageVersion: '1.52.0-1+deb12u1',
  fixedInVersion: '1.52.0-1+deb12u2',
  vendorSeverity: 'medium',
  cvss3: { score: 7.5, vector: AV_NET_DOS },
  description:
    'The HTTP/2 protocol allows a denial of service (server resource consumption) because request cancellation can reset many streams quickly.',
  exploitAvailable: 'YES',
});

export const NCURSES_SGR = debian('CVE-2023-50495', {
  severity: 'MEDIUM',
  packageName: 'libtinfo6',
  packageVersion: '6.4-4',
  vendorSeverity: 'low',
  cvss3: { score: 6.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H' },
  description:
    'NCurse v6.4-20230418 was discovered to contain a segmentation fault via the component _nc_wrap_entry().',
});

/** Debian "unimportant": no priority ECR recognises, so basic scanning reports UNDEFINED. */
export const NCURSES_UNIMPORTANT = debian('CVE-2023-45918', {
  severity: 'UNDEFINED',
  packageName: 'libtinfo6',
  packageVersion: '6.4-4',
  vendorSeverity: 'unimportant',
  description: 'ncurses 6.4-20230610 has a NULL pointer dereference in tgetstr in tinfo/lib_termcap.c.',
});

export const SHADOW_LOGIN_DEFS = debian('CVE-2024-56433', {
  severity: 'UNDEFINED',
  packageName: 'login',
  packageVersion: '1:4.13+dfsg1-1',
  vendorSeverity: 'not yet assigned',
  cvss3: { score: 3.6, vector: 'CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N' },
  description:
    'shadow-utils (aka shadow) 4.4 through 4.17.0 establishes a default /etc/subuid behavior that can lead to UID overlaps.',
});

export const PERL_CPAN_TLS = debian('CVE-2023-31484', {
  severity: 'HIGH',
  packageName: 'perl-base',
  packageVersion: '5.36.0-7+deb12u1',
  vendorSeverity: 'high',
  cvss3: { score: 8.1, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  description: 'CPAN.pm before 2.35 does not verify TLS certificates when downloading distributions over HTTPS.',
});

export const UBUNTU_GLIBC = ubuntu('CVE-2025-4802', {
  severity: 'MEDIUM',
  packageName: 'libc6',
  packageVersion: '2.39-0ubuntu8.4',
  fixedInVersion: '2.39-0ubuntu8.5',
  vendorSeverity: 'medium',
  cvss3: { score: 7.8, vector: AV_LOCAL_HIGH },
  description:
    'Untrusted LD_LIBRARY_PATH environment variable vulnerability in the GNU C Library allows a static setuid binary to load a library from a user-controlled path.',
});

export const UBUNTU_PAM = ubuntu('CVE-2025-6020', {
  severity: 'HIGH',
  packageName: 'libpam0g',
  packageVersion: '1.5.3-5ubuntu5.1',
  fixedInVersion: '1.5.3-5ubuntu5.4',
  vendorSeverity: 'high',
  cvss3: { score: 7.8, vector: AV_LOCAL_HIGH },
  description:
    'A flaw was found in linux-pam: the module pam_namespace may use access user-controlled paths without proper protection.',
});

export const UBUNTU_SHADOW = ubuntu('CVE-2024-56433', {
  severity: 'LOW',
  packageName: 'login',
  packageVersion: '1:4.13+dfsg1-4ubuntu3.2',
  vendorSeverity: 'low',
  cvss3: { score: 3.6, vector: 'CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N' },
  description:
    'shadow-utils (aka shadow) 4.4 through 4.17.0 establishes a default /etc/subuid behavior that can lead to UID overlaps.',
});

/** A CVE Ubuntu has not prioritised yet: Inspector reports it UNTRIAGED, without a score. */
export const UBUNTU_OPENSSL_UNTRIAGED = ubuntu('CVE-2025-9230', {
  severity: 'UNTRIAGED',
  packageName: 'libssl3t64',
  packageVersion: '3.0.13-0ubuntu3.5',
  vendorSeverity: 'untriaged',
  description:
    'An application trying to decrypt CMS messages encrypted using password based encryption can trigger an out-of-bounds read and write.',
});

export const GO_STDLIB = {
  id: 'CVE-2025-22871',
  source: 'NVD',
  sourceUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2025-22871',
  severity: 'CRITICAL',
  packageName: 'stdlib',
  packageVersion: 'go1.23.4',
  fixedInVersion: '1.23.8',
  packageManager: 'GOBINARY',
  filePath: 'app/checkout',
  vendorSeverity: 'CRITICAL',
  cvss3: { score: 9.1, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H' },
  description:
    'The net/http package improperly accepts a bare LF as a line terminator in chunked data chunk-size lines.',
} satisfies VulnSpec;

export const MUSL_ICONV = {
  id: 'CVE-2025-26519',
  source: 'ALPINE_SECDB',
  sourceUrl: 'https://security.alpinelinux.org/vuln/CVE-2025-26519',
  severity: 'HIGH',
  packageName: 'musl',
  packageVersion: '1.2.5-r9',
  fixedInVersion: '1.2.5-r10',
  vendorSeverity: 'HIGH',
  cvss3: { score: 8.1, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' },
  description:
    'musl libc 0.9.13 through 1.2.5 before 1.2.6 has an out-of-bounds write vulnerability when an attacker can trigger iconv conversion of untrusted EUC-KR text to UTF-8.',
} satisfies VulnSpec;

/** A pool the generated world draws from. */
export const VULN_POOL: readonly VulnSpec[] = [
  GLIBC_LOONEY_TUNABLES,
  GLIBC_ICONV,
  NGHTTP2_RAPID_RESET,
  NCURSES_SGR,
  PERL_CPAN_TLS,
  UBUNTU_GLIBC,
  UBUNTU_PAM,
  UBUNTU_SHADOW,
  GO_STDLIB,
  MUSL_ICONV,
];
