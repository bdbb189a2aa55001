/**
 * Reduces a JSON answer to its shape: every path (`$.imageDetails[].imageDigest`) with the JSON types
 * seen there. Two implementations of one API agree when their shapes agree, whatever the values;
 * values that are enums are checked separately against the model's lists.
 */

export type Shape = Map<string, Set<string>>;

/**
 * Objects whose keys are data, not field names (Smithy maps): their entries are folded into `{}` and the
 * key itself is recorded as a value at `<path>{key}` so that map keys can be checked against an enum too.
 */
const MAP_FIELDS = new Set(['findingSeverityCounts']);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function add(shape: Shape, path: string, type: string): void {
  const types = shape.get(path) ?? new Set<string>();
  types.add(type);
  shape.set(path, types);
}

/** The shape of a JSON value; `values` (optional) collects the string and boolean values seen at each path. */
export function shapeOf(value: unknown, values?: Map<string, Set<string>>): Shape {
  const shape: Shape = new Map();
  const walk = (node: unknown, path: string, field: string) => {
    const type = jsonType(node);
    add(shape, path, type);
    if ((type === 'string' || type === 'boolean') && values) {
      const seen = values.get(path) ?? new Set<string>();
      seen.add(String(node));
      values.set(path, seen);
    }
    if (type === 'array') for (const item of node as unknown[]) walk(item, `${path}[]`, field);
    if (type === 'object') {
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        if (MAP_FIELDS.has(field)) {
          walk(key, `${path}{key}`, '');
          walk(child, `${path}{}`, '');
        } else {
          walk(child, `${path}.${key}`, key);
        }
      }
    }
  };
  walk(value, '$', '');
  return shape;
}

export interface ShapeDifference {
  path: string;
  /** Types at this path in each answer; empty when the path is missing on that side. */
  moto: string[];
  sandbox: string[];
}

/** True when `path` lies under an array or map that `side` has, but empty (so it shows no element shape). */
function underEmptyContainer(path: string, side: Shape): boolean {
  for (const marker of path.matchAll(/\[\]|\{\}|\{key\}/g)) {
    const container = path.slice(0, marker.index);
    if (!side.has(container + marker[0])) return side.has(container);
  }
  return false;
}

/**
 * Paths present on one side only, or present on both with different types. A path under an array or
 * map that is empty on the other side is not a difference: an empty list shows no element shape.
 */
export function diffShapes(moto: Shape, sandbox: Shape): ShapeDifference[] {
  const paths = [...new Set([...moto.keys(), ...sandbox.keys()])].sort();
  const differences: ShapeDifference[] = [];
  for (const path of paths) {
    const a = [...(moto.get(path) ?? [])].sort();
    const b = [...(sandbox.get(path) ?? [])].sort();
    if (a.join() === b.join()) continue;
    if (a.length === 0 && underEmptyContainer(path, moto)) continue;
    if (b.length === 0 && underEmptyContainer(path, sandbox)) continue;
    differences.push({ path, moto: a, sandbox: b });
  }
  return differences;
}

/**
 * Keeps only the differences whose path does not start at an allowed path: a path missing on one side
 * hides its children too (an absent object has no members).
 */
export function unexplained(differences: readonly ShapeDifference[], allowed: readonly string[]): ShapeDifference[] {
  return differences.filter(
    (d) =>
      !allowed.some(
        (a) => d.path === a || d.path.startsWith(`${a}.`) || d.path.startsWith(`${a}[]`) || d.path.startsWith(`${a}{`),
      ),
  );
}
