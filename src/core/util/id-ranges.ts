/**
 * Job-number selections such as `1 2 5-8 10`: numbers and inclusive ranges separated by spaces
 * and/or commas. Used by the selection box of the Backtests page and by the `ids` query parameter
 * of the compare and volatility pages.
 */

/** Most ids one selection may hold. */
export const MAX_SELECTED_IDS = 10_000;

const NUMBER_RE = /^\d+$/;
const RANGE_RE = /^(\d+)-(\d+)$/;

function toId(digits: string, part: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw new RangeError(`ids: "${part}" is too large to be a job number`);
  if (n < 1) throw new RangeError(`ids: "${part}" is not a job number (numbers start at 1)`);
  return n;
}

function tooMany(count: number): RangeError {
  return new RangeError(`ids: the selection holds ${count} ids, more than the ${MAX_SELECTED_IDS} allowed`);
}

/**
 * Parses a selection (`1 2 5-8 10`, `1,2,5-8,10`, or any mix of spaces and commas) into the ids
 * it names, ascending and without duplicates. Empty text gives `[]`. Throws a RangeError naming
 * the bad part: not a number or range (`ids: "5-x" is not a number or a range like 5-8`), a
 * reversed range (`8-5`), 0, or more than {@link MAX_SELECTED_IDS} ids in all.
 */
export function parseIdRanges(text: string): number[] {
  if (typeof text !== 'string') throw new TypeError(`ids: ${String(text)} is not text`);
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const ranges: Array<[number, number]> = [];
  let total = 0;
  for (const part of parts) {
    let lo: number;
    let hi: number;
    if (NUMBER_RE.test(part)) {
      lo = hi = toId(part, part);
    } else {
      const m = RANGE_RE.exec(part);
      if (!m) throw new RangeError(`ids: "${part}" is not a number or a range like 5-8`);
      lo = toId(m[1], part);
      hi = toId(m[2], part);
      if (lo > hi) throw new RangeError(`ids: "${part}" is a reversed range (write ${hi}-${lo})`);
    }
    total += hi - lo + 1;
    if (total > MAX_SELECTED_IDS) throw tooMany(total);
    ranges.push([lo, hi]);
  }
  const seen = new Set<number>();
  for (const [lo, hi] of ranges) for (let i = lo; i <= hi; i++) seen.add(i);
  return [...seen].sort((a, b) => a - b);
}

/**
 * Writes ids in the syntax {@link parseIdRanges} reads, shortest form first: ascending, runs of
 * three or more consecutive ids as `a-b`, others one by one (`[1, 2, 5, 6, 7, 8, 10]` →
 * `1 2 5-8 10`). Duplicates are dropped. Throws naming the first id that is not a positive integer.
 */
export function formatIdRanges(ids: readonly number[]): string {
  if (!Array.isArray(ids)) throw new TypeError(`ids: ${String(ids)} is not an array`);
  ids.forEach((id, i) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      throw new RangeError(`ids[${i}]: ${String(id)} is not a positive integer`);
    }
  });
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i >= 2) out.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) out.push(String(sorted[k]));
    i = j + 1;
  }
  return out.join(' ');
}
