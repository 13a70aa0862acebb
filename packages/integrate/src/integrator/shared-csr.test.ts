import { describe, expect, it } from 'vitest';
import type { Csr } from '../splitting/types.js';
import { bandCsr, splitRows } from './shared-csr.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** (row, pixel, weight) triples of a CSR matrix, in stored order. */
function triples(rows: number, indptr: Int32Array, indices: Int32Array, weights: Float32Array, at: (r: number) => [number, number][]): string[] {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) for (const [start, end] of at(r)) for (let j = start; j < end; j++) out.push(`${r}:${indices[j]}:${weights[j]}`);
  return out;
}

describe('bandCsr', () => {
  it('drops invalid pixels and zero or non-finite weights, by hand', () => {
    // row 0: p0 (1), p2 (0.5), p4 (2); row 1: p1 (1), p3 (1, invalid), p4 (0), p2 (NaN)
    const csr: Csr = {
      rows: 2,
      cols: 5,
      indptr: new Int32Array([0, 3, 7]),
      indices: new Int32Array([0, 2, 4, 1, 3, 4, 2]),
      weights: new Float32Array([1, 0.5, 2, 1, 1, 0, NaN]),
    };
    const m = bandCsr(csr, new Uint8Array([0, 0, 0, 1, 0]));
    expect(m.bands).toBe(1);
    expect(Array.from(m.ptr)).toEqual([0, 3, 4]);
    expect(Array.from(m.indices)).toEqual([0, 2, 4, 1]);
    expect(Array.from(m.weights)).toEqual([1, 0.5, 2, 1]);
    expect(Array.from(m.rowPtr)).toEqual([0, 3, 4]);
    expect(m.indices.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  for (const sorted of [true, false]) {
    it(`regroups every kept element by band, in stored order within each (band, row) (${sorted ? 'sorted' : 'unsorted'} rows)`, () => {
      const r = rng(sorted ? 5 : 6);
      const rows = 20;
      const cols = 5000;
      const entries: [number, number, number][] = [];
      for (let p = 0; p < cols; p++) for (let k = 0; k < 1 + Math.floor(r() * 3); k++) entries.push([Math.floor(r() * rows), p, r() < 0.05 ? 0 : 0.1 + r()]);
      entries.sort((a, b) => a[0] - b[0] || (sorted ? a[1] - b[1] : r() - 0.5));
      const indptr = new Int32Array(rows + 1);
      for (const [row] of entries) indptr[row + 1]++;
      for (let k = 0; k < rows; k++) indptr[k + 1] += indptr[k];
      const csr: Csr = { rows, cols, indptr, indices: Int32Array.from(entries, (e) => e[1]), weights: Float32Array.from(entries, (e) => e[2]) };
      const invalid = Uint8Array.from({ length: cols }, () => (r() < 0.1 ? 1 : 0));
      const m = bandCsr(csr, invalid, 700);
      expect(m.bands).toBe(8); // ceil(5000 / 700), with ~700 elements per row allowed
      const perBand = Math.ceil(cols / m.bands);
      for (let k = 0; k < m.bands; k++) {
        for (let row = 0; row < rows; row++) {
          for (let j = m.ptr[k * rows + row]; j < m.ptr[k * rows + row + 1]; j++) {
            expect(Math.floor(m.indices[j] / perBand)).toBe(k);
          }
        }
      }
      const kept = (j: number) => invalid[csr.indices[j]] === 0 && csr.weights[j] !== 0;
      const want = triples(rows, csr.indptr, csr.indices, csr.weights, (row) => [[csr.indptr[row], csr.indptr[row + 1]]]).filter((_, j) => kept(j));
      // stored order within a row is kept when reading its segments band after band
      const got = triples(rows, m.ptr, m.indices, m.weights, (row) => Array.from({ length: m.bands }, (_, k) => [m.ptr[k * rows + row], m.ptr[k * rows + row + 1]] as [number, number]));
      if (sorted) expect(got).toEqual(want);
      else expect([...got].sort()).toEqual([...want].sort());
      expect(m.nnz).toBe(want.length);
    });
  }
});

describe('splitRows', () => {
  it('cuts the rows at the boundaries nearest to equal shares of the elements', () => {
    expect(splitRows(new Int32Array([0, 10, 10, 40, 100]), 2)).toEqual([[0, 3], [3, 4]]);
    expect(splitRows(new Int32Array([0, 25, 50, 75, 100]), 4)).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(splitRows(new Int32Array([0, 5]), 3)).toEqual([[0, 1]]);
  });
});
