/** Drops `undefined` fields so mapped facts compare cleanly and serialise without noise. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
