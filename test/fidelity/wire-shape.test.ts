import { describe, expect, it } from 'vitest';
import { compareValues } from './enum-values.js';
import { diffShapes, shapeOf } from './wire-shape.js';

describe('shapeOf / diffShapes', () => {
  it('reports a member missing on one side, and a type that differs', () => {
    const moto = shapeOf({ imageDetails: [{ imageDigest: 'sha256:a', imagePushedAt: 1 }] });
    const sandbox = shapeOf({ imageDetails: [{ imageDigest: 'sha256:a', imagePushedAt: '1', imageStatus: 'ACTIVE' }] });
    expect(diffShapes(moto, sandbox)).toEqual([
      { path: '$.imageDetails[].imagePushedAt', moto: ['number'], sandbox: ['string'] },
      { path: '$.imageDetails[].imageStatus', moto: [], sandbox: ['string'] },
    ]);
  });

  it('does not compare element shapes against an empty list or map', () => {
    const moto = shapeOf({ findings: [{ name: 'CVE-1', severity: 'HIGH' }], findingSeverityCounts: { HIGH: 1 } });
    const sandbox = shapeOf({ findings: [], findingSeverityCounts: {} });
    expect(diffShapes(moto, sandbox)).toEqual([]);
  });

  it('still reports a list missing altogether', () => {
    const moto = shapeOf({ findings: [{ name: 'CVE-1' }] });
    expect(diffShapes(moto, shapeOf({}))).toEqual([
      { path: '$.findings', moto: ['array'], sandbox: [] },
      { path: '$.findings[]', moto: ['object'], sandbox: [] },
      { path: '$.findings[].name', moto: ['string'], sandbox: [] },
    ]);
  });

  it('folds severity-count maps so their keys are values, not members', () => {
    const shape = shapeOf({ findingSeverityCounts: { HIGH: 1, UNDEFINED: 2 } });
    expect([...shape.keys()]).toEqual([
      '$',
      '$.findingSeverityCounts',
      '$.findingSeverityCounts{key}',
      '$.findingSeverityCounts{}',
    ]);
  });
});

describe('compareValues', () => {
  it('compares implementation-free fields with account ids normalised, and ignores the rest', () => {
    const values = (account: string, description: string) => {
      const collected = new Map<string, Set<string>>();
      shapeOf(
        {
          repositoryArn: `arn:aws:ecr:us-west-2:${account}:repository/a`,
          imageScanStatus: { status: 'COMPLETE', description },
        },
        collected,
      );
      shapeOf({ requestId: account }, collected);
      return collected;
    };
    const accounts = { moto: '123456789012', sandbox: '111111111111' };
    expect(compareValues(values(accounts.moto, 'done'), values(accounts.sandbox, 'done'), accounts)).toEqual([]);
    expect(compareValues(values(accounts.moto, 'done'), values(accounts.sandbox, 'other'), accounts)).toEqual([
      { path: '$.imageScanStatus.description', moto: ['done'], sandbox: ['other'] },
    ]);
  });
});
