/**
 * Seeded pseudo-random numbers (sfc32, seeded through splitmix32) so every random process
 * in the product is reproducible: same seed, same sequence, on every platform.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** The state of an sfc32 generator. */
interface Sfc32 {
  a: number;
  b: number;
  c: number;
  d: number;
}

function sfc32(seed: number): Sfc32 {
  const sm = splitmix32(seed);
  return { a: sm() | 0, b: sm() | 0, c: sm() | 0, d: sm() | 0 };
}

/** The next uniform in [0, 1) of `s` (advancing it). */
function step(s: Sfc32): number {
  const t = (((s.a + s.b) | 0) + s.d) | 0;
  s.d = (s.d + 1) | 0;
  s.a = s.b ^ (s.b >>> 9);
  s.b = (s.c + (s.c << 3)) | 0;
  s.c = (s.c << 21) | (s.c >>> 11);
  s.c = (s.c + t) | 0;
  return (t >>> 0) / 4294967296;
}

export function createRng(seed: number): Rng {
  const state = sfc32(seed);
  let spare = NaN;
  const next = (): number => step(state);
  return {
    next,
    normal() {
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = NaN;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n: number) {
      return Math.floor(next() * n);
    },
  };
}

/** Derive a stable 32-bit seed from a string (FNV-1a). */
export function seedFromString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A 32-bit seed for the `k`-th member of a family seeded by `seed` (a splitmix32 step of both), so
 * run `k` of a simulation draws the same numbers however the runs are split between workers.
 */
export function mixSeed(seed: number, k: number): number {
  let z = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(k >>> 0, 0xc2b2ae35)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Fills `out` with the first `out.length` numbers `createRng(seed).next()` gives, without a call
 * per number (for hot loops that draw many uniforms at once).
 */
export function fillUniform(seed: number, out: Float64Array): Float64Array {
  const state = sfc32(seed);
  for (let i = 0; i < out.length; i++) out[i] = step(state);
  return out;
}
