/**
 * Deterministic benchmark inputs that `reference.py` rebuilds bit for bit with numpy: values come
 * from an integer hash of the element index (murmur3's 32-bit finaliser), not from a PRNG stream,
 * so both languages vectorise it and get the same float32 values.
 *
 * @example
 * ```ts
 * const a = uniformFloat32(1 << 20, 1, -1, 1); // the same array as reference.py's uniform(n, 1, -1, 1)
 * ```
 * @module
 */

/** The hash of `index` under `seed`, as a number in [0, 1) with 32 random bits. @example `hashUnit(0, 1) // 0.5733975800685585` */
export function hashUnit(index: number, seed: number): number {
  let h = (index ^ Math.imul(seed, 0x9e3779b9)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * A float32 array on a SharedArrayBuffer (so the CPU pool can share it) of n values in [lo, hi).
 * @example `uniformFloat32(4, 1, 0, 1) // the same four values as reference.py's uniform_float32(4, 1, 0, 1)`
 */
export function uniformFloat32(n: number, seed: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(n * 4));
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * hashUnit(i, seed);
  return out;
}

/** A CSR matrix as plain typed arrays. */
export interface HostCsr {
  indptr: Int32Array;
  indices: Int32Array;
  weights: Float32Array;
  columns: number;
}

/** Geometry of the azimuthal-integration-like CSR pattern of {@link ringCsr}. */
export interface RingGeometry {
  height: number;
  width: number;
  rows: number;
  centreY: number;
  centreX: number;
  seed: number;
}

/**
 * The CSR matrix of a 1D azimuthal integration without pixel splitting: every pixel of a
 * `height x width` detector belongs to one of `rows` rings of equal area around the centre
 * (`bin = floor(r^2 * rows / (r2max + 1))`, integer arithmetic so numpy agrees exactly); the
 * columns of a row are its pixels in row-major order; weights are in [0.5, 1).
 *
 * @example
 * ```ts
 * const m = ringCsr({ height: 217, width: 207, rows: 100, centreY: 105, centreX: 110, seed: 4 });
 * m.indptr[100]; // 217 * 207: every pixel once
 * ```
 */
export function ringCsr(g: RingGeometry): HostCsr {
  const columns = g.height * g.width;
  const r2max = Math.max(
    ...[0, g.height - 1].flatMap((y) => [0, g.width - 1].map((x) => (y - g.centreY) ** 2 + (x - g.centreX) ** 2)),
  );
  const bins = new Int32Array(columns);
  const counts = new Int32Array(g.rows);
  for (let y = 0, p = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++, p++) {
      const r2 = (y - g.centreY) ** 2 + (x - g.centreX) ** 2;
      const bin = Math.floor((r2 * g.rows) / (r2max + 1));
      bins[p] = bin;
      counts[bin]++;
    }
  }
  const indptr = new Int32Array(new SharedArrayBuffer((g.rows + 1) * 4));
  for (let r = 0; r < g.rows; r++) indptr[r + 1] = indptr[r] + counts[r];
  const next = indptr.slice(0, g.rows);
  const indices = new Int32Array(new SharedArrayBuffer(columns * 4));
  for (let p = 0; p < columns; p++) indices[next[bins[p]]++] = p;
  return { indptr, indices, weights: uniformFloat32(columns, g.seed, 0.5, 1), columns };
}
