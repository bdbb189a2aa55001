import { describe, expect, it } from 'vitest';
import { mapBasicFinding, mapEnhancedFinding, mapInspectorFinding } from '../../src/aws/finding-mappers.js';

describe('mapBasicFinding', () => {
  it('reads the package and the CVSS v3 score from attributes, preferring v3 over v2', () => {
    const finding = mapBasicFinding({
      name: 'CVE-2023-4911',
      uri: 'https://security-tracker.debian.org/tracker/CVE-2023-4911',
      severity: 'HIGH',
      description: 'glibc ld.so overflow',
      attributes: [
        { key: 'package_version', value: '2.36-9+deb12u1' },
        { key: 'package_name', value: 'libc6' },
        { key: 'CVSS2_SCORE', value: '7.2' },
        { key: 'CVSS2_VECTOR', value: 'AV:L/AC:L/Au:N/C:C/I:C/A:C' },
        { key: 'CVSS3_SCORE', value: '7.8' },
        { key: 'CVSS3_VECTOR', value: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H' },
      ],
    });
    expect(finding).toEqual({
      id: 'CVE-2023-4911',
      origin: 'basic',
      severity: 'HIGH',
      description: 'glibc ld.so overflow',
      cvss: { score: 7.8, vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', version: '3.1' },
      links: ['https://security-tracker.debian.org/tracker/CVE-2023-4911'],
      packages: [{ name: 'libc6', version: '2.36-9+deb12u1' }],
    });
  });

  it('falls back to CVSS v2, and keeps UNDEFINED severity as it is', () => {
    const finding = mapBasicFinding({
      name: 'CVE-2019-5188',
      severity: 'UNDEFINED',
      attributes: [
        { key: 'CVSS2_SCORE', value: '4.6' },
        { key: 'CVSS2_VECTOR', value: 'AV:L/AC:L/Au:N/C:P/I:P/A:P' },
      ],
    });
    expect(finding.severity).toBe('UNDEFINED');
    expect(finding.cvss).toEqual({ score: 4.6, vector: 'AV:L/AC:L/Au:N/C:P/I:P/A:P', version: '2.0' });
    expect(finding.packages).toEqual([]);
    expect(finding.links).toEqual([]);
  });
});

describe('mapEnhancedFinding', () => {
  const details = {
    vulnerabilityId: 'CVE-2024-6387',
    source: 'UBUNTU_CVE',
    sourceUrl: 'https://ubuntu.com/security/CVE-2024-6387',
    referenceUrls: ['https://ubuntu.com/security/CVE-2024-6387', 'https://www.openssh.com/txt/release-9.8'],
    vendorSeverity: 'high',
    cvss: [
      { baseScore: 7.5, scoringVector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', source: 'NVD', version: '2.0' },
      { baseScore: 8.1, scoringVector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', source: 'NVD', version: '3.1' },
    ],
    vulnerablePackages: [
      {
        name: 'openssh-client',
        version: '9.6p1',
        release: '3ubuntu13',
        epoch: 1,
        packageManager: 'OS',
        fixedInVersion: '1:9.6p1-3ubuntu13.3',
      },
    ],
  };

  it('prefers Inspector’s scored CVSS, dedupes links and writes epoch:version-release', () => {
    const finding = mapEnhancedFinding({
      title: 'CVE-2024-6387 - openssh-client',
      severity: 'HIGH',
      status: 'ACTIVE',
      fixAvailable: 'YES',
      score: 8.1,
      scoreDetails: { cvss: { score: 8.1, scoreSource: 'NVD', scoringVector: 'CVSS:3.1/AV:N', version: '3.1' } },
      packageVulnerabilityDetails: details,
    });
    expect(finding).toEqual({
      id: 'CVE-2024-6387',
      origin: 'enhanced',
      severity: 'HIGH',
      title: 'CVE-2024-6387 - openssh-client',
      vendorSeverity: 'high',
      cvss: { score: 8.1, vector: 'CVSS:3.1/AV:N', version: '3.1', source: 'NVD' },
      source: 'UBUNTU_CVE',
      links: ['https://ubuntu.com/security/CVE-2024-6387', 'https://www.openssh.com/txt/release-9.8'],
      packages: [
        {
          name: 'openssh-client',
          version: '1:9.6p1-3ubuntu13',
          fixedInVersion: '1:9.6p1-3ubuntu13.3',
          packageManager: 'OS',
        },
      ],
      status: 'ACTIVE',
      fixAvailable: 'YES',
    });
  });

  it('without scoreDetails takes the newest CVSS version of the list', () => {
    const finding = mapEnhancedFinding({ severity: 'UNTRIAGED', packageVulnerabilityDetails: details });
    expect(finding.severity).toBe('UNTRIAGED');
    expect(finding.cvss).toEqual({
      score: 8.1,
      vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
      version: '3.1',
      source: 'NVD',
    });
  });
});

describe('mapInspectorFinding', () => {
  it('uses inspectorScoreDetails.adjustedCvss and marks the origin', () => {
    const finding = mapInspectorFinding({
      findingArn: 'arn:aws:inspector2:eu-west-1:222222222222:finding/abc',
      awsAccountId: '222222222222',
      type: 'PACKAGE_VULNERABILITY',
      description: 'd',
      remediation: undefined,
      severity: 'CRITICAL',
      firstObservedAt: undefined,
      lastObservedAt: undefined,
      status: 'ACTIVE',
      resources: undefined,
      inspectorScore: 9.8,
      inspectorScoreDetails: {
        adjustedCvss: { score: 9.8, scoreSource: 'NVD', scoringVector: 'CVSS:3.1/X', version: '3.1' },
      },
      packageVulnerabilityDetails: {
        vulnerabilityId: 'CVE-2021-44228',
        source: 'NVD',
        vulnerablePackages: [
          { name: 'log4j-core', version: '2.14.1', packageManager: 'JAR', filePath: 'app/lib/log4j.jar' },
        ],
      },
    });
    expect(finding).toMatchObject({
      id: 'CVE-2021-44228',
      origin: 'inspector',
      severity: 'CRITICAL',
      cvss: { score: 9.8, vector: 'CVSS:3.1/X', version: '3.1', source: 'NVD' },
      packages: [{ name: 'log4j-core', version: '2.14.1', packageManager: 'JAR', filePath: 'app/lib/log4j.jar' }],
      links: [],
    });
  });
});
