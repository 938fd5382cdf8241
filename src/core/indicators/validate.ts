/**
 * Parameter and input checks shared by every indicator. Errors name the field and the value,
 * e.g. `period: 0 is not a positive integer`.
 */

/** Throws unless `value` is an integer >= `min`. */
export function checkInteger(field: string, value: number, min = 1): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    const what = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new RangeError(`${field}: ${String(value)} is not ${what}`);
  }
}

/** Throws unless `value` is a finite number >= `min`. */
export function checkNumber(field: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${field}: ${String(value)} is not a finite number >= ${min}`);
  }
}

/** Throws unless every column has the length of the first one. */
export function checkSameLength(names: readonly string[], columns: readonly Float64Array[]): number {
  const n = columns[0].length;
  for (let k = 1; k < columns.length; k++) {
    if (columns[k].length !== n) {
      throw new RangeError(`${names[k]}: length ${columns[k].length} differs from ${names[0]} length ${n}`);
    }
  }
  return n;
}
