/**
 * Canonical JSON: the one way the engine writes plain data as text, so the same data gives the
 * same bytes everywhere (a report, a result file, the CLI's outputs).
 */

/** Where the writer is: the keys and indices from the root, read only to name a value it refuses. */
type Trail = (string | number)[];

function pathOf(trail: Trail): string {
  let p = '$';
  for (const k of trail) p += typeof k === 'number' ? `[${k}]` : `.${k}`;
  return p;
}

function primitive(v: unknown, trail: Trail): string {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return 'null';
    default:
      if (v === null) return 'null';
      throw new TypeError(`${pathOf(trail)}: a ${typeof v} cannot be written as JSON`);
  }
}

/**
 * Throws, naming the path, for a value that is not a JSON primitive (a function, symbol or bigint,
 * which `JSON.stringify` would drop or refuse without saying where).
 */
function checkPrimitive(v: unknown, trail: Trail): void {
  const t = typeof v;
  if (t !== 'number' && t !== 'string' && t !== 'boolean' && t !== 'undefined' && v !== null) {
    throw new TypeError(`${pathOf(trail)}: a ${t} cannot be written as JSON`);
  }
}

/**
 * True when `JSON.stringify(obj)` writes the members in canonical order: every own key, none
 * undefined, already sorted in code-unit order, and none that reads as an array index (those the
 * language enumerates first, in numeric order).
 */
function inOrder(sorted: string[], obj: Record<string, unknown>): boolean {
  let i = 0;
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
    if (sorted[i] !== k || INDEX_LIKE.test(k)) return false;
    i++;
  }
  return i === sorted.length;
}

const INDEX_LIKE = /^(0|[1-9][0-9]*)$/;

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function checkPlain(v: object, trail: Trail): void {
  if (ArrayBuffer.isView(v)) throw new TypeError(`${pathOf(trail)}: a typed array is not plain data (use a number array)`);
  if (Array.isArray(v)) return;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${pathOf(trail)}: a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object is not plain data`);
  }
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Appends `v` as canonical JSON to `out` (one string grown in place: V8 joins such strings lazily). */
function write(v: unknown, trail: Trail, indent: string, inArray: boolean, out: string): string {
  if (!isContainer(v)) return out + primitive(v, trail);
  checkPlain(v, trail);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const n = v.length;
    if (n === 0) return `${out}[]`;
    let leaf = true;
    for (let i = 0; i < n; i++) {
      if (isContainer(v[i])) {
        leaf = false;
        break;
      }
    }
    trail.push(0);
    const last = trail.length - 1;
    if (leaf) {
      for (let i = 0; i < n; i++) {
        trail[last] = i;
        checkPrimitive(v[i], trail);
      }
      out += JSON.stringify(v);
    } else {
      const sep = `,\n${inner}`;
      out += `[\n${inner}`;
      for (let i = 0; i < n; i++) {
        trail[last] = i;
        if (i > 0) out += sep;
        out = write(v[i], trail, inner, true, out);
      }
      out += `\n${indent}]`;
    }
    trail.pop();
    return out;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (keys.length === 0) return `${out}{}`;
  keys.sort(byCodeUnit);
  let oneLine = inArray;
  if (oneLine) {
    for (const k of keys) {
      if (isContainer(obj[k])) {
        oneLine = false;
        break;
      }
    }
  }
  if (oneLine && inOrder(keys, obj)) {
    trail.push('');
    const last = trail.length - 1;
    for (const k of keys) {
      trail[last] = k;
      checkPrimitive(obj[k], trail);
    }
    trail.pop();
    return out + JSON.stringify(obj);
  }
  const sep = oneLine ? ',' : `,\n${inner}`;
  const colon = oneLine ? ':' : ': ';
  out += oneLine ? '{' : `{\n${inner}`;
  trail.push('');
  const last = trail.length - 1;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    trail[last] = k;
    out += (i > 0 ? sep : '') + JSON.stringify(k) + colon;
    out = write(obj[k], trail, inner, false, out);
  }
  trail.pop();
  return out + (oneLine ? '}' : `\n${indent}}`);
}

/**
 * Canonical JSON of plain data: object keys in code-unit order, numbers as `JSON.stringify` prints
 * them (NaN and ±Infinity as null), undefined object members left out. Indented by two spaces,
 * except that arrays of primitives, and objects of primitives inside arrays, take one line each
 * (an equity point, a reason, a skipped signal). Typed arrays, Dates, Maps and other class
 * instances throw naming their path. Ends with a newline.
 */
export function canonicalJson(value: unknown): string {
  return `${write(value, [], '', false, '')}\n`;
}
