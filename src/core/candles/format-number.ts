/** Powers of ten that are exact doubles (10^0 … 10^22). */
const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;
const TWO_53 = 9007199254740992;

/**
 * Parses the decimal number in `s[a, b)` without creating a string: an optional sign, digits with
 * an optional decimal point (`12`, `12.5`, `12.`, `.5`) and an optional exponent (`1e-8`).
 * Anything else (empty text, spaces, `NaN`, `Infinity`, hex, a second point) gives NaN.
 *
 * The result is the correctly rounded double, the same as `Number(text)`: when the digits form an
 * integer below 2^53 and the decimal exponent is within ±22, both operands of the final multiply or
 * divide are exact and IEEE rounding of that one operation is exact rounding; other cases fall
 * back to `Number` on the already validated text.
 */
export function parseDecimal(s: string, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (i < b) {
    const c0 = s.charCodeAt(i);
    if (c0 === 45) {
      neg = true;
      i++;
    } else if (c0 === 43) {
      i++;
    }
  }
  let m = 0;
  let digits = 0;
  while (i < b) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
    i++;
  }
  let scale = 0;
  if (i < b && s.charCodeAt(i) === 46) {
    i++;
    while (i < b) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
      digits++;
      scale++;
      i++;
    }
  }
  if (digits === 0) return NaN;
  let exp = 0;
  if (i < b && (s.charCodeAt(i) | 32) === 101) {
    i++;
    let eneg = false;
    if (i < b) {
      const c = s.charCodeAt(i);
      if (c === 45) {
        eneg = true;
        i++;
      } else if (c === 43) {
        i++;
      }
    }
    let ed = 0;
    while (i < b) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
      ed++;
      i++;
    }
    if (ed === 0) return NaN;
    if (eneg) exp = -exp;
  }
  if (i !== b) return NaN;
  const e10 = exp - scale;
  let r: number;
  if (m < TWO_53 && e10 >= -22 && e10 <= 22) r = e10 >= 0 ? m * POW10[e10] : m / POW10[-e10];
  else return Number(s.slice(a, b));
  return neg ? -r : r;
}
