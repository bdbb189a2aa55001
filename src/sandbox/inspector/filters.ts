/**
 * Inspector filter criteria (domain.md §4.2, §4.4): per field a list of 1–10 filters. Positive filters
 * (EQUALS, PREFIX) are OR-ed, NOT_EQUALS filters must all hold. Coverage string filters know no PREFIX.
 * A criteria field the sandbox does not evaluate for ECR resources (EC2, Lambda, code repositories)
 * matches nothing, since no ECR resource carries it.
 */
import { inspectorValidation } from '../errors.js';

export interface StringFilter {
  comparison: string;
  value: string;
}

export interface DateFilter {
  startInclusive?: number;
  endInclusive?: number;
}

export type Criteria = Record<string, unknown>;

function listOf(criteria: Criteria, field: string): unknown[] | undefined {
  const list = criteria[field];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list) || list.length < 1 || list.length > 10) {
    throw inspectorValidation(
      `filterCriteria.${field}`,
      JSON.stringify(list),
      'Member must have length between 1 and 10',
    );
  }
  return list;
}

export function stringFilters(
  criteria: Criteria,
  field: string,
  comparisons: readonly string[],
): StringFilter[] | undefined {
  return listOf(criteria, field)?.map((raw) => {
    const f = raw as Partial<StringFilter>;
    if (typeof f?.comparison !== 'string' || !comparisons.includes(f.comparison)) {
      throw inspectorValidation(
        `filterCriteria.${field}.comparison`,
        f?.comparison,
        `Member must satisfy enum value set: [${comparisons.join(', ')}]`,
      );
    }
    if (typeof f.value !== 'string' || f.value.length < 1 || f.value.length > 1024) {
      throw inspectorValidation(`filterCriteria.${field}.value`, f.value, 'Member must have length between 1 and 1024');
    }
    return { comparison: f.comparison, value: f.value };
  });
}

export function dateFilters(criteria: Criteria, field: string): DateFilter[] | undefined {
  return listOf(criteria, field)?.map((raw) => raw as DateFilter);
}

/** Whether a value (or any of a list of values, e.g. image tags) passes the filters. */
export function matchString(
  filters: StringFilter[] | undefined,
  value: string | readonly string[] | undefined,
): boolean {
  if (!filters) return true;
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const positive = filters.filter((f) => f.comparison !== 'NOT_EQUALS');
  const negative = filters.filter((f) => f.comparison === 'NOT_EQUALS');
  const hit = (f: StringFilter) =>
    values.some((v) => (f.comparison === 'PREFIX' ? v.startsWith(f.value) : v === f.value));
  return (positive.length === 0 || positive.some(hit)) && !negative.some(hit);
}

export function matchDate(filters: DateFilter[] | undefined, value: Date | undefined): boolean {
  if (!filters) return true;
  if (!value) return false;
  const seconds = value.getTime() / 1000;
  return filters.some(
    (f) =>
      (f.startInclusive === undefined || seconds >= f.startInclusive) &&
      (f.endInclusive === undefined || seconds <= f.endInclusive),
  );
}

/** EQUALS values of a field when it has only EQUALS filters: lets a query jump to the named resources. */
export function exactValues(filters: StringFilter[] | undefined): string[] | undefined {
  return filters?.every((f) => f.comparison === 'EQUALS') ? filters.map((f) => f.value) : undefined;
}

export function unsupportedFields(criteria: Criteria, supported: readonly string[]): boolean {
  return Object.entries(criteria).some(([key, v]) => v !== undefined && v !== null && !supported.includes(key));
}
