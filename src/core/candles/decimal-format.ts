/**
 * The shortest decimal string that reads back as exactly `n` (`Number(s) === n`), written in plain
 * positional notation, never scientific: `9.5e-7` → `"0.00000095"`, `1e21` → `"1000000000000000000000"`.
 * The digits are those of `String(n)` (the shortest round-trip digits), so the result has no
 * trailing zeros after the point and no point for integers; `-0` prints as `"0"`, like `String`.
 * A non-finite `n` throws naming the value.
 */
export function formatPlainDecimal(n: number): string {
  const s = String(n);
  // String() switches to exponent notation only below 1e-6 and from 1e21 on.
  if (s.indexOf('e') === -1) {
    if (n !== n || n === Infinity || n === -Infinity) throw new RangeError(`value: ${s} is not a finite number`);
    return s;
  }
  return expandExponent(s);
}

/** Rewrites `d[.ddd]e±x` (the form `String` uses) positionally. */
function expandExponent(s: string): string {
  const neg = s.charCodeAt(0) === 45;
  const e = s.indexOf('e');
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Position of the decimal point after the first digit, moved by the exponent.
  const point = (dot === -1 ? mantissa.length : dot) + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${out}` : out;
}
