/**
 * Canonical JSON: the one way the engine writes plain data as text, so the same data gives the
 * same bytes everywhere (a report, a result file, the CLI's outputs).
 */

function jsonPrimitive(v: unknown, path: string): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
    case 'boolean':
    case 'string':
      return JSON.stringify(v);
    case 'undefined':
      return undefined;
    default:
      throw new TypeError(`${path}: a ${typeof v} cannot be written as JSON`);
  }
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function checkPlain(v: object, path: string): void {
  if (ArrayBuffer.isView(v)) throw new TypeError(`${path}: a typed array is not plain data (use a number array)`);
  if (Array.isArray(v)) return;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${path}: a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object is not plain data`);
  }
}

function write(v: unknown, path: string, indent: string, inArray: boolean, out: string[]): void {
  if (!isContainer(v)) {
    out.push(jsonPrimitive(v, path) ?? 'null');
    return;
  }
  checkPlain(v, path);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const leaf = v.every((x) => !isContainer(x));
    out.push(leaf ? '[' : `[\n${inner}`);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(leaf ? ',' : `,\n${inner}`);
      write(v[i], `${path}[${i}]`, inner, true, out);
    }
    out.push(leaf ? ']' : `\n${indent}]`);
    return;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  const oneLine = inArray && keys.every((k) => !isContainer(obj[k]));
  out.push(oneLine ? '{' : `{\n${inner}`);
  keys.forEach((k, i) => {
    if (i > 0) out.push(oneLine ? ',' : `,\n${inner}`);
    out.push(JSON.stringify(k), oneLine ? ':' : ': ');
    write(obj[k], `${path}.${k}`, inner, false, out);
  });
  out.push(oneLine ? '}' : `\n${indent}}`);
}

/**
 * Canonical JSON of plain data: object keys in code-unit order, numbers as `JSON.stringify` prints
 * them (NaN and ±Infinity as null), undefined object members left out. Indented by two spaces,
 * except that arrays of primitives, and objects of primitives inside arrays, take one line each
 * (an equity point, a reason, a skipped signal). Typed arrays, Dates, Maps and other class
 * instances throw naming their path. Ends with a newline.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', '', false, out);
  out.push('\n');
  return out.join('');
}
