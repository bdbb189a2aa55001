/**
 * The supported-OS table of domain.md §6.1 (Inspector's "Supported operating systems: Amazon ECR scanning",
 * which AWS-native basic scanning now shares) and AWS's examples of discontinued OSes (D-INS-SUP).
 * Data only: `classifyOs` reads it.
 */

export interface OsSupportEntry {
  name: string;
  /** `ID` values of etc/os-release that name this OS. */
  ids: readonly string[];
  /** Listed versions; absent for unversioned / rolling distributions. */
  versions?: readonly string[];
  basic: boolean;
  enhanced: boolean;
}

export const SUPPORTED_OS: readonly OsSupportEntry[] = [
  { name: 'AlmaLinux', ids: ['almalinux'], versions: ['8', '9', '10'], basic: true, enhanced: true },
  { name: 'Alpine Linux', ids: ['alpine'], versions: ['3.21', '3.22', '3.23', '3.24'], basic: true, enhanced: true },
  { name: 'Amazon Linux', ids: ['amzn'], versions: ['2023'], basic: true, enhanced: true },
  { name: 'Azure Linux', ids: ['azurelinux'], versions: ['3'], basic: true, enhanced: true },
  { name: 'BusyBox', ids: ['busybox'], basic: true, enhanced: true },
  { name: 'Chainguard', ids: ['chainguard'], basic: true, enhanced: true },
  { name: 'Debian', ids: ['debian'], versions: ['11', '12', '13'], basic: true, enhanced: true },
  { name: 'Echo', ids: ['echo'], versions: ['2'], basic: true, enhanced: true },
  { name: 'Fedora', ids: ['fedora'], versions: ['43', '44'], basic: true, enhanced: true },
  { name: 'Hummingbird OS', ids: ['hummingbird'], basic: true, enhanced: false },
  { name: 'MinimOS', ids: ['minimos'], basic: true, enhanced: true },
  { name: 'Oracle Linux', ids: ['ol'], versions: ['8', '9', '10'], basic: true, enhanced: true },
  { name: 'Photon OS', ids: ['photon'], versions: ['4', '5'], basic: true, enhanced: true },
  { name: 'RHEL', ids: ['rhel'], versions: ['8', '9', '10'], basic: true, enhanced: true },
  { name: 'Rocky Linux', ids: ['rocky'], versions: ['8', '9', '10'], basic: true, enhanced: true },
  { name: 'SLES', ids: ['sles'], versions: ['15.7', '16.0'], basic: true, enhanced: true },
  {
    name: 'Ubuntu',
    ids: ['ubuntu'],
    versions: ['18.04', '20.04', '22.04', '24.04', '26.04'],
    basic: true,
    enhanced: true,
  },
  { name: 'Windows Server', ids: ['windows'], versions: ['2019', '2022', '2025'], basic: true, enhanced: false },
  { name: 'Wolfi', ids: ['wolfi'], basic: true, enhanced: true },
];

export interface DiscontinuedEntry {
  name: string;
  ids: readonly string[];
  versions?: readonly string[];
  /** Every version at or below this one is discontinued. */
  atOrBelow?: string;
  /** Discontinued from this day on (ISO date) when AWS gives one. */
  from?: string;
}

/** AWS's examples of discontinued OSes (D-INS-SUP): still scanned, with a CRITICAL "upgrade" finding, for 12 months. */
export const DISCONTINUED_OS: readonly DiscontinuedEntry[] = [
  { name: 'Amazon Linux', ids: ['amzn'], versions: ['2'], from: '2026-06-30' },
  { name: 'CentOS', ids: ['centos'], versions: ['7', '8'] },
  { name: 'Debian', ids: ['debian'], versions: ['8', '9', '10'] },
  { name: 'Alpine Linux', ids: ['alpine'], atOrBelow: '3.20' },
  { name: 'Ubuntu', ids: ['ubuntu'], versions: ['16.04'] },
  { name: 'Oracle Linux', ids: ['ol'], versions: ['6', '7'] },
  { name: 'RHEL', ids: ['rhel'], versions: ['6', '7'] },
];
