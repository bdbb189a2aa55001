/**
 * Compares one moto answer with one sandbox answer for the ECR contract test: shape, implementation-free
 * values and enums, minus the differences moto-allowances.ts accepts. Remembers which allowances were
 * needed, so that the test can fail on stale ones.
 */
import { expect } from 'vitest';
import { checkEnums, compareValues, type ValueDifference } from './enum-values.js';
import { ALLOWANCES, type Allowance } from './moto-allowances.js';
import type { RawAnswer } from './raw-ecr-client.js';
import { diffShapes, type ShapeDifference, shapeOf } from './wire-shape.js';

const used = new Set<Allowance>();

function covers(allowance: Allowance, path: string): boolean {
  const p = allowance.path;
  return path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`) || path.startsWith(`${p}{`);
}

/** Differences no allowance for `operation` explains (an allowance covers its path and all below it). */
export function unexplained<T extends { path: string }>(
  operation: string,
  kind: Allowance['kind'],
  differences: readonly T[],
): T[] {
  const allowances = ALLOWANCES.filter((a) => a.kind === kind && a.operation === operation);
  return differences.filter((d) => {
    const hit = allowances.find((a) => covers(a, d.path));
    if (hit) used.add(hit);
    return !hit;
  });
}

/** Allowances no comparison has needed so far. */
export function unusedAllowances(): string[] {
  return ALLOWANCES.filter((a) => !used.has(a)).map((a) => `${a.operation} ${a.kind} ${a.path}`);
}

export interface Comparison {
  shape: ShapeDifference[];
  values: ValueDifference[];
  enums: string[];
}

/** Both answers must be HTTP 200 and read by the SDK; returns what differs beyond the allowances. */
export function compareSuccess(
  operation: string,
  answers: { moto: RawAnswer; sandbox: RawAnswer },
  accounts: { moto: string; sandbox: string },
): Comparison {
  for (const [side, answer] of Object.entries(answers)) {
    expect(
      { status: answer.status, sdk: answer.sdk.ok },
      `${side} ${operation}: ${JSON.stringify(answer.body)}`,
    ).toEqual({
      status: 200,
      sdk: true,
    });
  }
  const motoValues = new Map<string, Set<string>>();
  const sandboxValues = new Map<string, Set<string>>();
  const motoShape = shapeOf(answers.moto.body, motoValues);
  const sandboxShape = shapeOf(answers.sandbox.body, sandboxValues);
  return {
    shape: unexplained(operation, 'shape', diffShapes(motoShape, sandboxShape)),
    values: unexplained(operation, 'value', compareValues(motoValues, sandboxValues, accounts)),
    enums: [...checkEnums('moto', motoValues, motoShape), ...checkEnums('sandbox', sandboxValues, sandboxShape)],
  };
}
